"""The crops the design needs and where they lie in a picture (pure: no Django, no Pillow).

A crop is a shape (16:9 for leads and cards, 1:1, 4:3, the 1200x630 of social cards, or the
whole picture) and the widths it is made at. Its box is the editor's own, if they drew one,
else the largest box of its shape that keeps the focal point as central as the picture
allows. Boxes are in pixels of the upright original: (left, top, right, bottom).
"""

from dataclasses import dataclass

Box = tuple[int, int, int, int]
FALLBACK = "fallback"


@dataclass(frozen=True)
class Crop:
    name: str
    ratio: tuple[int, int] | None  # None: the whole picture in its own shape
    widths: tuple[int, ...]
    # Best first. FALLBACK is JPEG, or PNG for a transparent picture; crops only machines
    # read (social cards, structured data) are JPEG whatever the picture.
    formats: tuple[str, ...] = ("jpg",)

    @property
    def label(self) -> str:
        """What editors call it: its shape, such as 16:9."""
        return ":".join(map(str, self.ratio)) if self.ratio else self.name


CROPS = {
    crop.name: crop
    for crop in [
        # A phone (390 px at DPR 2) takes 800; a desktop story at 42rem and DPR 2, 1600.
        Crop("wide", (16, 9), (320, 480, 640, 800, 960, 1200, 1600), ("avif", "webp", FALLBACK)),
        Crop("square", (1, 1), (160, 320, 640, 1200), ("webp", FALLBACK)),
        # Google wants 16:9, 4:3 and 1:1 of at least 1200 px for a story's structured data.
        Crop("standard", (4, 3), (1200,)),
        Crop("social", (1200, 630), (1200,)),
        Crop("whole", None, (320, 640, 960, 1280, 1600), ("webp", FALLBACK)),
    ]
}
EDITABLE = [name for name, crop in CROPS.items() if crop.ratio]
# How far a drawn box may stray from its crop's shape (rounding to whole pixels)
RATIO_TOLERANCE = 0.01
MIN_CROP_PIXELS = 32


def focal_box(size: tuple[int, int], ratio: tuple[int, int] | None, focus: tuple[float, float]):
    """The largest box of `ratio` in a picture of `size`, centred on the focal point as far
    as the picture's edges allow."""
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    across, down = ratio
    if width * down >= height * across:  # wider than the crop: full height
        box_width, box_height = min(width, max(1, round(height * across / down))), height
    else:
        box_width, box_height = width, min(height, max(1, round(width * down / across)))
    left = _clamp(round(focus[0] * width - box_width / 2), 0, width - box_width)
    top = _clamp(round(focus[1] * height - box_height / 2), 0, height - box_height)
    return (left, top, left + box_width, top + box_height)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


def box_problem(box, size: tuple[int, int], ratio: tuple[int, int]) -> str | None:
    """Why a drawn box cannot be a crop of this shape in this picture ("form", "outside",
    "small" or "shape"), or None if it can."""
    if not (isinstance(box, list | tuple) and len(box) == 4):
        return "form"
    if not all(isinstance(edge, int) and not isinstance(edge, bool) for edge in box):
        return "form"
    left, top, right, bottom = box
    if left < 0 or top < 0 or right > size[0] or bottom > size[1]:
        return "outside"
    if right - left < MIN_CROP_PIXELS or bottom - top < MIN_CROP_PIXELS:
        return "small"
    across, down = ratio
    if abs((right - left) * down / ((bottom - top) * across) - 1) > RATIO_TOLERANCE:
        return "shape"
    return None


def widths(crop: Crop, box: Box) -> list[int]:
    """The widths a crop is made at: those of its set that the box holds, and the box's own
    width when the set goes beyond it, so no rendition is ever wider than its original."""
    available = box[2] - box[0]
    chosen = [width for width in crop.widths if width <= available]
    if available < crop.widths[-1] and available not in chosen:
        chosen.append(available)
    return chosen


def height_for(crop: Crop, box: Box, width: int) -> int:
    """A rendition's height: the crop's shape (so social cards are 1200x630 exactly), or the
    box's for the whole picture."""
    across, down = crop.ratio or (box[2] - box[0], box[3] - box[1])
    return max(1, round(width * down / across))
