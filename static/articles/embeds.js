// Click to load: a video, post or map in a story loads nothing from its provider until the
// reader asks (articles/media/embeds.py makes the addresses; the CSP's frame-src allows
// only these hosts). Without this script the placeholder links to the original.
(() => {
  "use strict";
  const HOSTS = new Set([
    "www.youtube-nocookie.com",
    "player.vimeo.com",
    "embed.bsky.app",
    "www.openstreetmap.org",
  ]);

  function load(figure) {
    const src = new URL(figure.dataset.embedFrame);
    if (src.protocol !== "https:" || !HOSTS.has(src.host)) return;
    const frame = document.createElement("iframe");
    frame.src = src.href;
    frame.title = figure.dataset.embedTitle || src.host;
    frame.allow = "fullscreen; picture-in-picture; encrypted-media";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "embed-frame";
    figure.querySelector(".embed-placeholder").replaceWith(frame);
    figure.classList.add("embed--loaded");
    frame.focus();
  }

  for (const figure of document.querySelectorAll("figure[data-embed-frame]")) {
    const button = figure.querySelector(".embed-load");
    if (!button) continue;
    button.hidden = false;
    button.addEventListener("click", () => load(figure));
  }

  // Bluesky's embed page says how tall the post is.
  window.addEventListener("message", (event) => {
    if (event.origin !== "https://embed.bsky.app" || typeof event.data?.height !== "number") return;
    for (const frame of document.querySelectorAll("iframe.embed-frame")) {
      if (frame.contentWindow === event.source) {
        frame.style.height = `${Math.min(Math.max(event.data.height, 100), 2000)}px`;
      }
    }
  });
})();
