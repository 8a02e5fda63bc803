from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .caching import all_sections


def navigation(request):
    """Top-level sections shown in the site's navigation, loaded only if a page uses them."""
    return {
        "site_name": settings.SITE_NAME,
        "nav_sections": SimpleLazyObject(
            lambda: [s for s in all_sections() if s.show_in_navigation and not s.parent_id]
        ),
    }
