"use strict";
// Story form helpers: German-aware slug from the headline, live character counts,
// tag suggestions from the admin's own autocomplete endpoint. The server re-checks all.
(function () {
  const GERMAN = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue" };
  const OTHER = { "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th" };

  function slugify(text, max) {
    let slug = text.replace(/[äöüßÄÖÜ]/g, (c) => GERMAN[c]).toLowerCase();
    slug = slug.replace(/[æœøłđðþ]/g, (c) => OTHER[c]);
    slug = slug.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    slug = slug.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length > max) {
      slug = slug.slice(0, max);
      const cut = slug.lastIndexOf("-");
      if (cut > 0) slug = slug.slice(0, cut);
    }
    return slug;
  }

  function countCharacters(field) {
    const limit = parseInt(field.dataset.recommended, 10);
    const output = document.createElement("span");
    output.className = "newsroom-count";
    output.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", output);
    const update = () => {
      const length = field.value.length;
      output.textContent = `${length} / ${limit}`;
      output.classList.toggle("over", length > limit);
    };
    field.addEventListener("input", update);
    update();
  }

  function suggestTags(input) {
    const list = document.createElement("datalist");
    list.id = "newsroom-tag-suggestions";
    input.setAttribute("list", list.id);
    input.insertAdjacentElement("afterend", list);
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const parts = input.value.split(",");
        const term = parts.pop().trim();
        if (term.length < 2) return;
        const params = new URLSearchParams({
          app_label: "articles", model_name: "article", field_name: "tags", term,
        });
        const adminRoot = location.pathname.split("/articles/article/")[0];
        const response = await fetch(`${adminRoot}/autocomplete/?${params}`, { credentials: "same-origin" });
        if (!response.ok) return;
        const { results } = await response.json();
        const prefix = parts.length ? parts.join(",") + ", " : "";
        list.replaceChildren(...results.map((tag) => new Option("", prefix + tag.text)));
      }, 200);
    });
  }

  // The lead image chosen in the library's popup (Django's lookup, which sets the id and
  // triggers a jQuery "change") or typed as an id: show its thumbnail and alt text.
  function showChosenImage(holder) {
    const input = holder.querySelector("input");
    const chosen = holder.querySelector(".newsroom-library-chosen");
    async function update() {
      const id = input.value.trim();
      if (!/^\d+$/.test(id)) {
        chosen.replaceChildren();
        return;
      }
      const response = await fetch(holder.dataset.thumbnailUrl.replace(/\/0\/thumbnail\/$/, `/${id}/thumbnail/`), { credentials: "same-origin" });
      if (!response.ok) {
        chosen.replaceChildren();
        return;
      }
      const image = await response.json();
      const parts = [];
      if (image.thumbnail) {
        const thumb = document.createElement("img");
        Object.assign(thumb, { src: image.thumbnail.src, width: image.thumbnail.width, height: image.thumbnail.height, alt: image.alt });
        thumb.className = "newsroom-thumb";
        parts.push(thumb);
      }
      const label = document.createElement("strong");
      const link = document.createElement("a");
      link.href = image.url;
      link.textContent = image.alt;
      label.appendChild(link);
      parts.push(label);
      chosen.replaceChildren(...parts);
    }
    input.addEventListener("change", update);
    if (window.django && window.django.jQuery) window.django.jQuery(input).on("change", update);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".newsroom-library-choice").forEach(showChosenImage);
    const headline = document.getElementById("id_headline");
    const slug = document.getElementById("id_slug");
    if (headline && slug) {
      let edited = slug.value !== "";
      slug.addEventListener("input", () => { edited = slug.value !== ""; });
      headline.addEventListener("input", () => {
        if (!edited) slug.value = slugify(headline.value, parseInt(slug.maxLength, 10) || 100);
      });
    }
    document.querySelectorAll("[data-recommended]").forEach(countCharacters);
    const tags = document.getElementById("id_tags");
    if (tags) suggestTags(tags);
  });
})();
