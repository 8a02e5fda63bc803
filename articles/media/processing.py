"""Making one rendition with Pillow: decode no more than needed, upright, cropped, resized,
in sRGB with 8 bits per channel, encoded without any metadata.

Pillow rather than libvips: it is already here, its wheels carry libjpeg-turbo, libwebp,
libavif and LittleCMS, and with JPEG draft mode a 24-megapixel photo decodes at a half, a
quarter or an eighth of its size (bench/images.py has the figures).
"""

import io
import logging

from PIL import Image as PILImage
from PIL import ImageCms, ImageOps

logger = logging.getLogger(__name__)

ENCODERS = {
    "avif": ("AVIF", {"quality": 55, "speed": 8}),
    "webp": ("WEBP", {"quality": 75, "method": 4}),
    "jpg": ("JPEG", {"quality": 80, "optimize": True, "progressive": True}),
    "png": ("PNG", {"optimize": True}),
}
HAS_ALPHA = {"avif", "webp", "png"}
SIXTEEN_BITS = {"I", "I;16", "I;16B", "I;16L", "I;16N"}
TURNED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
SRGB = ImageCms.createProfile("sRGB")


def render(source, *, box: tuple[float, float, float, float], size: tuple[int, int], fmt: str):
    """The bytes of a rendition of `source` (a file): `box` is the part of the upright
    picture to show, as fractions of its width and height (left, top, right, bottom);
    `size` the rendition's width and height; `fmt` one of ENCODERS."""
    with PILImage.open(source) as image:
        _draft(image, box, size)
        image.load()  # an animation's first frame
        upright = ImageOps.exif_transpose(image)
        picture = _eight_bits(upright)
    width, height = picture.size
    pixels = (box[0] * width, box[1] * height, box[2] * width, box[3] * height)
    picture = picture.resize(size, PILImage.Resampling.LANCZOS, box=pixels, reducing_gap=2.0)
    picture = _srgb(picture, upright.info.get("icc_profile"))
    if fmt not in HAS_ALPHA and picture.mode == "RGBA":
        flat = PILImage.new("RGB", picture.size, "white")
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    picture.info = {}  # no EXIF, XMP, comments or profile: sRGB is what browsers assume
    output = io.BytesIO()
    name, options = ENCODERS[fmt]
    picture.save(output, name, **options)
    return output.getvalue()


def _draft(image: PILImage.Image, box, size) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 of its size when the rendition needs no more:
    a 24-megapixel photo then decodes in about a third of the time."""
    needed = (size[0] / max(box[2] - box[0], 1e-6), size[1] / max(box[3] - box[1], 1e-6))
    if image.getexif().get(0x0112) in TURNED:
        needed = needed[::-1]
    image.draft(None, (int(needed[0]) + 1, int(needed[1]) + 1))


def _eight_bits(image: PILImage.Image) -> PILImage.Image:
    """L, LA, RGB, RGBA or CMYK with 8 bits per channel: 16-bit greys scaled down (a plain
    conversion would clip them), palettes and bilevel pictures expanded."""
    if image.mode in SIXTEEN_BITS:
        return image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    if image.mode in {"L", "LA", "RGB", "RGBA", "CMYK"}:
        return image
    if image.mode in {"P", "PA"} and image.has_transparency_data:
        return image.convert("RGBA")
    if image.mode in {"La", "RGBa", "PA"}:
        return image.convert("RGBA")
    return image.convert("RGB")


def _srgb(image: PILImage.Image, icc: bytes | None) -> PILImage.Image:
    """RGB or RGBA in sRGB: converted through the embedded ICC profile if there is one
    (Adobe RGB, Display P3, a printer's CMYK), else taken as sRGB already."""
    alpha = image.getchannel("A") if image.mode in {"LA", "RGBA"} else None
    colours = image.convert({"LA": "L", "RGBA": "RGB"}.get(image.mode, image.mode))
    converted = None
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(colours, profile, SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError) as error:
            logger.warning("colour profile not applied (%s); taken as sRGB", error)
    if converted is None:
        converted = colours.convert("RGB")
    if alpha is not None:
        converted.putalpha(alpha)
    return converted
