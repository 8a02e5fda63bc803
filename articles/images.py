"""Image uploads: opened and verified with Pillow, never trusted by their name or extension."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 50_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "AVIF"}


def validate_image_file(file) -> None:
    """Refuse oversized, truncated, non-image and vector (SVG) files with a clear message."""
    if file.size is not None and file.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 25 MB."), code="too_large")
    file.seek(0)
    head = file.read(512).lstrip().lower()
    file.seek(0)
    if head.startswith(b"<?xml") or b"<svg" in head:
        raise ValidationError(
            _("SVG files are not accepted; upload JPEG, PNG or WebP."), code="svg"
        )
    try:
        with PILImage.open(file) as image:
            image_format = image.format
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The image has more than 50 megapixels."), code="too_many_pixels"
                )
            image.verify()
        file.seek(0)
        with PILImage.open(file) as image:
            image.load()  # verify() does not decode; load() finds truncated data
    except ValidationError:
        raise
    except (UnidentifiedImageError, PILImage.DecompressionBombError):
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
