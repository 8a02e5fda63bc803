from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .caching.sections import navigation_sections


def navigation(request):
    """Top-level sections shown in the site's navigation, loaded only if a page uses them."""
    return {
        "site_name": settings.SITE_NAME,
        "nav_sections": SimpleLazyObject(navigation_sections),
    }
