"use strict";
// Select2 (autocomplete_fields) names its combobox only after the chosen value, through a
// span with the role "textbox" and no name, so an empty lookup has no name at all. Name the
// combobox by its field's label and then its value, and let the value be plain text.
// Runs after Django's autocomplete.js, which starts select2 on ready and on formset:added.
{
  const $ = django.jQuery;

  function name(select) {
    const selection = $(select).data("select2")?.$selection?.[0];
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    if (!selection || !label) return;
    label.id ||= `${select.id}_label`;
    const value = selection.querySelector(".select2-selection__rendered");
    value?.removeAttribute("role");
    value?.removeAttribute("aria-readonly");
    selection.setAttribute("aria-labelledby", [label.id, value?.id].filter(Boolean).join(" "));
  }

  const nameAll = (root) => $(root).find(".admin-autocomplete").each((i, select) => name(select));
  $(() => nameAll(document));
  document.addEventListener("formset:added", (event) => nameAll(event.target));
}
