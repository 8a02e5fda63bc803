"""The newsroom's people: who may use the admin, and inviting a colleague.

Membership of a role group (Reporter or Editor, migration 0002) is what lets someone sign in;
"staff status" is for accounts without a role (the technical superuser). An editor invites
a colleague by e-mail: the account has no password until the colleague sets one through
the link in the invitation (Django's password-reset token, valid PASSWORD_RESET_TIMEOUT).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

ROLE_GROUPS = ("Reporter", "Editor")


def may_use_admin(user) -> bool:
    """Whether `user` may sign in to the admin: active, and in a role group or staff."""
    if not (user.is_active and user.is_authenticated):
        return False
    return user.is_staff or user.groups.filter(name__in=ROLE_GROUPS).exists()


def may_invite(user) -> bool:
    """Editors (who may publish) and superusers invite colleagues."""
    return user.is_active and (user.is_superuser or user.has_perm("articles.publish_article"))


def set_password_url(user) -> str:
    """The path of the link with which `user` sets a password (the admin's reset view)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def invite(*, email: str, name: str, role: str, by, origin: str):
    """Create a colleague's account in `role` without a password and e-mail them the link to
    set one (sent once the account is committed). `origin` is "https://host" for the link."""
    if not may_invite(by):
        raise PermissionDenied(_("Only editors invite colleagues."))
    if role not in ROLE_GROUPS:
        raise ValidationError(_("Choose the role Reporter or Editor."))
    email = get_user_model().objects.normalize_email(email.strip())
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise ValidationError(_("Someone with this e-mail address has an account already."))
    first, _sep, last = name.strip().partition(" ")
    user = get_user_model()(username=email.lower(), email=email, first_name=first, last_name=last)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=role))
    url = origin + set_password_url(user)
    context = {"user": user, "by": by, "role": role, "url": url, "site_name": settings.SITE_NAME}
    message = render_to_string("admin/invitation_email.txt", context)
    subject = _("Your account at %(site)s") % {"site": settings.SITE_NAME}
    transaction.on_commit(lambda: send_mail(subject, message, None, [email]))
    return user
