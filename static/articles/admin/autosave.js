"use strict";
// The story form keeps what is typed (autosave), offers it back when the story is opened
// again, warns before leaving unsaved changes, and shows who else has the story open.
// The server (articles/editing.py) decides what is kept and who counts; never the story.
(function () {
  const TEXT_FIELDS = ["kicker", "headline", "standfirst", "body", "dateline"];
  const AUTOSAVE_EVERY_MS = 12000;
  const PRESENCE_EVERY_MS = 25000;

  function csrfToken(form) {
    const field = form.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // The body's ProseMirror editor writes its HTML into its textarea on every change, so
  // the textarea's value is the body as it will be saved.
  function textOf(form) {
    const fields = {};
    for (const name of TEXT_FIELDS) {
      const field = form.elements.namedItem(name);
      if (field && !field.disabled && typeof field.value === "string") fields[name] = field.value;
    }
    return JSON.stringify(fields);
  }

  function setField(form, name, value) {
    const field = form.elements.namedItem(name);
    if (!field || typeof field.value !== "string") return;
    field.value = value;
    // Tiptap keeps its editor on its editable element (the menu has a .ProseMirror too).
    const views = field.closest(".prose-editor")?.querySelectorAll(".ProseMirror") || [];
    const editor = [...views].map((view) => view.editor).find(Boolean);
    if (editor) editor.commands.setContent(value);  // updates the textarea too
    field.dispatchEvent(new Event("input", { bubbles: true }));  // character counts
  }

  function everything(form) {
    const parts = [];
    for (const [name, value] of new FormData(form)) {
      parts.push([name, value instanceof File ? value.name : value]);
    }
    return JSON.stringify(parts);
  }

  // A beacon outlives the page; fetch answers. Both send the form's CSRF token.
  function post(url, data, { beacon = false } = {}) {
    const body = new FormData();
    for (const [name, value] of Object.entries(data)) body.append(name, value);
    if (beacon && navigator.sendBeacon && navigator.sendBeacon(url, body)) return null;
    return fetch(url, { method: "POST", body, credentials: "same-origin", keepalive: beacon });
  }

  async function answer(request) {
    try {
      const response = await request;
      const json = response && response.ok && response.headers.get("Content-Type") === "application/json";
      return json ? await response.json() : null;  // a lost session answers with the login page
    } catch (error) {
      return null;  // offline for a moment: the next tick tries again
    }
  }

  function startAutosave(form, holder) {
    const url = holder.dataset.url;
    const status = holder.querySelector(".newsroom-autosave-status");
    // What the server has: the page's own text, unless a refused save brought it back.
    let kept = "unsaved" in holder.dataset ? "" : textOf(form);
    let submitting = false;
    const payload = (text) => ({
      csrfmiddlewaretoken: csrfToken(form),
      fields: text,
      base_version: form.elements.namedItem("base_version")?.value || "",
    });

    async function save() {
      const text = textOf(form);
      if (submitting || text === kept) return;
      const result = await answer(post(url, payload(text)));
      if (result && !submitting) {
        kept = text;
        status.textContent = result.message;
      }
    }
    function saveBeforeLeaving() {
      const text = textOf(form);
      if (submitting || text === kept) return;
      post(url, payload(text), { beacon: true });
      kept = text;
    }

    setInterval(save, AUTOSAVE_EVERY_MS);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") saveBeforeLeaving();
    });
    window.addEventListener("pagehide", saveBeforeLeaving);
    form.addEventListener("submit", () => { submitting = true; });

    const offer = document.getElementById("newsroom-autosave-offer");
    if (offer) {
      const data = JSON.parse(document.getElementById("newsroom-autosave-data").textContent);
      offer.querySelector("[data-autosave-action=restore]").addEventListener("click", () => {
        for (const [name, value] of Object.entries(data.fields)) setField(form, name, value);
        // Saved over the version it was typed on: changes saved since show as a conflict.
        const version = form.elements.namedItem("base_version");
        if (version && data.base_version !== null) version.value = data.base_version;
        offer.remove();
        document.getElementById("id_headline")?.focus();
      });
      offer.querySelector("[data-autosave-action=discard]").addEventListener("click", () => {
        post(url, { csrfmiddlewaretoken: csrfToken(form), discard: "1" });
        offer.remove();
      });
    }
    return () => submitting;
  }

  function warnBeforeLeaving(form, isSubmitting, unsaved) {
    const opened = everything(form);
    window.addEventListener("beforeunload", (event) => {
      if (isSubmitting() || (!unsaved && everything(form) === opened)) return;
      event.preventDefault();
      event.returnValue = "";  // browsers show their own words
    });
  }

  function startPresence(form, holder) {
    const url = holder.dataset.url;
    const list = holder.querySelector("ul");
    async function beat() {
      const result = await answer(post(url, { csrfmiddlewaretoken: csrfToken(form) }));
      if (!result) return;
      list.replaceChildren(...result.editing.map((text) => {
        const item = document.createElement("li");
        item.textContent = text;
        return item;
      }));
      holder.hidden = result.editing.length === 0;
    }
    setInterval(beat, PRESENCE_EVERY_MS);
    window.addEventListener("pagehide", () => {
      post(url, { csrfmiddlewaretoken: csrfToken(form), leave: "1" }, { beacon: true });
    });
    window.addEventListener("pageshow", (event) => { if (event.persisted) beat(); });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("article_form");
    if (!form) return;
    const autosave = document.getElementById("newsroom-autosave");
    if (autosave) {
      const isSubmitting = startAutosave(form, autosave);
      warnBeforeLeaving(form, isSubmitting, "unsaved" in autosave.dataset);
    }
    const presence = document.getElementById("newsroom-presence");
    if (presence) startPresence(form, presence);
  });
})();
