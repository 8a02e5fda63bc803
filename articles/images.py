"""Image uploads: opened and verified with Pillow, never trusted by their name or extension."""

import io
import re
import uuid
from datetime import datetime
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 50_000_000
# Animations are decoded frame by frame: their budget is all frames together.
MAX_ANIMATION_PIXELS = 10 * MAX_PIXELS
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "AVIF"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "AVIF": "avif"}
SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "AVIF": {"quality": 90},
    "GIF": {},
}
# The only metadata worth keeping: colours and transparency, nothing about people or places.
KEPT_INFO = {"icc_profile", "transparency"}


def _open(file) -> PILImage.Image:
    """Open from the start. Pillow refuses bombs over twice its own limit (DecompressionBombError);
    anything over MAX_PIXELS, far below that, is refused by _check_pixels before decoding."""
    file.seek(0)
    return PILImage.open(file)


def _format(image: PILImage.Image) -> str:
    """Phone JPEGs with a depth map or HDR gain map open as MPO: they are JPEGs."""
    return "JPEG" if image.format == "MPO" else image.format


def _check_pixels(image: PILImage.Image) -> None:
    """Refuse before decoding: the header's size decides how much memory decoding takes."""
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(_("The image has more than 50 megapixels."), code="too_many_pixels")
    if width * height * getattr(image, "n_frames", 1) > MAX_ANIMATION_PIXELS:
        raise ValidationError(
            _("The animation has too many frames for its size."), code="too_many_pixels"
        )


def validate_image_file(file) -> None:
    """Refuse oversized, truncated, non-image and vector (SVG) files with a clear message."""
    if file.size is not None and file.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 25 MB."), code="too_large")
    # A stored file is closed again after Django reads its size (any save of an existing
    # Image, say a new focal point): look at it anew, and close it again.
    reopened = getattr(file, "closed", False)
    if reopened:
        file.open("rb")
    try:
        _validate_content(file)
    finally:
        if reopened:
            file.close()


def _validate_content(file) -> None:
    file.seek(0)
    head = file.read(512).lstrip().lower()
    file.seek(0)
    if head.startswith(b"<?xml") or b"<svg" in head:
        raise ValidationError(
            _("SVG files are not accepted; upload JPEG, PNG or WebP."), code="svg"
        )
    try:
        with _open(file) as image:
            image_format = _format(image)
            _check_pixels(image)
            image.verify()
        with _open(file) as image:
            image.load()  # verify() does not decode; load() finds truncated data
    except ValidationError:
        raise
    except PILImage.DecompressionBombError:
        raise ValidationError(
            _("The image has more than 50 megapixels."), code="too_many_pixels"
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not an image we can read."), code="not_image"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(_("The image file is damaged or truncated."), code="broken") from None
    finally:
        file.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Images must be JPEG, PNG, WebP, GIF or AVIF, not %(format)s.")
            % {"format": image_format},
            code="format",
        )


def _detected_extension(field_file) -> str | None:
    """The extension of the format Pillow sees in the upload, or None if it cannot tell."""
    try:
        file = field_file.file
        position = file.tell()
        try:
            with _open(file) as image:
                return EXTENSIONS.get(_format(image))
        finally:
            file.seek(position)
    except (AttributeError, OSError, ValueError, PILImage.DecompressionBombError):
        return None


def _random_name(folder: str, field_file, filename: str) -> str:
    """A name nobody can guess and that tells nothing about the uploader's file name."""
    extension = _detected_extension(field_file)
    if extension is None:
        suffix = PurePosixPath(filename).suffix.lower().lstrip(".")
        extension = suffix if re.fullmatch(r"[a-z0-9]{1,5}", suffix) else ""
    return f"{folder}/{uuid.uuid4().hex}" + (f".{extension}" if extension else "")


def upload_to(instance, filename: str) -> str:
    """Where an Image's file is stored: images/<year>/<month>/<random>.<detected extension>."""
    return _random_name(f"images/{datetime.now():%Y/%m}", getattr(instance, "file", None), filename)


def contributor_upload_to(instance, filename: str) -> str:
    """Where a contributor's photo is stored: contributors/<random>.<detected extension>."""
    return _random_name("contributors", getattr(instance, "photo", None), filename)


def strip_private_metadata(file) -> ContentFile:
    """Re-encode the image without EXIF, XMP, IPTC or comments, upright and in its own format.

    Photos from phones carry GPS positions, camera serials and owner names; only the
    ICC profile (colours) and transparency survive. Call after validate_image_file.
    """
    with _open(file) as image:
        _check_pixels(image)
        image_format = _format(image)
        options = {**SAVE_OPTIONS[image_format], "icc_profile": image.info.get("icc_profile")}
        output = io.BytesIO()
        if getattr(image, "is_animated", False) and image_format != "JPEG":
            # Pillow writes every frame with its own duration; only info we name is written.
            image.info.pop("comment", None)
            image.save(output, image_format, save_all=True, **options, exif=b"", comment=b"")
        else:
            # A new image (first frame only for MPO: the extra ones are depth or gain maps).
            upright = ImageOps.exif_transpose(image)
            upright.info = {k: v for k, v in image.info.items() if k in KEPT_INFO}
            upright.save(output, image_format, **options)
    file.seek(0)
    return ContentFile(output.getvalue(), name=file.name)


def is_transparent(file) -> bool:
    """Whether any pixel of the picture (its first frame) lets the page show through: its
    renditions then fall back to PNG, not JPEG."""
    try:
        with _open(file) as image:
            if not image.has_transparency_data:
                return False
            return image.convert("RGBA").getchannel("A").getextrema()[0] < 255
    finally:
        file.seek(0)
