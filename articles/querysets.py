"""What readers may see, and what each page needs loaded.

`ArticleQuerySet.published_q()` is the one definition of "visible to readers". It runs on
the database's clock (`Now()` is STATEMENT_TIMESTAMP() on PostgreSQL), so a scheduled story
appears at its time with no job running and no disagreement between app servers' clocks.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import models
from django.db.models import Case, Count, F, Func, Prefetch, Q, Value, When
from django.db.models.functions import Now

SEARCH_CONFIGS = {"de": "german", "en": "english"}
RELATED_CANDIDATES = 40
SNIPPET_OPTIONS = {
    "start_sel": "\x02",
    "stop_sel": "\x03",
    "max_words": 35,
    "min_words": 15,
    "max_fragments": 2,
}


class ArticleQuerySet(models.QuerySet):
    def published_q(self) -> Q:
        """Readers may see an article once it is published and its time has come."""
        return Q(status=self.model.Status.PUBLISHED, published_at__lte=Now())

    def published(self):
        return self.filter(self.published_q())

    def gone(self):
        """Stories readers could once see and that were deleted or archived: 410, not 404."""
        Status = self.model.Status
        return self.filter(
            status__in=[Status.DELETED, Status.ARCHIVED], first_published_at__isnull=False
        )

    def scheduled(self):
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=Now())

    # Filters that read as prose ------------------------------------------------------------

    def in_section(self, section):
        """Stories in the section and in its sub-sections (no join: an id list the planner
        can combine with the publish-time indexes)."""
        Section = self.model._meta.get_field("section").related_model
        family = Section.objects.filter(Q(pk=section.pk) | Q(parent_id=section.pk)).values("pk")
        return self.filter(section_id__in=family)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def by_contributor(self, contributor):
        """Stories the contributor worked on in any role (one row per story)."""
        return self.filter(pk__in=contributor.credits.values("article_id"))

    def in_language(self, code: str):
        return self.filter(language=code)

    def between(self, start=None, end=None):
        """Published on or after `start` and on or before `end` (dates; either may be None)."""
        queryset = self
        if start:
            queryset = queryset.filter(published_at__date__gte=start)
        if end:
            queryset = queryset.filter(published_at__date__lte=end)
        return queryset

    def latest_first(self):
        return self.order_by("-published_at", "-id")

    def search(self, query: str):
        """Full-text search in each story's own language, best matches first.

        websearch syntax ("quoted phrases", OR, -excluded); rank weighs headline over
        standfirst over body (see the trigger in migration 0003); `snippet` holds body
        fragments with matches between \\x02 and \\x03, for text.highlight() to mark up.
        """
        queries = {
            code: SearchQuery(query, config=config, search_type="websearch")
            for code, config in SEARCH_CONFIGS.items()
        }
        matches = Q()
        for code, search_query in queries.items():
            matches |= Q(language=code, search_vector=search_query)
        body_text = Func(
            F("body"), Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace"
        )

        def per_language(make):
            return Case(*[When(language=code, then=make(code, q)) for code, q in queries.items()])

        return (
            self.filter(matches)
            .annotate(
                rank=per_language(lambda code, q: SearchRank(F("search_vector"), q)),
                snippet=per_language(
                    lambda code, q: SearchHeadline(
                        body_text, q, config=SEARCH_CONFIGS[code], **SNIPPET_OPTIONS
                    )
                ),
            )
            .order_by("-rank", "-published_at", "-id")
        )

    def around(self, article, *, related: int = 4):
        """The story's translations, then related stories (most shared tags first, then the
        same section, newest first), in one query; never the story itself. `is_translation`
        tells them apart.

        Candidates are bounded before anything is counted — the section's newest stories and
        the newest stories carrying its tags, each read from an index with a LIMIT — so the
        cost does not grow with the size of the archive."""
        from .models import TaggedArticle

        root = article.translation_of_id or article.pk
        translation = Q(pk=root) | Q(translation_of_id=root)
        tag_ids = [tag.pk for tag in article.tags.all()]
        same_section = (
            self.filter(self.published_q(), section_id=article.section_id)
            .order_by("-published_at")
            .values("pk")[:RELATED_CANDIDATES]
        )
        same_tags = (
            TaggedArticle.objects.filter(tag_id__in=tag_ids)
            .order_by("-content_object_id")
            .values("content_object_id")[: RELATED_CANDIDATES * 5]
        )
        translations = self.model.objects.filter(translation).values("pk")
        candidates = same_section.union(same_tags, translations)
        return (
            self.exclude(pk=article.pk)
            .filter(pk__in=candidates)
            .annotate(
                is_translation=Case(When(translation, then=True), default=False),
                shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True),
            )
            .order_by("-is_translation", "-shared", "-published_at")
            .select_related("section")[: related + len(settings.LANGUAGES)]
        )

    # What each page loads ------------------------------------------------------------------

    def _credits_prefetch(self) -> Prefetch:
        from .models import Credit

        return Prefetch(
            "credits", queryset=Credit.objects.select_related("contributor").order_by("order", "id")
        )

    def for_cards(self):
        """What a story card shows: section, lead image, bylines."""
        return self.select_related("section", "lead_image").prefetch_related(
            self._credits_prefetch()
        )

    def for_listing(self):
        """Cards plus tags, for feeds."""
        return self.for_cards().prefetch_related("tags")

    def for_detail(self):
        from .models import Correction

        return (
            self.for_listing()
            .select_related("section__parent")
            .prefetch_related(
                Prefetch("corrections", queryset=Correction.objects.order_by("published_at", "id"))
            )
        )

    def for_dashboard(self):
        return self.select_related("section").only(
            "headline", "status", "published_at", "modified_at", "section__name", "created_by_id"
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        """The search vector is for the database's eyes only; never load it into Python."""
        return super().get_queryset().defer("search_vector")
