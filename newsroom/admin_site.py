"""The admin site: named after the publication, open to the newsroom's roles.

Wiring only: who may sign in is `articles.people.may_use_admin`; the invitation is
`articles.people.invite`.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from articles import people


class NewsroomAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        if not people.may_use_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class InvitationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[("Reporter", _("Reporter")), ("Editor", _("Editor"))]
    )


class NewsroomAdminSite(admin.AdminSite):
    login_form = NewsroomAuthenticationForm
    index_template = "admin/index.html"

    @property
    def site_header(self):
        return settings.SITE_NAME

    @property
    def site_title(self):
        return settings.SITE_NAME

    def i18n_javascript(self, request, extra_context=None):
        """The admin's catalogue plus the story body editor's (its dialogs' words)."""
        packages = ["django.contrib.admin", "django_prose_editor"]
        return JavaScriptCatalog.as_view(packages=packages)(request)

    def has_permission(self, request):
        return people.may_use_admin(request.user)

    def get_urls(self):
        invite = path("invite/", self.admin_view(self.invite_view), name="invite")
        return [invite, *super().get_urls()]

    def invite_view(self, request):
        if not people.may_invite(request.user):
            raise PermissionDenied
        form = InvitationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                user = people.invite(
                    **form.cleaned_data,
                    by=request.user,
                    origin=f"{request.scheme}://{request.get_host()}",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(email)s is invited: the e-mail holds a link to set a password.")
                    % {"email": user.email},
                )
                return redirect("admin:index")
        context = {**self.each_context(request), "form": form, "title": _("Invite a colleague")}
        return TemplateResponse(request, "admin/invite.html", context)
