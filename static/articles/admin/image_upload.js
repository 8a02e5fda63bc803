"use strict";
// The library's "Upload several" page: each chosen file gets a row asking for its alt text
// (and a caption), then the files go up one at a time with a progress bar each. The server
// checks every file on its own (ImageAdmin.upload_view); a refused one keeps its row with
// the reason, the others are stored.
(function () {
  const MAX_BYTES = 25 * 1024 * 1024;

  function setUp(form) {
    const input = document.getElementById("newsroom-upload-files");
    const list = form.querySelector(".newsroom-upload-list");
    const text = form.dataset;
    const rows = [];

    function field(row, name, label, maxLength) {
      const id = `newsroom-upload-${rows.length}-${name}`;
      const wrapper = document.createElement("div");
      const caption = document.createElement("label");
      caption.htmlFor = id;
      caption.textContent = label;
      const box = document.createElement("input");
      box.type = "text";
      box.id = id;
      box.name = name;
      box.maxLength = maxLength;
      box.className = "vTextField";
      wrapper.append(caption, box);
      row.element.querySelector(".newsroom-upload-fields").appendChild(wrapper);
      return box;
    }

    function addRow(file) {
      const element = document.createElement("li");
      element.className = "newsroom-upload-row";
      element.innerHTML =
        '<img alt="" class="newsroom-upload-preview">' +
        '<div class="newsroom-upload-fields"><p class="newsroom-upload-name"></p></div>' +
        '<div><progress max="100" value="0"></progress><p class="newsroom-upload-status"></p></div>';
      element.querySelector(".newsroom-upload-name").textContent =
        `${file.name} (${(file.size / 1048576).toFixed(1)} MB)`;
      const preview = element.querySelector("img");
      preview.src = URL.createObjectURL(file);
      preview.addEventListener("load", () => URL.revokeObjectURL(preview.src), { once: true });
      const row = { file, element, done: false, bad: file.size > MAX_BYTES };
      row.alt = field(row, "alt_text", text.altLabel, 300);
      row.caption = field(row, "caption", text.captionLabel, 500);
      row.progress = element.querySelector("progress");
      row.status = element.querySelector(".newsroom-upload-status");
      list.appendChild(element);
      rows.push(row);
      if (file.size > MAX_BYTES) refuse(row, [text.tooLarge]);
      else say(row, text.waiting);
    }

    function say(row, message) {
      row.status.textContent = message;
      row.element.classList.remove("refused");
    }

    function refuse(row, messages) {
      row.status.textContent = messages.join(" ");
      row.element.classList.add("refused");
    }

    function send(row) {
      return new Promise((resolve) => {
        const data = new FormData();
        data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
        data.append("file", row.file);
        data.append("alt_text", row.alt.value);
        data.append("caption", row.caption.value);
        data.append("credit", form.elements.credit.value);
        data.append("photographer", form.elements.photographer.value);
        const request = new XMLHttpRequest();
        request.open("POST", window.location.pathname);
        request.responseType = "json";
        request.upload.addEventListener("progress", (event) => {
          if (event.lengthComputable) row.progress.value = (100 * event.loaded) / event.total;
        });
        request.addEventListener("load", () => {
          const answer = request.response || {};
          if (request.status === 201) {
            row.done = true;
            row.progress.value = 100;
            say(row, `${text.done}: `);
            const link = document.createElement("a");
            link.href = answer.url;
            link.textContent = text.open;
            row.status.appendChild(link);
            row.element.classList.add("uploaded");
            row.alt.disabled = row.caption.disabled = true;
          } else if (answer.errors) {
            row.bad = Boolean(answer.errors.file); // sending it again would not help
            const messages = Object.values(answer.errors).flat().map((error) => error.message);
            refuse(row, messages);
          } else {
            refuse(row, [`${text.failed} (${request.status})`]);
          }
          resolve();
        });
        request.addEventListener("error", () => {
          refuse(row, [text.failed]);
          resolve();
        });
        say(row, text.uploading);
        request.send(data);
      });
    }

    input.addEventListener("change", () => {
      for (const file of input.files) addRow(file);
      input.value = "";
    });

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      for (const row of rows) {
        if (row.done || row.bad) continue;
        if (!row.alt.value.trim()) {
          refuse(row, [text.needsAlt]);
          continue;
        }
        await send(row); // one at a time: each gets the whole connection and its progress
      }
      const first = rows.find((row) => !row.done && !row.bad && row.element.classList.contains("refused"));
      if (first) first.alt.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("newsroom-upload");
    if (form) setUp(form);
  });
})();
