"""The newsroom's admin. Every save and transition goes through publishing.py."""

import difflib
import json
import logging
import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, models
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.functional import cached_property
from django.utils.html import escape, format_html, strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from taggit.models import Tag

from . import editing, publishing
from .forms import (
    ACCEPTED_TYPES,
    ArticleAdminForm,
    ImageAdminForm,
    ImageUploadForm,
    SectionAdminForm,
)
from .media import body as body_media
from .media import library, renditions
from .media.crops import CROPS, EDITABLE
from .models import (
    Article,
    Contributor,
    Correction,
    Credit,
    Image,
    PreviewLink,
    Section,
    SitePage,
    TagName,
    other_languages,
)
from .previews import preview_path
from .querysets import tag_suggestions

logger = logging.getLogger(__name__)
Status = Article.Status
COUNT_CAP = 10_000
SEARCH_COUNT_CAP = 1_000  # a headline search re-checks every row it counts
TEXT_FIELDS = editing.TEXT_FIELDS
USAGES_SHOWN = 50


class CappedCountPaginator(Paginator):
    """Counts at most `cap` + 1 rows: a full COUNT(*) over a million stories on every
    changelist load is the slowest thing an admin page can do. Filters narrow the rest.
    With a search term the cap is lower: counting 10,001 headlines that contain a common
    word took 286 ms at a million stories."""

    def __init__(self, *args, cap: int = COUNT_CAP, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self):
        return self.object_list[: self.cap + 1].count()


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Status.choices, ("scheduled", _("scheduled"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset.exclude(status=Status.DELETED)  # the trash has its own filter


class AuthorFilter(admin.SimpleListFilter):
    """Staff authors only: listing thousands of agency contributors helps nobody."""

    title = _("author")
    parameter_name = "author"

    def lookups(self, request, model_admin):
        staff = Contributor.objects.filter(user__isnull=False).order_by("name")
        return [(str(c.pk), c.name) for c in staff]

    def queryset(self, request, queryset):
        if self.value() and self.value().isascii() and self.value().isdigit():
            return queryset.filter(credits__contributor_id=self.value(), credits__role="author")
        return queryset


class MissingTranslationFilter(admin.SimpleListFilter):
    """Stories with no version in a language yet: the translation desk's to-do list."""

    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [
            (code, _("missing in %(language)s") % {"language": name})
            for code, name in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(settings.LANGUAGES):
            return queryset.without_translation_in(self.value())
        return queryset


# select2's lookups (autocomplete_fields) named by their labels: after Django's script
# that starts them.
AUTOCOMPLETE_JS = ["admin/js/autocomplete.js", "articles/admin/autocomplete_labels.js"]


class CreditInline(admin.TabularInline):
    model = Credit
    template = "admin/articles/edit_inline/tabular.html"  # each cell's field labelled
    extra = 1
    autocomplete_fields = ["contributor"]
    fields = ["move", "order", "role", "contributor"]
    readonly_fields = ["move"]
    ordering = ["order", "id"]

    class Media:  # drag and drop, or the buttons, write the order (the byline's order)
        js = ["articles/admin/credit_order.js"]
        css = {"all": ["articles/admin/credit_order.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contributor")  # each row's name

    @admin.display(description=_("Move"))
    def move(self, credit):
        """A handle to drag the row by, and buttons for the keyboard; hidden until the
        script (credit_order.js) runs: without it the order numbers are typed."""
        return format_html(
            '<span class="newsroom-credit-move" hidden data-moved="{}">'
            '<span class="newsroom-drag-handle" title="{}" aria-hidden="true">⠿</span>'
            '<button type="button" class="newsroom-move-up" aria-label="{}">↑</button>'
            '<button type="button" class="newsroom-move-down" aria-label="{}">↓</button>'
            "</span>",
            _("Now at position %(position)s of %(count)s."),
            _("Drag to change the order"),
            _("Move up"),
            _("Move down"),
        )


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "published_at", "text"]


def publication_message(article) -> str:
    """What an editor is told after Publish: when readers see the story, in the site's time."""
    at = timezone.localtime(article.published_at)
    if at > timezone.now():
        return _("“%(story)s” goes live on %(date)s at %(time)s.") % {
            "story": article,
            "date": date_format(at, "DATE_FORMAT"),
            "time": date_format(at, "TIME_FORMAT"),
        }
    return _("Published: readers see “%(story)s” now.") % {"story": article}


class TransitionRefused(Exception):
    """A new story's button was refused: the transaction rolls back, so nothing is created,
    and the form is shown again with the reason (`error`, a ValidationError)."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


def bulk_action(transition: publishing.Transition):
    """The list's action for a transition, named like it (`publish`)."""

    def action(modeladmin, request, queryset):
        modeladmin.run_transition(request, queryset, transition)

    action.__name__ = transition.name
    return admin.action(action, description=transition.label)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    inlines = [CreditInline, CorrectionInline]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """A new story offers its writer as the first byline (only as the form's first
        values: on saving, what the form then holds is saved)."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        contributor = getattr(request.user, "contributor", None)
        adding = obj is None or obj._state.adding
        if adding and request.method == "GET" and isinstance(inline, CreditInline) and contributor:
            kwargs["initial"] = [{"contributor": contributor.pk, "role": "author"}]
        return kwargs

    list_display = [
        "title",
        "section",
        "language",
        "editions",
        "state",
        "published_at",
        "authors",
    ]
    list_select_related = ["section"]
    list_filter = [
        StatusFilter,
        "section",
        "language",
        MissingTranslationFilter,
        AuthorFilter,
        ("published_at", admin.DateFieldListFilter),
    ]
    search_fields = ["headline"]
    search_help_text = _("Search headlines")
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    ordering = ["-published_at", "-id"]

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        cap = SEARCH_COUNT_CAP if request.GET.get("q", "").strip() else COUNT_CAP
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page, cap=cap)

    autocomplete_fields = ["translation_of"]
    raw_id_fields = ["lead_image"]  # chosen from the media library's grid (LibraryChoiceWidget)
    prepopulated_fields = {}  # our own script transliterates German; see article_form.js
    actions = [bulk_action(transition) for transition in publishing.TRANSITIONS.values()]
    readonly_fields = ["state", "first_published_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "standfirst", "body"]}),
        (_("Placement"), {"fields": ["section", "language", "tags", "is_breaking"]}),
        (
            _("Lead image"),
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "new_image",
                    "new_image_alt",
                    "new_image_caption",
                    "new_image_credit",
                ]
            },
        ),
        (
            _("Source"),
            {"fields": ["dateline", "source", "canonical_url", "translation_of"]},
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "state",
                    "published_at",
                    "first_published_at",
                    "updated_at",
                    "substantive",
                    "base_version",
                ]
            },
        ),
    ]

    class Media:
        js = ["articles/admin/article_form.js", "articles/admin/autosave.js", *AUTOCOMPLETE_JS]
        css = {"all": ["articles/admin/article_form.css", "articles/admin/autosave.css"]}

    # What each user sees and may do ----------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        credits = Credit.objects.filter(role="author").select_related("contributor")
        return (
            queryset.annotate(is_live=Article.objects.published_q())
            .with_languages()
            .prefetch_related(Prefetch("credits", queryset=credits, to_attr="author_credits"))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead_image":
            kwargs["widget"] = library.LibraryChoiceWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = [*self.readonly_fields, "body_as_readers_see_it"]
        if not publishing.is_editor(request.user):
            fields += ["published_at", "is_breaking"]
        return fields

    @admin.display(description=_("body"))
    def body_as_readers_see_it(self, obj):
        """A story someone may only look at (a reporter's in review) shows its body as
        readers will (pictures and embeds too), not as HTML source."""
        return body_media.render(obj.body)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            fieldsets = [
                (
                    name,
                    {
                        **options,
                        "fields": [
                            "body_as_readers_see_it" if f == "body" else f
                            for f in options["fields"]
                        ],
                    },
                )
                for name, options in fieldsets
            ]
        if obj is None or not publishing.is_editor(request.user):
            return [
                (name, {**options, "fields": [f for f in options["fields"] if f != "substantive"]})
                for name, options in fieldsets
            ]
        return fieldsets

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or publishing.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        """Django's Delete link and page move a story to the trash."""
        trash = publishing.TRANSITIONS["delete"]
        return trash.allows(request.user, obj) if obj else trash.permits(request.user)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        """A role's transitions as bulk actions; each story is checked on its own when run."""
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # replaced by the trash, which keeps stories
        transitions = publishing.TRANSITIONS
        return {
            name: action
            for name, action in actions.items()
            if name not in transitions or transitions[name].permits(request.user)
        }

    # List columns ------------------------------------------------------------------------

    @admin.display(description=_("headline"), ordering="headline")
    def title(self, obj):
        """The headline, or what says it is missing (wire copy waits for one)."""
        return str(obj)

    def view_on_site(self, obj):
        """Readers' address of a published story; drafts have none to look at."""
        return obj.get_absolute_url() if obj.status == Status.PUBLISHED else None

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        if obj.status == Status.PUBLISHED and not getattr(obj, "is_live", True):
            return _("scheduled")
        return obj.get_status_display()

    @admin.display(description=_("authors"))
    def authors(self, obj):
        return ", ".join(credit.contributor.name for credit in getattr(obj, "author_credits", []))

    @admin.display(description=_("editions"))
    def editions(self, obj):
        """The languages the story exists in, its translations' and original's too."""
        return ", ".join(getattr(obj, "languages", None) or [obj.language])

    # Saving --------------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if refused := getattr(request, "transition_refused", None):
            return type(form.__name__, (form,), {"refusal": refused.error})
        return form

    def save_model(self, request, obj, form, change):
        if image := form.new_lead_image():
            obj.lead_image = publishing.save_image(image)
        if change:
            publishing.save_edit(
                obj,
                by=request.user,
                expected_version=form.cleaned_data["base_version"],
                substantive=form.cleaned_data.get("substantive", False),
            )
            # A live story given a new time with plain Save is rescheduled: say when.
            published = obj.status == Status.PUBLISHED and "published_at" in form.changed_data
            if published and not request.POST.get("_transition"):
                self.message_user(request, publication_message(obj), messages.SUCCESS)
        else:
            publishing.create_draft(obj, by=request.user)
        # Saved: the text kept while typing is no longer needed (rolled back with the save).
        editing.discard_autosave(user=request.user, article=obj if change else None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        transition = request.POST.get("_transition")
        if transition:
            self._transition(request, form.instance, transition, adding=not change)

    def _transition(self, request, article, name, *, adding=False):
        """The buttons under the form. Forbidden ones raise PermissionDenied: 403, rollback;
        on a new story the form says why instead (TransitionRefused), and keeps the text."""
        transition = publishing.TRANSITIONS.get(name)
        if transition is None or transition.button is None:
            raise PermissionDenied(f"No button {name!r}")
        # The Publish button schedules for a future time in the form, else publishes now.
        options = {"at": future_or_none(article.published_at)} if name == "publish" else {}
        try:
            article = transition.function(article, by=request.user, **options)
        except PermissionDenied as denied:
            if adding:
                raise TransitionRefused(ValidationError(str(denied))) from None
            raise
        except ValidationError as error:
            if adding:
                raise TransitionRefused(error) from None
            raise PermissionDenied(" ".join(error.messages)) from None
        self.tell_done(request, article, transition)

    def tell_done(self, request, article, transition):
        """After a move, Publish says when readers see the story (now, or date and time)."""
        if transition.name == "publish":
            self.message_user(request, publication_message(article), messages.SUCCESS)

    def get_deleted_objects(self, objs, request):
        """Nothing is deleted with a story moved to the trash: no list of "related objects",
        and no refusal for lacking the right to delete its credits or corrections."""
        return [], {}, set(), []

    def delete_model(self, request, obj):
        publishing.delete(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            publishing.delete(article, by=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """If the database fails while saving, nothing was written (one transaction); the
        editor gets their text back on a page that needs no database, to copy and retry."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except TransitionRefused as refused:  # rolled back: the new story was not created
            request.transition_refused = refused
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DatabaseError:
            if request.method != "POST":
                raise
            logger.exception("saving story %s failed", object_id)
            kept = {field: request.POST.get(field, "") for field in TEXT_FIELDS}
            context = {"kept": kept, "back": request.path}
            page = render_to_string("admin/articles/article/save_failed.html", context)
            return HttpResponse(page, status=503, headers={"Retry-After": "10"})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if getattr(form, "conflict", None):
            context["conflict_diff"] = conflict_diff(form.conflict)
            context.update(conflict_choices(form.conflict))
        allowed = (
            publishing.allowed_transitions(request.user, obj)
            if obj
            else publishing.new_story_transitions(request.user)
        )
        context["transitions"] = [transition for transition in allowed if transition.button]
        context["can_preview"] = obj is not None
        context["can_share"] = obj is not None and publishing.can_share(request.user)
        if obj is not None:
            context.update(self.translations_context(request, obj))
        context.update(self.editing_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def translations_context(self, request, obj):
        """The story's other language versions, both ways, and the site's languages it has
        no version in yet, for the buttons that create one."""
        versions = list(
            Article.objects.translations_of(obj)
            .only("headline", "language", "status", "published_at", "translation_of_id")
            .annotate(is_live=Article.objects.published_q())
            .order_by("language")
        )
        taken = {obj.language, *(version.language for version in versions)}
        can_translate = self.has_add_permission(request) and obj.status != Status.DELETED
        return {
            "language_versions": [
                {
                    "story": version,
                    "is_original": version.pk == obj.translation_of_id,
                    "state": self.state(version),
                }
                for version in versions
            ],
            "missing_languages": [
                (code, name)
                for code, name in settings.LANGUAGES
                if can_translate and code not in taken
            ],
        }

    # Actions -------------------------------------------------------------------------------

    def run_transition(self, request, queryset, transition):
        """A bulk action: each story moves if the table allows it; the others say why not."""
        done = 0
        for article in queryset:
            try:
                article = transition.function(article, by=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{article}: {text}", messages.ERROR)
            else:
                self.tell_done(request, article, transition)
        if done:
            self.message_user(request, transition.done % {"count": done}, messages.SUCCESS)

    # Preview, share link, revisions -------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", view(self.preview_view), name="articles_article_preview"),
            path("<int:pk>/share/", view(self.share_view), name="articles_article_share"),
            path(
                "<int:pk>/share/<int:link_id>/revoke/",
                view(self.revoke_view),
                name="articles_article_revoke_preview",
            ),
            path(
                "<int:pk>/translate/<str:language>/",
                view(self.translate_view),
                name="articles_article_translate",
            ),
            path(
                "<int:pk>/revisions/", view(self.revisions_view), name="articles_article_revisions"
            ),
            path(
                "<int:pk>/revisions/<int:version_id>/restore/",
                view(self.restore_revision_view),
                name="articles_article_restore_revision",
            ),
            *self.editing_urls(),
            *super().get_urls(),
        ]

    def _viewable(self, request, pk) -> Article:
        article = get_object_or_404(Article.objects.for_detail(), pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def preview_view(self, request, pk):
        article = self._viewable(request, pk)
        context = {"article": article, "preview": True}
        response = TemplateResponse(request, "articles/article_detail.html", context)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def share_view(self, request, pk):
        """The story's working preview links, with their expiry and a Revoke button each;
        POST makes a new one."""
        article = self._viewable(request, pk)
        if not publishing.can_share(request.user):
            raise PermissionDenied
        if request.method == "POST":
            try:
                link = publishing.share_preview(article, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect("admin:articles_article_change", article.pk)
            url = request.build_absolute_uri(preview_path(link, article.language))
            until = date_format(timezone.localtime(link.expires_at), "DATETIME_FORMAT")
            self.message_user(
                request,
                format_html(
                    "{} <a href='{}'>{}</a>",
                    _("New preview link, valid until %(when)s:") % {"when": until},
                    url,
                    url,
                ),
                messages.SUCCESS,
            )
            return redirect("admin:articles_article_share", article.pk)
        links = article.preview_links.active().select_related("created_by")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Preview links to “%s”") % article,
            "links": [
                (link, request.build_absolute_uri(preview_path(link, article.language)))
                for link in links
            ],
            "hours": settings.PREVIEW_LINK_HOURS,
        }
        return TemplateResponse(request, "admin/articles/article/share.html", context)

    def revoke_view(self, request, pk, link_id):
        if request.method != "POST":
            raise Http404
        link = get_object_or_404(PreviewLink, pk=link_id, article_id=pk)
        publishing.revoke_preview(link, by=request.user)  # PermissionDenied: 403
        self.message_user(
            request,
            _("The preview link was revoked; whoever opens it is told so."),
            messages.SUCCESS,
        )
        return redirect("admin:articles_article_share", pk)

    def translate_view(self, request, pk, language):
        """Create the story's draft in another language and open it; where one exists
        already, open that one instead, and create nothing."""
        if request.method != "POST":
            raise Http404
        story = self._viewable(request, pk)
        try:
            draft = publishing.create_translation(story, language, by=request.user)
        except publishing.TranslationExists as exists:
            self.message_user(request, exists.messages[0], messages.WARNING)
            return redirect("admin:articles_article_change", exists.existing.pk)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect("admin:articles_article_change", story.pk)
        self.message_user(
            request,
            _("Created a draft in %(language)s from “%(headline)s”: translate it here.")
            % {"language": draft.get_language_display(), "headline": story.headline},
            messages.SUCCESS,
        )
        return redirect("admin:articles_article_change", draft.pk)

    def revisions_view(self, request, pk):
        article = self._viewable(request, pk)
        versions = list(
            Version.objects.get_for_object(article).select_related("revision__user")[:200]
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _("Revisions of “%s”") % article,
            "versions": versions,
            "can_restore": publishing.can_edit(request.user, article),
        }
        older, newer = request.GET.get("from"), request.GET.get("to")
        if older and newer:
            by_id = {str(v.pk): v for v in versions}
            if older not in by_id or newer not in by_id:
                raise Http404("No such revision")
            context["diff"] = version_diff(by_id[older].field_dict, by_id[newer].field_dict)
            context["compared"] = (by_id[older], by_id[newer])
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_revision_view(self, request, pk, version_id):
        """GET asks first: what changes, whether readers see it at once, and which corrections
        the older text predates; POST restores."""
        article = self._viewable(request, pk)
        version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
        if request.method != "POST":
            if not publishing.can_edit(request.user, article):
                raise PermissionDenied
            saved = version.revision.date_created
            now = {field: getattr(article, field) for field, _label in DIFF_FIELDS}
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "version": version,
                "title": _("Restore an earlier text?"),
                "diff": version_diff(now, version.field_dict),
                "live": article.status == Status.PUBLISHED,
                "newer_corrections": article.corrections.filter(published_at__gt=saved),
            }
            return TemplateResponse(
                request, "admin/articles/article/restore_revision.html", context
            )
        publishing.restore_revision(article, version, by=request.user)
        self.message_user(request, _("The earlier text is back, saved as a new revision."))
        return redirect("admin:articles_article_change", article.pk)

    # Autosave and who else has the story open (articles/editing.py, autosave.js) ---------

    def editing_urls(self):
        view = self.admin_site.admin_view
        return [
            path("add/autosave/", view(self.autosave_view), name="articles_article_autosave_new"),
            path("<int:pk>/autosave/", view(self.autosave_view), name="articles_article_autosave"),
            path("<int:pk>/presence/", view(self.presence_view), name="articles_article_presence"),
        ]

    def _writable(self, request, pk) -> Article | None:
        """The story, checked as the change view checks it; None for a new story, checked
        as the add view checks it."""
        if pk is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def editing_context(self, request, obj):
        """What the story form needs for autosave and presence. Opening the form counts as
        being there; someone who may only look at the story is not editing it."""
        if obj is None:
            if not self.has_add_permission(request):
                return {}
            autosave_url = reverse("admin:articles_article_autosave_new")
        elif self.has_change_permission(request, obj):
            autosave_url = reverse("admin:articles_article_autosave", args=[obj.pk])
            editing.heartbeat(user=request.user, article=obj)
        else:
            autosave_url = None
        context = {
            "autosave_url": autosave_url,
            "form_unsaved": request.method == "POST",  # a refused save: its text is not kept
        }
        offer = autosave_url and request.method == "GET"
        if offer and (kept := editing.autosave_to_offer(user=request.user, article=obj)):
            context["autosave_offer"] = kept
            context["autosave_offer_data"] = {
                "fields": kept.fields,
                "base_version": kept.base_version,
            }
        if obj is not None:
            context["presence_url"] = reverse("admin:articles_article_presence", args=[obj.pk])
            context["others_editing"] = [
                editing.describe(presence)
                for presence in editing.others_editing(obj, user=request.user)
            ]
        return context

    def autosave_view(self, request, pk=None):
        """The form's script posts its text here while the editor types, or `discard` when
        they choose not to restore it. The story itself is never changed."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._writable(request, pk)
        if "discard" in request.POST:
            editing.discard_autosave(user=request.user, article=article)
            return JsonResponse({"discarded": True})
        try:
            fields = json.loads(request.POST.get("fields", ""))
            version = request.POST.get("base_version") or None
            if not isinstance(fields, dict) or (version is not None and not version.isdigit()):
                raise ValueError
        except ValueError:
            return JsonResponse({"error": _("Send the form's text fields as JSON.")}, status=400)
        try:
            kept = editing.autosave(
                user=request.user,
                article=article,
                fields=fields,
                base_version=int(version) if version else None,
            )
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        when = time_format(timezone.localtime(kept.saved_at))
        return JsonResponse(
            {
                "saved_at": kept.saved_at.isoformat(),
                "message": _(
                    "Your changes were kept automatically at %(time)s; save to keep "
                    "them in the story."
                )
                % {"time": when},
            }
        )

    def presence_view(self, request, pk):
        """The form's heartbeat, twice a minute: records the caller as there (or gone, with
        `leave`) and answers who else is. One upsert and one select."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article.objects.only("status", "created_by_id"), pk=pk)
        if self.has_change_permission(request, article):
            if "leave" in request.POST:
                editing.leave(user=request.user, article=article)
                return JsonResponse({"left": True})
            editing.heartbeat(user=request.user, article=article)
        elif not self.has_view_permission(request, article):
            raise PermissionDenied
        others = editing.others_editing(article, user=request.user)
        return JsonResponse({"editing": [editing.describe(presence) for presence in others]})


def future_or_none(moment):
    return moment if moment and moment > timezone.now() else None


DIFF_FIELDS = [("headline", _("Headline")), ("standfirst", _("Standfirst")), ("body", _("Body"))]


BLOCK_END = "\u00b6"


def _words(field: str, value: str) -> list[str]:
    """Words of a field; body blocks (paragraphs, subheadings, items) end in a ¶ marker."""
    if field != "body":
        return (value or "").split()
    text = re.sub(r"</(p|h2|h3|li|blockquote)>", f" {BLOCK_END} ", value or "")
    return strip_tags(text).split()


def inline_diff(before: list[str], after: list[str]) -> str:
    """Words removed in <del>, added in <ins>, the rest as it was."""
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(before[i1:i2])))
        if op in {"delete", "replace"}:
            parts.append(f"<del>{escape(' '.join(before[i1:i2]))}</del>")
        if op in {"insert", "replace"}:
            parts.append(f"<ins>{escape(' '.join(after[j1:j2]))}</ins>")
    return " ".join(parts).replace(BLOCK_END, "<br>")


def version_diff(older: dict, newer: dict) -> list[tuple[str, str]]:
    """(label, HTML) for each of headline, standfirst and body that differs."""
    result = []
    for field, label in DIFF_FIELDS:
        before, after = _words(field, older.get(field, "")), _words(field, newer.get(field, ""))
        if before != after:
            result.append((label, inline_diff(before, after)))
    return result


def conflict_diff(conflict: publishing.EditConflict) -> list[tuple[str, str]]:
    """What changed between the version the editor opened and the one saved meanwhile."""
    current = conflict.current
    start = None
    for version in Version.objects.get_for_object(current)[:50]:
        if version.field_dict.get("version") == conflict.expected_version:
            start = version.field_dict
            break
    now = {field: getattr(current, field) for field, _label in DIFF_FIELDS}
    return version_diff(start or {}, now)


def conflict_choices(conflict: publishing.EditConflict) -> dict:
    """What the editor chooses between after a conflict: who saved meanwhile, the version
    to save over, and that version's text to copy from when merging by hand."""
    names = []
    for version in Version.objects.get_for_object(conflict.current).select_related(
        "revision__user"
    )[:50]:
        if version.field_dict.get("version", 0) <= conflict.expected_version:
            break
        user = version.revision.user
        if user is not None and editing.name_of(user) not in names:
            names.append(editing.name_of(user))
    current = conflict.current
    theirs = [
        (
            capfirst(Article._meta.get_field(name).verbose_name),
            body_media.render(current.body) if name == "body" else getattr(current, name),
            name == "body",
        )
        for name in editing.TEXT_FIELDS
        if getattr(current, name)
    ]
    return {
        "conflict_version": current.version,
        "conflict_by": ", ".join(names) or _("someone else"),
        "conflict_theirs": theirs,
    }


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    form = SectionAdminForm
    list_display = ["name", "slug", "parent", "order", "show_in_navigation", "missing_names"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    @admin.display(description=_("no name in"))
    def missing_names(self, section):
        return ", ".join(section.missing_languages()) or "–"


class TagNameInline(admin.TabularInline):
    """The topic's name in each of the site's other editions."""

    model = TagName
    template = "admin/articles/edit_inline/tabular.html"  # each cell's field labelled
    fields = ["language", "name"]

    def get_extra(self, request, obj=None, **kwargs):
        named = set(obj.names.values_list("language", flat=True)) if obj else set()
        return len(set(other_languages()) - named)

    def get_max_num(self, request, obj=None, **kwargs):
        return len(other_languages())

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "language":
            names = dict(db_field.choices)
            kwargs["choices"] = [(code, names[code]) for code in other_languages()]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


# Taggit's own admin lists its generic TaggedItem, which the stories' tags do not use.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    inlines = [TagNameInline]
    list_display = ["name", "slug", "names_in_other_languages"]
    ordering = ["name", "slug"]
    search_fields = ["name", "names__name"]
    prepopulated_fields = {"slug": ["name"]}

    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("names")

    @admin.display(description=_("in other languages"))
    def names_in_other_languages(self, tag):
        return ", ".join(f"{n.language}: {n.name}" for n in tag.names.all()) or "–"

    @admin.action(description=_("Merge tags"), permissions=["delete"])
    def merge(self, request, queryset):
        """First asks which of the selected topics stays (merge.html), then merges."""
        tags = list(queryset.annotate(stories=Count("articles_taggedarticle_items")))
        tags.sort(key=lambda tag: (-tag.stories, tag.name.casefold()))
        if "keep" not in request.POST:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Merge tags"),
                "tags": tags,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/taggit/tag/merge.html", context)
        chosen = request.POST["keep"]
        is_id = chosen.isascii() and chosen.isdigit()
        keep = Tag.objects.filter(pk=chosen).first() if is_id else None
        try:
            if keep is None:
                raise ValidationError(_("The topic to keep must be one of the selected topics."))
            publishing.merge_tags(tags, keep=keep, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        self.message_user(
            request,
            _("Merged %(merged)s into “%(kept)s”.")
            % {"merged": ", ".join(t.name for t in tags if t.pk != keep.pk), "kept": keep.name},
            messages.SUCCESS,
        )
        return None

    def get_urls(self):
        suggest = self.admin_site.admin_view(self.suggest_view)
        return [path("suggest/", suggest, name="taggit_tag_suggest"), *super().get_urls()]

    def suggest_view(self, request):
        """Topics for the story form's tag field (tag_suggest.js) as the editor types."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        term = request.GET.get("q", "").strip()[:100]
        return JsonResponse({"results": tag_suggestions(term) if term else []})


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "language", "modified_at"]
    list_filter = ["kind", "language"]


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "affiliation", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    # Django's admin puts a file field in a fieldset whose legend does not label the input.
    formfield_overrides = {models.ImageField: {"widget": forms.ClearableFileInput}}

    class Media:
        js = AUTOCOMPLETE_JS


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    formfield_overrides = {  # our validator explains refusals better than forms.ImageField
        models.ImageField: {
            "form_class": forms.FileField,
            "widget": forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
        }
    }
    # The list is the media library: a grid of thumbnails (change_list.html), searchable,
    # filterable, and the lookup popup the story form chooses its lead image from.
    change_list_template = "admin/articles/image/change_list.html"
    change_form_template = "admin/articles/image/change_form.html"
    delete_confirmation_template = "admin/articles/image/delete_confirmation.html"
    list_display = ["thumbnail", "alt_text", "credit", "photographer", "created_at"]
    list_filter = [
        ("created_at", admin.DateFieldListFilter),
        library.ShapeFilter,
        library.UsageFilter,
        library.CreditFilter,
    ]
    search_fields = ["alt_text", "caption", "credit", "photographer"]
    search_help_text = _(
        "Search alt text, caption, credit and photographer, or an upload date (2026-12-05)"
    )
    show_full_result_count = False
    list_per_page = 48
    actions = None  # a grid has no row checkboxes; a picture is deleted from its own page
    readonly_fields = ["thumbnail", "focal_point", "width", "height"]
    fieldsets = [
        (None, {"fields": ["file", "alt_text", "caption", "credit", "photographer"]}),
        (
            _("Focal point and crops"),
            {
                "fields": [
                    "focal_point",
                    ("focal_x", "focal_y"),
                    *(f"crop_{name}" for name in EDITABLE),
                    ("width", "height"),
                ]
            },
        ),
    ]

    class Media:
        js = ["articles/admin/image_form.js", "articles/admin/image_upload.js"]
        css = {"all": ["articles/admin/article_form.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(is_used=library.is_used())

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if (day := library.uploaded_on(search_term)) is not None:
            found = found | queryset.filter(day)
        return found, duplicates

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """An image's page lists the stories that use it, with links."""
        context.update(self.usages_context(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def usages_context(self, image) -> dict:
        usages = list(library.usages(image)[: USAGES_SHOWN + 1]) if image else []
        return {"usages": usages[:USAGES_SHOWN], "more_usages": len(usages) > USAGES_SHOWN}

    def delete_view(self, request, object_id, extra_context=None):
        """The confirmation names the stories the picture disappears from (a lead image's
        story keeps no picture; a body leaves the figure out)."""
        image = Image.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        return super().delete_view(
            request, object_id, {**(extra_context or {}), **self.usages_context(image)}
        )

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        return library.thumbnail(obj) if obj else "—"

    @admin.display(description=_("picture"))
    def focal_point(self, obj):
        """The picture to click on (static/articles/admin/image_form.js), with the shapes of
        the crops for the script to draw around the focal point."""
        rendition = renditions.nearest(obj, "whole", 960) if obj else None
        if rendition is None:
            return _("Save the image first; then click on it to set its focal point.")
        shapes = {name: CROPS[name].ratio for name in EDITABLE}
        return format_html(
            '<div class="newsroom-focal" data-width="{}" data-height="{}" data-crops="{}"'
            ' data-chooser-label="{}" data-no-crop="{}">'
            '<img src="{}" alt="" width="{}" height="{}"></div>'
            '<p class="help">{}</p>',
            obj.width,
            obj.height,
            json.dumps(shapes),
            _("Draw a crop"),
            _("No crop: a click sets the focal point"),
            rendition.url,
            rendition.width,
            rendition.height,
            _(
                "Click on what matters most in the picture: every crop keeps it in view. "
                "To draw a crop yourself, pick it and drag across the picture."
            ),
        )

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            publishing.save_image(obj)
        else:
            super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="articles_image_upload"),
            path("<int:pk>/thumbnail/", view(self.thumbnail_view), name="articles_image_thumbnail"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        """Several files at once: the page picks them and asks for each one's alt text; its
        script (image_upload.js) posts them here one by one, with progress. Each file is
        checked and stored on its own, so a bad one is refused with its reason and the
        others are kept."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = ImageUploadForm(request.POST, request.FILES)
            if not form.is_valid():
                return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
            image = publishing.save_image(form.instance)
            self.log_addition(request, image, [{"added": {}}])
            return JsonResponse(self.thumbnail_data(image), status=201)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Upload several pictures"),
            "form": ImageUploadForm(),
            "media": self.media,
            "accepted": ACCEPTED_TYPES,
        }
        return TemplateResponse(request, "admin/articles/image/upload.html", context)

    def thumbnail_view(self, request, pk):
        """What the story form shows after a picture is chosen from the library."""
        image = get_object_or_404(Image, pk=pk)
        if not self.has_view_or_change_permission(request, image):
            raise PermissionDenied
        return JsonResponse(self.thumbnail_data(image))

    def thumbnail_data(self, image) -> dict:
        rendition = renditions.nearest(image, "whole", library.THUMBNAIL_WIDTH)
        return {
            "id": image.pk,
            "alt": image.alt_text,
            "url": reverse("admin:articles_image_change", args=[image.pk]),
            "thumbnail": rendition
            and {
                "src": rendition.url,
                "width": rendition.width,
                "height": rendition.height,
            },
        }


# Users and groups: permissions named in the editor's language -------------------------------

PERMISSION_ACTIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}


def permission_label(permission) -> str:
    """Django stores permission names in English when it creates them ("Can add article");
    this words them from the model's translated name, or our own permissions' msgids."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    action, _sep, model_name = permission.codename.partition("_")
    if action in PERMISSION_ACTIONS and model_name == model._meta.model_name:
        name = PERMISSION_ACTIONS[action] % {"name": model._meta.verbose_name}
    else:
        name = translation.gettext(permission.name)
    app = model._meta.app_config.verbose_name
    return f"{app} | {model._meta.verbose_name} | {name}"


class TranslatedLabels:
    """For UserAdmin and GroupAdmin: permissions and group names in the editor's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in {"permissions", "user_permissions"}:
            field.queryset = field.queryset.select_related("content_type")
            field.label_from_instance = permission_label
        elif db_field.name == "groups":
            field.label_from_instance = lambda group: translation.gettext(group.name)
        return field


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class NewsroomUserAdmin(TranslatedLabels, UserAdmin):
    pass


@admin.register(Group)
class NewsroomGroupAdmin(TranslatedLabels, GroupAdmin):
    pass
