import functools
import secrets
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.db.models.functions import Upper
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import Tag, TaggedItemBase

from . import images
from .media.crops import CROPS, EDITABLE, Box, box_problem, focal_box
from .media.figures import pictures_in
from .querysets import ArticleManager, PreviewLinkQuerySet, search_vector_in, topics_prefetch
from .sanitizing import sanitize_body
from .text import clean_text

# Section slugs share the top level of the site's addresses with the site's own pages; each
# edition adds its prefix and its words for these pages (reserved_slugs).
SITE_SLUGS = {"admin", "static", "media", "healthz", "sitemap", "robots"}
EDITION_PAGES = [
    ("articles:search", {}),
    ("articles:tag", {"slug": "x"}),
    ("articles:contributor", {"slug": "x"}),
    ("articles:preview", {"token": "x"}),
    ("articles:feeds", {}),
    ("articles:imprint", {}),
    ("articles:privacy", {}),
]


def reserved_slugs() -> set[str]:
    """What a section's slug may not be: the first part of an address the site itself has
    in some edition (/suche/, /en/search/, /en/, ...)."""
    slugs = set(SITE_SLUGS)
    for code, _name in settings.LANGUAGES:
        slugs.add(code)
        with translation.override(code):
            for name, kwargs in EDITION_PAGES:
                path = reverse(name, kwargs=kwargs).removeprefix(f"/{code}/").strip("/")
                slugs.add(path.split("/")[0])
    return slugs


def language_choices() -> list[tuple[str, str]]:
    """The site's languages, read when asked: adding one needs no migration of its own."""
    return settings.LANGUAGES


def default_language() -> str:
    return settings.LANGUAGE_CODE


BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": True, "protocols": ["http", "https", "mailto"]},
    "HardBreak": True,
    "History": True,
    # Pictures from the library and click-to-load embeds (static/articles/admin/body_media.js;
    # sanitizing.py keeps them, media/body.py shows them).
    "StoryImage": {
        "pickerUrl": reverse_lazy("body-media-images"),
        "aligns": {
            "full": _("Full width"),
            "inset-left": _("Inset left"),
            "inset-right": _("Inset right"),
        },
        "labels": {
            "button": _("Insert a picture from the library"),
            "search": _("Search alt text and captions"),
            "align": _("Placement"),
            "caption": _("Caption (empty: the picture's own)"),
            "alt": _("Alt text in this story (empty: the picture's own)"),
            "none": _("No pictures found."),
            "choose": _("Choose a picture."),
            "picture": _("Picture"),
            "insert": _("Insert"),
            "cancel": _("Cancel"),
        },
    },
    "StoryEmbed": {
        "lookupUrl": reverse_lazy("body-media-embed"),
        "labels": {
            "button": _("Embed a video, post or map"),
            "url": _("Address (YouTube, Vimeo, Bluesky, OpenStreetMap)"),
            "title": _("Title for readers"),
            "insert": _("Insert"),
            "cancel": _("Cancel"),
        },
    },
    # django-prose-editor's menu words that it does not translate (editor_labels.js).
    "NewsroomLabels": {
        "labels": {
            "heading": _("Heading %(level)s"),
            "paragraph": _("Paragraph"),
            "unordered list": _("Bulleted list"),
            "ordered list": _("Numbered list"),
            "blockquote": _("Quotation"),
            "bold": _("Bold"),
            "italic": _("Italic"),
            "insert link": _("Insert link"),
            "remove link": _("Remove link"),
            "undo": _("Undo"),
            "redo": _("Redo"),
        }
    },
}


class StoryBodyField(ProseEditorField):
    """The story body: edited with ProseMirror, cleaned to the allow-list on every save.

    The editor offers only what a story needs; sanitising in pre_save (not only in the
    form) means imports, scripts and forged requests are cleaned the same way.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", BODY_EDITOR_EXTENSIONS)
        kwargs.setdefault("sanitize", sanitize_body)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_body(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value


def other_languages() -> list[str]:
    """The site's languages besides the main one (LANGUAGE_CODE), in settings order."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@functools.lru_cache(maxsize=4096)
def section_url(language: str, slug: str) -> str:
    """A section's address in a language: the same for as long as the process runs (the URL
    patterns do not change), and asked for on every page by the navigation."""
    with translation.override(language):
        return reverse("articles:section", kwargs={"slug": slug})


class Section(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Sections nest one level deep: a sub-section's parent has no parent."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    show_in_navigation = models.BooleanField(_("show in navigation"), default=True)
    # The name and description in the site's other languages: {"en": {"name": ..., ...}}.
    translations = models.JSONField(_("in other languages"), default=dict, blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return section_url(translation.get_language(), self.slug)

    def _own_text(self, language: str) -> dict:
        """The edition's own words for the section, if it has a name in that language."""
        own = self.translations.get(language) if language != settings.LANGUAGE_CODE else None
        return own if own and own.get("name") else {}

    def name_in(self, language: str) -> tuple[str, str]:
        """(name, the language it is in) for an edition: the edition's own name, or the main
        language's where the section has none (missing_languages)."""
        own = self._own_text(language)
        return (own["name"], language) if own else (self.name, settings.LANGUAGE_CODE)

    @property
    def label(self) -> str:
        """The name in the language of the page being rendered."""
        return self.name_in(translation.get_language())[0]

    @property
    def label_language(self) -> str:
        return self.name_in(translation.get_language())[1]

    @property
    def about(self) -> str:
        """The description in the language of the page being rendered (with its name)."""
        own = self._own_text(translation.get_language())
        return own.get("description", "") if own else self.description

    def missing_languages(self) -> list[str]:
        """The site's languages this section has no name in."""
        return [code for code in other_languages() if not self._own_text(code)]

    def clean(self):
        if self.slug in reserved_slugs():
            raise ValidationError({"slug": _("This address is taken by the site itself.")})
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("A section cannot be its own parent.")})
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Sections nest only one level deep.")})
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("A section with sub-sections cannot have a parent.")}
            )


class Contributor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    affiliation = models.CharField(
        _("affiliation"),
        max_length=120,
        blank=True,
        help_text=_("Outlet or organisation, e.g. CNN: shown as “CNNs Gawon Bae …”."),
    )
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to=images.contributor_upload_to,
        blank=True,
        validators=[images.validate_image_file],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self):
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name

    def get_absolute_url(self):
        return reverse("articles:contributor", kwargs={"slug": self.slug})


CROP_PROBLEMS = {
    "form": _("The %(name)s crop needs four whole numbers: left, top, right, bottom."),
    "outside": _("The %(name)s crop reaches outside the picture."),
    "small": _("The %(name)s crop is too small."),
    "shape": _("The %(name)s crop is not %(name)s."),
}


class Image(models.Model):
    file = models.ImageField(
        _("file"),
        upload_to=images.upload_to,
        width_field="width",
        height_field="height",
        validators=[images.validate_image_file],
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    photographer = models.CharField(
        _("photographer"),
        max_length=200,
        blank=True,
        default="",
        db_default="",  # rows written in bulk by SQL (bench/generating.py) have none
        help_text=_("Who took the picture, for finding it in the library."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    # Where the picture's subject is, as fractions of its width and height: crops keep it in.
    focal_x = models.FloatField(
        _("focal point across"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the left edge, 1 the right; click the picture to set it."),
    )
    focal_y = models.FloatField(
        _("focal point down"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    crops = models.JSONField(
        _("drawn crops"),
        default=dict,
        blank=True,
        help_text=_("Boxes an editor chose, by crop; the other crops follow the focal point."),
    )
    is_transparent = models.BooleanField(_("transparent"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text

    def clean(self):
        if not self.alt_text.strip():
            raise ValidationError({"alt_text": _("Describe the picture for screen readers.")})
        if not isinstance(self.crops, dict):
            raise ValidationError({"crops": _("Crops are boxes by crop name.")})
        for name, box in self.crops.items():
            if name not in EDITABLE:
                raise ValidationError({"crops": _("There is no crop %(name)s.") % {"name": name}})
            crop = CROPS[name]
            problem = box_problem(box, (self.width, self.height), crop.ratio)
            if problem and self.width:
                raise ValidationError({"crops": CROP_PROBLEMS[problem] % {"name": crop.label}})

    def crop_box(self, name: str) -> Box:
        """Where crop `name` lies in the upright picture: the editor's box, or the largest
        of its shape around the focal point."""
        crop = CROPS[name]
        drawn = (self.crops or {}).get(name) if crop.ratio else None
        size = (self.width, self.height)
        if drawn and not box_problem(drawn, size, crop.ratio):
            return tuple(drawn)
        return focal_box(size, crop.ratio, (self.focal_x, self.focal_y))


@dataclass(frozen=True)
class UsageText:
    """A picture's words where it is used; `alt_lang`/`caption_lang` are set when the words
    are in another language than the story's (its `lang` attribute)."""

    alt: str
    alt_lang: str
    caption: str
    caption_lang: str


class CleanTagManager(_TaggableManager):
    """A story's tags (taggit's manager): topic names given as text are cleaned as every
    stored text is (text.clean_text, apps.clean_text_fields) and trimmed before taggit looks
    them up, so a name that differs from a topic's only by such characters finds it."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        tags = [clean_text(t, multiline=False).strip() if isinstance(t, str) else t for t in tags]
        return super()._to_tag_model_instances([t for t in tags if t != ""], tag_kwargs)


BODY_PICTURE_FIELDS = [
    "body_images",
    "body_images_without_own_alt",
    "body_images_without_own_caption",
]


def _picture_ids(verbose_name, help_text: str) -> ArrayField:
    """A column of picture ids that Article.save() derives from the body (media/figures.py)."""
    return ArrayField(
        models.IntegerField(),
        verbose_name=verbose_name,
        default=list,
        db_default=[],  # rows written in bulk by SQL (bench/generating.py) show none
        editable=False,
        help_text=help_text,
    )


@reversion.register(exclude=["modified_at", "tags", "search_vector", *BODY_PICTURE_FIELDS])
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")
        DELETED = "deleted", _("deleted")

    kicker = models.CharField(
        _("kicker"), max_length=80, blank=True, help_text=_("Dachzeile above the headline.")
    )
    # Blank only while a draft waits for one (wire copy comes without): clean() requires it
    # for review and publication, and nothing ever makes one up.
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        help_text=_(
            "Part of the address, made from the headline if left empty; "
            "old addresses keep working after a change."
        ),
    )
    standfirst = models.TextField(_("standfirst"), max_length=600, blank=True)
    body = StoryBodyField(_("body"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=language_choices, default=default_language
    )
    # db_index=False on a foreign key here and below: a two-column index in Meta (or a
    # constraint's) leads with the same column and serves its lookups; one index less to write.
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="articles",
        db_index=False,
    )
    tags = TaggableManager(
        verbose_name=_("tags"), through="TaggedArticle", blank=True, manager=CleanTagManager
    )
    lead_image = models.ForeignKey(
        Image,
        verbose_name=_("lead image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The lead image's text for this story; blank: the image's own, in the main language.
    lead_image_alt = models.CharField(
        _("alt text in this story"),
        max_length=300,
        blank=True,
        default="",
        db_default="",  # rows written in bulk by SQL (bench/generating.py) have none
        help_text=_("Empty: the picture's own alt text. Write it in the story's language."),
    )
    lead_image_caption = models.CharField(
        _("caption in this story"),
        max_length=500,
        blank=True,
        default="",
        db_default="",
        help_text=_("Empty: the picture's own caption."),
    )
    dateline = models.CharField(_("dateline"), max_length=100, blank=True)
    source = models.CharField(
        _("source"), max_length=120, blank=True, help_text=_("Outlet or agency, e.g. dpa.")
    )
    canonical_url = models.URLField(
        _("canonical URL"), blank=True, help_text=_("Address of the original, if syndicated.")
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        db_index=False,
    )
    is_breaking = models.BooleanField(_("breaking news"), default=False)
    import_fingerprint = models.CharField(
        _("import fingerprint"),
        max_length=64,
        blank=True,
        db_default="",  # rows written in bulk by SQL (bench/generating.py) are no imports
        editable=False,
        help_text="SHA-256 of an imported wire file's text: a second import is recognised.",
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=False
    )
    published_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("Readers see the story from this time on; a future time schedules it."),
    )
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(
        _("last updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Shown to readers; changes only with a substantive update."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    search_vector = SearchVectorField(
        null=True, editable=False, help_text="Kept up to date by a database trigger."
    )
    # The pictures the body shows (media/figures.py), kept by save() on every write path, so
    # the library and the dashboard find them through an index instead of reading bodies.
    body_images = _picture_ids(
        _("pictures in the text"), "Ids of the pictures the body shows, each once."
    )
    body_images_without_own_alt = _picture_ids(
        _("pictures in the text without the story's alt text"),
        "Ids of pictures whose figure shows the picture's own alt text.",
    )
    body_images_without_own_caption = _picture_ids(
        _("pictures in the text without the story's caption"),
        "Ids of pictures whose figure shows the picture's own caption, if any.",
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="article_published_idx",
            ),
            # The admin's list sorts every story (drafts too) by publish time; its filters
            # (status, section, language) each have an index in that same order.
            models.Index(fields=["-published_at", "-id"], name="article_admin_order_idx"),
            models.Index(
                fields=["section", "-published_at", "-id"], name="article_section_time_idx"
            ),
            models.Index(fields=["status", "-published_at", "-id"], name="article_status_idx"),
            models.Index(fields=["-modified_at"], name="article_modified_idx"),
            models.Index(fields=["language", "-published_at", "-id"], name="article_language_idx"),
            # One search index per language: search asks each language for its own stems
            # (querysets.newest_matches_sql), and a German stem is often an English word
            # ('west', 'lead'): in one index for all, its English stories would be found
            # and then thrown away, tens of thousands of heap reads at a million stories.
            # An expression, not a partial index: ANALYZE keeps statistics of an index
            # expression (not of a partial index), so PostgreSQL knows how common a word is
            # in each language, and picks the GIN index or the walk by date accordingly.
            *[
                GinIndex(search_vector_in(code), name=f"article_search_{code}_idx")
                for code, _ in settings.LANGUAGES
            ],
            # The admin's headline search is icontains: UPPER(headline) LIKE UPPER('%term%').
            GinIndex(OpClass(Upper("headline"), name="gin_trgm_ops"), name="article_headline_trgm"),
            models.Index(
                fields=["import_fingerprint"],
                condition=~Q(import_fingerprint=""),
                name="article_import_idx",
            ),
            # Where a picture is used: body_images @> ARRAY[id] (media/library.py).
            GinIndex(fields=["body_images"], name="article_body_images_idx"),
        ]
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish stories")),
            ("archive_article", _("Can archive stories")),
            ("edit_any_article", _("Can edit every story, not only own drafts")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_of", "language"], name="article_one_translation_per_language"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self):
        return self.headline or _("(no headline yet, #%(id)s)") % {"id": self.pk}

    def save(self, *args, **kwargs):
        # The body's picture columns follow from the sanitised body on every save, whoever
        # saves (admin, import, revision restore, scripts); sanitising twice changes nothing.
        self.body = sanitize_body(self.body or "")
        pictures = pictures_in(self.body)
        self.body_images = pictures.shown
        self.body_images_without_own_alt = pictures.without_own_alt
        self.body_images_without_own_caption = pictures.without_own_caption
        if (fields := kwargs.get("update_fields")) is not None and "body" in fields:
            kwargs["update_fields"] = {*fields, *BODY_PICTURE_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The story's one address, in its own language: /welt/slug-12/ or /en/welt/slug-12/.

        Remembered per instance (a page asks for it many times); keyed by what it is made of,
        so an edited slug or section is never answered with the old address."""
        parts = (self.language, self.section.slug, self.slug, self.pk)
        if getattr(self, "_url_parts", None) != parts:
            with translation.override(self.language):
                self._url = reverse(
                    "articles:article",
                    kwargs={"section": self.section.slug, "slug": self.slug, "pk": self.pk},
                )
            self._url_parts = parts
        return self._url

    @property
    def topics(self) -> list[Tag]:
        """The story's tags in name order, each with `own_name`, its name in the story's
        language where it has one; loaded with the story's parts (story_prefetches)."""
        if not hasattr(self, "topic_links"):
            prefetch_related_objects([self], topics_prefetch())
        for link in self.topic_links:
            link.tag.own_name = link.own_name
        return [link.tag for link in self.topic_links]

    def lead_image_text(self) -> "UsageText | None":
        """The lead image's alt text and caption as this story shows them: its own where the
        story has them, else the image's, which are in the main language (then `*_lang`
        names it where the story is in another)."""
        image = self.lead_image
        if image is None:
            return None
        foreign = settings.LANGUAGE_CODE if self.language != settings.LANGUAGE_CODE else ""
        alt, caption = self.lead_image_alt.strip(), self.lead_image_caption.strip()
        return UsageText(
            alt=alt or image.alt_text,
            alt_lang="" if alt else foreign,
            caption=caption or image.caption,
            caption_lang="" if caption or not image.caption else foreign,
        )

    def clean(self):
        errors = {}
        if self.translation_of_id is not None:
            if self.translation_of_id == self.pk:
                errors["translation_of"] = _("A story cannot be a translation of itself.")
            elif self.translation_of.language == self.language:
                errors["translation_of"] = _("A translation must be in another language.")
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            errors["published_at"] = _("A published story needs a publish time.")
        if self.status in (self.Status.REVIEW, self.Status.PUBLISHED) and not self.headline.strip():
            errors["headline"] = _("Write a headline before the story goes to review or out.")
        if errors:
            raise ValidationError(errors)


class TaggedArticle(TaggedItemBase):
    # No one-column indexes: the unique constraint leads with the story, the tag index with
    # the tag. With them, PostgreSQL read rows of the one-column index and then the table to
    # check the other column, where the two-column indexes answer from the index alone.
    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, db_index=False)
    tag = models.ForeignKey(
        Tag, related_name="%(app_label)s_%(class)s_items", on_delete=models.CASCADE, db_index=False
    )

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_idx")]
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedarticle_unique")
        ]


class TagName(models.Model):
    """A topic's name in one of the site's other editions; Tag.name is the main language's.

    A story's page, cards and feeds name its topics in the story's language (topics_prefetch)
    and the topic's page in the edition's; where a topic has no name in that language, its
    main name is shown, and the editors' dashboard lists it."""

    tag = models.ForeignKey(
        Tag, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="names"
    )
    language = models.CharField(_("language"), max_length=8, choices=language_choices)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("topic name")
        verbose_name_plural = _("topic names")
        constraints = [
            models.UniqueConstraint(fields=["tag", "language"], name="tagname_one_per_language")
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"

    def clean(self):
        if self.language == settings.LANGUAGE_CODE:
            raise ValidationError(
                {"language": _("The topic's own name is its name in the main language.")}
            )
        self.name = self.name.strip()
        if not self.name:
            raise ValidationError({"name": _("Give the topic a name in this language.")})


class TagRedirect(models.Model):
    """An address of a topic merged into another (merge_tags): its page and feeds answer 301
    to the kept topic's, so links and feed subscriptions keep working."""

    old_slug = models.SlugField(_("old address"), max_length=100, unique=True)
    tag = models.ForeignKey(
        Tag, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("topic redirect")
        verbose_name_plural = _("topic redirects")

    def __str__(self):
        return self.old_slug


def tag_label(tag) -> str:
    """A topic's name as loaded for a page: its own name in the page's or story's language
    (the `own_name` that topics_prefetch and tags_named_in add), else its
    main name."""
    return getattr(tag, "own_name", None) or tag.name


class Credit(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", _("author")
        CONTRIBUTOR = "contributor", _("contributor")
        PHOTOGRAPHER = "photographer", _("photographer")
        TRANSLATOR = "translator", _("translator")
        EDITOR = "editor", _("editor")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="credits", db_index=False
    )
    contributor = models.ForeignKey(
        Contributor,
        verbose_name=_("contributor"),
        on_delete=models.PROTECT,
        related_name="credits",
        db_index=False,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.AUTHOR)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        indexes = [models.Index(fields=["contributor", "article"], name="credit_contributor_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "contributor", "role"], name="credit_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.contributor}"


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction")
        UPDATE = "update", _("update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.get_kind_display()} {self.published_at:%Y-%m-%d}"


class SiteState(models.Model):
    """One row of counters, bumped in the same transaction as content changes
    (caching/invalidation.py): `generation` counts every change, so a page cached under it
    never outlives what it shows; `reference_generation` only changes to the sections,
    contributors, images and tags that many stories' cards and pages show."""

    generation = models.BigIntegerField(default=0)
    reference_generation = models.BigIntegerField(default=0, db_default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("site state")

    def __str__(self):
        return f"generation {self.generation}"


class StoryRender(models.Model):
    """A published story's page parts, rendered when it is written (caching/rendered.py), and
    the version of the things it shows that live elsewhere.

    `version` counts changes to the sections, contributors, images and tags the story shows:
    such a change bumps it for exactly the stories that show the thing, in its own
    transaction (caching/invalidation.py), creating the row if need be. The parts are valid
    while `made_from` names the story's current `modified_at`, this version, the release and
    the language. A narrow row of its own, so that renaming a section touches thousands of
    these in milliseconds rather than rewriting the stories and their search indexes."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="render"
    )
    version = models.BigIntegerField(default=0, db_default=0)
    made_from = models.CharField(max_length=200, blank=True, default="", db_default="")
    head = models.TextField(blank=True, default="", db_default="")
    story = models.TextField(blank=True, default="", db_default="")
    keys = ArrayField(models.CharField(max_length=60), default=list, blank=True, db_default="{}")

    class Meta:
        verbose_name = _("rendered story")

    def __str__(self):
        return f"{self.article_id} v{self.version}"


class SitePage(models.Model):
    """A page every edition must have (German law: an imprint and a privacy notice), kept by
    editors in the admin, one per kind and language, linked from every page's footer."""

    class Kind(models.TextChoices):
        IMPRINT = "imprint", _("imprint")
        PRIVACY = "privacy", _("privacy")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    language = models.CharField(
        _("language"), max_length=8, choices=language_choices, default=default_language
    )
    title = models.CharField(_("title"), max_length=200)
    body = StoryBodyField(_("text"), blank=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="sitepage_one_per_language")
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"


def new_preview_token() -> str:
    return secrets.token_urlsafe(32)  # 256 random bits: a link cannot be guessed


class PreviewLink(models.Model):
    """A story's latest saved text for someone without an account, until the link expires
    or an editor revokes it. Made and ended by publishing.share_preview()/revoke_preview()."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="preview_links",
        db_index=False,  # the index below leads with it
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_preview_token, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        indexes = [models.Index(fields=["article", "-created_at"], name="previewlink_article_idx")]

    def __str__(self):
        return f"{self.token[:8]}…"


class Autosave(models.Model):
    """The text an editor has typed into a story's form and not saved yet, kept so that
    nothing is lost (articles/editing.py). `article` is null for a new story not saved
    yet. Never read by a public page; a successful save of the story removes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the constraint's index leads with it
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    fields = models.JSONField(_("text"))
    # The version the form was opened at: a restored text saves over that one, so a change
    # someone else saved since is shown as a conflict rather than overwritten.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(_("saved"))

    class Meta:
        verbose_name = _("autosave")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                nulls_distinct=False,  # one unsaved new story per user, too
                name="autosave_one_per_user_and_story",
            )
        ]

    def __str__(self):
        return f"autosave of story {self.article_id} by user {self.user_id}"


class EditPresence(models.Model):
    """Someone has the story's form open: the page's heartbeat keeps `seen_at` current,
    and a row not seen for a minute no longer counts (articles/editing.py)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="editpresence_one_per_user_and_story"
            )
        ]

    def __str__(self):
        return f"user {self.user_id} on story {self.article_id}"
