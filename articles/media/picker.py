"""What the body editor asks while an editor places a picture or an embed
(static/articles/admin/body_media.js): the newsroom's people only, through the admin's
login."""

from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import people
from ..models import Image
from . import embeds, renditions

RESULTS = 24
THUMBNAIL_WIDTH = 320

# Whoever may use the admin (a role, not only staff status: people.may_use_admin).
newsroom_member_required = user_passes_test(people.may_use_admin, login_url="admin:login")


@require_safe
@newsroom_member_required
def images(request):
    """The newest pictures whose alt text or caption holds `q` (all with an empty `q`), or
    the one picture `id`: its id, thumbnail address, alt text and caption."""
    if not request.user.has_perm("articles.view_image"):
        raise PermissionDenied
    found = Image.objects.order_by("-created_at", "-pk")
    if (pk := request.GET.get("id", "")).isdigit():
        found = found.filter(pk=int(pk))
    elif query := request.GET.get("q", "").strip():
        found = found.filter(Q(alt_text__icontains=query) | Q(caption__icontains=query))
    return JsonResponse({"results": [_describe(image) for image in found[:RESULTS]]})


def _describe(image: Image) -> dict:
    thumbnail = renditions.nearest(image, "whole", THUMBNAIL_WIDTH)
    return {
        "id": image.pk,
        "thumbnail": thumbnail.url if thumbnail else "",
        "alt": image.alt_text,
        "caption": image.caption,
    }


@require_safe
@newsroom_member_required
def embed(request):
    """The provider and id of a pasted address (media/embeds.py), or why there are none."""
    if not request.user.has_perm("articles.change_article"):
        raise PermissionDenied
    found = embeds.from_url(request.GET.get("url", ""))
    if found is None:
        names = ", ".join(provider.label for provider in embeds.PROVIDERS.values())
        message = _("This address is not one we can embed. We embed: %(names)s.")
        # an answer, not a failed request: the editor shows it beside the address
        return JsonResponse({"error": message % {"names": names}})
    provider, embed_id = found
    return JsonResponse(
        {"embed": provider, "id": embed_id, "label": embeds.PROVIDERS[provider].label}
    )
