"use strict";
// Credits in the order of the byline: drag a row by its handle, or use its up and down
// buttons (keyboard). Each move, and sending the form, numbers the order fields from the
// rows' order. A blank row is left alone: numbering it would make Django validate it.
(function () {
  function init(group) {
    const body = group.querySelector("tbody");
    if (!body || group.classList.contains("newsroom-credits-sortable")) return;
    group.classList.add("newsroom-credits-sortable");
    const status = document.createElement("p");
    status.className = "newsroom-credit-status";
    status.setAttribute("role", "status");
    group.appendChild(status);

    const rows = () => [...body.querySelectorAll("tr.form-row:not(.empty-form)")];
    const filled = (row) =>
      ["-id", "-contributor"].some((suffix) => row.querySelector(`[name$="${suffix}"]`)?.value);
    const reveal = () =>
      body.querySelectorAll(".newsroom-credit-move[hidden]").forEach((el) => {
        el.hidden = false;
      });

    function renumber() {
      let position = 0;
      for (const row of rows()) {
        const order = row.querySelector('input[name$="-order"]');
        if (order && filled(row)) order.value = position++;
      }
    }

    function announce(row) {
      const all = rows().filter(filled);
      const template = row.querySelector(".newsroom-credit-move")?.dataset.moved || "";
      status.textContent = template
        .replace("%(position)s", all.indexOf(row) + 1)
        .replace("%(count)s", all.length);
    }

    body.addEventListener("click", (event) => {
      const button = event.target.closest(".newsroom-move-up, .newsroom-move-down");
      if (!button) return;
      const row = button.closest("tr");
      const all = rows();
      const index = all.indexOf(row);
      if (button.classList.contains("newsroom-move-up") && index > 0) {
        all[index - 1].before(row);
      } else if (button.classList.contains("newsroom-move-down") && index < all.length - 1) {
        all[index + 1].after(row);
      } else {
        return;
      }
      button.focus(); // the same button, so pressing it again keeps moving the row
      renumber();
      announce(row);
    });

    // Rows are draggable only while the pointer holds the handle, so text in their
    // fields can still be selected with the mouse.
    let dragged = null;
    body.addEventListener("pointerdown", (event) => {
      const row = event.target.closest("tr.form-row");
      if (row) row.draggable = Boolean(event.target.closest(".newsroom-drag-handle"));
    });
    body.addEventListener("dragstart", (event) => {
      dragged = event.target.closest("tr.form-row");
      if (!dragged) return;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
      dragged.classList.add("newsroom-dragging");
    });
    body.addEventListener("dragover", (event) => {
      const row = event.target.closest("tr.form-row");
      if (!dragged || !row || row === dragged || row.classList.contains("empty-form")) return;
      event.preventDefault();
      const box = row.getBoundingClientRect();
      if (event.clientY > box.top + box.height / 2) row.after(dragged);
      else row.before(dragged);
    });
    body.addEventListener("drop", (event) => {
      if (dragged) event.preventDefault();
    });
    body.addEventListener("dragend", () => {
      if (!dragged) return;
      dragged.classList.remove("newsroom-dragging");
      dragged.draggable = false;
      renumber();
      announce(dragged);
      dragged = null;
    });

    // Django's "Add another" copies the empty row, handle and buttons included.
    document.addEventListener("formset:added", () => reveal());
    group.closest("form")?.addEventListener("submit", renumber);
    reveal();
  }

  document.addEventListener("DOMContentLoaded", () => {
    const group = document.getElementById("credits-group");
    if (group) init(group);
  });
})();
