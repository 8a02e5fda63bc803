"""The address of every rendition: the stored file, or the rendition made on its first
request. nginx serves stored renditions itself and asks here only for missing ones."""

import logging

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from ..models import Image
from . import renditions

logger = logging.getLogger(__name__)
FOREVER = "public, max-age=31536000, immutable"  # a name never changes what it shows


@require_safe
def rendition(request, image_id: int, filename: str):
    """A rendition the image has now, else 404 with nothing written (an old version, a
    width or format that is not made, an image that is gone)."""
    image = Image.objects.filter(pk=image_id).first()
    wanted = renditions.find(image, filename) if image else None
    if wanted is None:
        raise Http404("No such rendition")
    try:
        content = renditions.read_or_make(image, wanted)
    except (OSError, SyntaxError, ValueError) as error:  # Pillow's errors for a bad file
        logger.error("rendition %s not made: %s", wanted.name, error)
        raise Http404("The original cannot be read") from None
    return HttpResponse(content, content_type=wanted.mime, headers={"Cache-Control": FOREVER})
