"use strict";
// The image form's picture: a click sets the focal point, a drag draws the chosen crop.
// Frames show where each crop lies, by the rule the server applies (Image.crop_box): the
// drawn box, or the largest box of the crop's shape centred on the focal point as far as
// the picture allows. The fields stay the truth; the server checks them all.
(function () {
  function clamp(value, low, high) {
    return Math.max(low, Math.min(value, high));
  }

  function focalBox(width, height, [across, down], x, y) {
    let w = width;
    let h = height;
    if (width * down >= height * across) w = Math.min(width, Math.max(1, Math.round(height * across / down)));
    else h = Math.min(height, Math.max(1, Math.round(width * down / across)));
    const left = clamp(Math.round(x * width - w / 2), 0, width - w);
    const top = clamp(Math.round(y * height - h / 2), 0, height - h);
    return [left, top, left + w, top + h];
  }

  function drawnBox(input) {
    const parts = input.value.split(/[\s,]+/).filter(Boolean).map(Number);
    return parts.length === 4 && parts.every(Number.isInteger) ? parts : null;
  }

  function setUp(holder) {
    const width = parseInt(holder.dataset.width, 10);
    const height = parseInt(holder.dataset.height, 10);
    const shapes = JSON.parse(holder.dataset.crops);
    const image = holder.querySelector("img");
    const focalX = document.getElementById("id_focal_x");
    const focalY = document.getElementById("id_focal_y");
    if (!focalX || !focalY || !width || !height) return;

    const marker = document.createElement("span");
    marker.className = "newsroom-focal-marker";
    holder.appendChild(marker);
    const frames = {};
    for (const name of Object.keys(shapes)) {
      const frame = document.createElement("span");
      frame.className = "newsroom-crop-frame";
      frame.dataset.crop = name;
      frame.textContent = shapes[name].join(":");
      holder.appendChild(frame);
      frames[name] = frame;
    }

    // Which crop a drag draws: none (clicks set the focal point) or one of the shapes.
    const chooser = document.createElement("select");
    chooser.className = "newsroom-crop-chooser";
    chooser.setAttribute("aria-label", holder.dataset.chooserLabel || "Draw a crop");
    chooser.add(new Option(holder.dataset.noCrop || "—", ""));
    for (const name of Object.keys(shapes)) chooser.add(new Option(shapes[name].join(":"), name));
    holder.insertAdjacentElement("beforebegin", chooser);

    function place(element, [left, top, right, bottom]) {
      element.style.left = `${(100 * left) / width}%`;
      element.style.top = `${(100 * top) / height}%`;
      element.style.width = `${(100 * (right - left)) / width}%`;
      element.style.height = `${(100 * (bottom - top)) / height}%`;
    }

    function draw() {
      const x = clamp(parseFloat(focalX.value) || 0.5, 0, 1);
      const y = clamp(parseFloat(focalY.value) || 0.5, 0, 1);
      marker.style.left = `${100 * x}%`;
      marker.style.top = `${100 * y}%`;
      for (const [name, frame] of Object.entries(frames)) {
        const input = document.getElementById(`id_crop_${name}`);
        const drawn = input && drawnBox(input);
        frame.classList.toggle("drawn", Boolean(drawn));
        frame.classList.toggle("chosen", chooser.value === name);
        place(frame, drawn || focalBox(width, height, shapes[name], x, y));
      }
    }

    function pointAt(event) {
      const rect = image.getBoundingClientRect();
      return [
        clamp((event.clientX - rect.left) / rect.width, 0, 1),
        clamp((event.clientY - rect.top) / rect.height, 0, 1),
      ];
    }

    let start = null;
    image.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      start = pointAt(event);
      if (chooser.value) image.setPointerCapture(event.pointerId);
    });
    image.addEventListener("pointermove", (event) => {
      if (start && chooser.value) dragTo(pointAt(event), false);
    });
    image.addEventListener("pointerup", (event) => {
      if (!start) return;
      if (chooser.value) {
        dragTo(pointAt(event), true);
      } else {
        const [x, y] = pointAt(event);
        focalX.value = x.toFixed(3);
        focalY.value = y.toFixed(3);
      }
      start = null;
      draw();
    });

    // A box of the chosen shape from where the drag began, as large as the drag and the
    // picture allow; written to the crop's field when the drag ends.
    function dragTo([x, y], done) {
      const [across, down] = shapes[chooser.value];
      const [sx, sy] = [start[0] * width, start[1] * height];
      const [cx, cy] = [x * width, y * height];
      const roomX = cx >= sx ? width - sx : sx;
      const roomY = cy >= sy ? height - sy : sy;
      let w = Math.max(Math.abs(cx - sx), (Math.abs(cy - sy) * across) / down);
      w = Math.floor(Math.min(w, roomX, (roomY * across) / down));
      const h = Math.floor((w * down) / across);
      const left = Math.round(cx >= sx ? sx : sx - w);
      const top = Math.round(cy >= sy ? sy : sy - h);
      const box = [left, top, left + w, top + h];
      place(frames[chooser.value], box);
      if (done && w >= 32 && h >= 32) {
        document.getElementById(`id_crop_${chooser.value}`).value = box.join(", ");
      }
    }

    chooser.addEventListener("change", draw);
    for (const input of [focalX, focalY, ...document.querySelectorAll("[id^=id_crop_]")]) {
      input.addEventListener("input", draw);
    }
    draw();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".newsroom-focal").forEach(setUp);
  });
})();
