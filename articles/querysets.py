"""What readers may see, and what each page needs loaded.

`ArticleQuerySet.published_q()` is the one definition of "visible to readers". It runs on
the database's clock (`Now()` is STATEMENT_TIMESTAMP() on PostgreSQL), so a scheduled story
appears at its time with no job running and no disagreement between app servers' clocks.
"""

import re
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections, models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    Lookup,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Now, Upper
from django.db.models.query import ModelIterable
from django.utils import timezone, translation

RELATED_CANDIDATES = 40
CARD_LIST_FIELDS = ("modified_at", "section", "is_breaking")  # see for_cards
DEFERRED_FOR_CARDS = {"body", "search_vector"}  # long, and never on a card
SEARCH_CANDIDATES = 500  # the newest matches that are ranked; see ArticleQuerySet.search
SEARCH_SLICES_DAYS = [30, 365]  # newest first; see ArticleQuerySet.newest_matches


def search_config(language: str) -> Func:
    """The language's text search configuration as the database has it, the one its stories'
    vectors were made with (search_configs.py)."""
    return Func(Value(language), function="articles_search_config")


def search_vector_in(language: str) -> Case:
    """A story's search vector if it is in `language`, else NULL: what each language's search
    index holds (Article.Meta.indexes) and what search asks of it (newest_matches_sql)."""
    return Case(When(language=language, then=F("search_vector")))


SNIPPET_OPTIONS = {
    "start_sel": "\x02",
    "stop_sel": "\x03",
    "max_words": 35,
    "min_words": 15,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}


class IsIn(Lookup):
    """IsIn(F("pk"), array): the value is an element of the array (`= ANY(array)`), looked up
    through the value's index, where `array @> ARRAY[value]` would read every row."""

    lookup_name = "is_in"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def family_q(root) -> Q:
    """A story's language versions: the original (`root`, the story in its first language)
    and every translation of it, which points to it with `translation_of`. `root` is an id,
    or outer_root() in a subquery."""
    return Q(pk=root) | Q(translation_of_id=root)


def outer_root() -> Coalesce:
    """In a subquery, the original of the outer query's story (its own id if it is one)."""
    return Coalesce(OuterRef("translation_of_id"), OuterRef("pk"))


def credits_prefetch() -> Prefetch:
    Credit = apps.get_model("articles", "Credit")

    return Prefetch(
        "credits", queryset=Credit.objects.select_related("contributor").order_by("order", "id")
    )


class CardIterable(ModelIterable):
    """Stories that know the list they came in, so that the first card to be rendered loads
    what the cards of all of them show at once (card_story)."""

    def __iter__(self):
        stories = list(super().__iter__())
        for story in stories:
            story.card_siblings = stories
        yield from stories


def card_story(story):
    """`story` with everything its card shows (section, lead image, bylines), or None if it
    has gone since its list was read.

    A list of cards (for_cards) reads only what makes each card's cache key; the first card
    that has to be rendered loads the rest for every story of its list that lacks it, in two
    queries (the stories with section and lead image, then their bylines). A whole story
    (as other pages load them) only has its bylines loaded."""
    siblings = getattr(story, "card_siblings", None)
    if siblings is None or not story.get_deferred_fields() - DEFERRED_FOR_CARDS:
        load_bylines(story)
        return story
    if not hasattr(story, "card_loaded"):
        missing = [s for s in siblings if not hasattr(s, "card_loaded")]
        loaded = (
            type(story)
            .objects.filter(pk__in=[s.pk for s in missing])
            .select_related("section", "lead_image")
            .defer(*DEFERRED_FOR_CARDS)
            .prefetch_related(credits_prefetch())
            .in_bulk()
        )
        for sibling in missing:
            sibling.card_loaded = loaded.get(sibling.pk)
    return story.card_loaded


def topics_prefetch() -> Prefetch:
    """A story's tags as `story.topics`: each link with its tag and `own_name`, the tag's
    name in the story's language (TagName) if it has one, in one query for any number of
    stories in any languages."""
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    TagName = apps.get_model("articles", "TagName")

    own_name = TagName.objects.filter(
        tag_id=OuterRef("tag_id"), language=OuterRef("content_object__language")
    ).values("name")[:1]
    links = (
        TaggedArticle.objects.select_related("tag")
        .annotate(own_name=Subquery(own_name))
        .order_by("tag__name", "tag_id")
    )
    return Prefetch("taggedarticle_set", queryset=links, to_attr="topic_links")


def tags_named_in(language: str):
    """Tags, each with `own_name`, its name in `language` where it has one (TagName)."""
    Tag = apps.get_model("taggit", "Tag")
    TagName = apps.get_model("articles", "TagName")

    own_name = TagName.objects.filter(tag_id=OuterRef("pk"), language=language).values("name")
    return Tag.objects.annotate(own_name=Subquery(own_name[:1]))


def tag_suggestions(term: str, *, limit: int = 10) -> list[dict]:
    """Topics whose name, in any language, contains `term` (case-insensitively): names that
    start with it first, then the most used, for the story form's tag field."""
    Tag = apps.get_model("taggit", "Tag")
    TagName = apps.get_model("articles", "TagName")

    named = TagName.objects.filter(name__icontains=term).values("tag_id")
    starts = TagName.objects.filter(tag_id=OuterRef("pk"), name__istartswith=term)
    tags = (
        Tag.objects.filter(Q(name__icontains=term) | Q(pk__in=named))
        .annotate(
            starts=Q(name__istartswith=term) | Exists(starts),
            uses=Count("articles_taggedarticle_items"),
        )
        .order_by("-starts", "-uses", Upper("name"))
        .prefetch_related("names")[:limit]
    )
    return [
        {"name": tag.name, "other_names": sorted(name.name for name in tag.names.all())}
        for tag in tags
    ]


def story_prefetches() -> list:
    """What a story's page shows besides the story row: bylines, tags and corrections."""
    Correction = apps.get_model("articles", "Correction")

    corrections = Correction.objects.order_by("published_at", "id")
    return [credits_prefetch(), topics_prefetch(), Prefetch("corrections", queryset=corrections)]


def load_story(story) -> None:
    """Bylines, tags and corrections for a story loaded with for_page(), unless loaded."""
    loaded = getattr(story, "_prefetched_objects_cache", {})
    if not ({"credits", "corrections"} <= loaded.keys() and hasattr(story, "topic_links")):
        prefetch_related_objects([story], *story_prefetches())


def load_bylines(story) -> None:
    """Credits with contributors for the story and the stories listed with it, unless loaded."""

    def missing(item):
        return "credits" not in getattr(item, "_prefetched_objects_cache", {})

    if missing(story):
        siblings = getattr(story, "card_siblings", [story])
        prefetch_related_objects([s for s in siblings if missing(s)], credits_prefetch())


PHRASE_OPERATOR = re.compile(r"<(?:\d+|-)>")
QUOTED_LEXEME = re.compile(r"('(?:[^']|'')*')")


def words_of(tsquery: str) -> str:
    """The query with its phrases loosened to "all these words" ('a' <-> 'b' becomes
    'a' & 'b'), which the GIN index answers exactly. Not under a negation: "-"a b"" must
    not exclude every story with both words."""
    if "!" in tsquery:
        return tsquery
    parts = QUOTED_LEXEME.split(tsquery)  # odd positions are quoted lexemes
    return "".join(
        part if number % 2 else PHRASE_OPERATOR.sub("&", part) for number, part in enumerate(parts)
    )


def stems_query(text: str) -> SearchQuery:
    """A query from parse_query's text, which holds stems already: 'simple' reads them back
    unchanged (it has no stop words and no stemmer)."""
    return SearchQuery(text, config="simple", search_type="raw")


class ArticleQuerySet(models.QuerySet):
    def published_q(self) -> Q:
        """Readers may see an article once it is published and its time has come."""
        return Q(status=self.model.Status.PUBLISHED, published_at__lte=Now())

    def published(self):
        return self.filter(self.published_q())

    def edition(self):
        """What lists show a reader: the published stories of the edition the page is in,
        the language of its address (German at /, English at /en/)."""
        return self.published().in_language(translation.get_language())

    def gone(self):
        """Stories readers could once see and that were deleted or archived: 410, not 404."""
        Status = self.model.Status
        return self.filter(
            status__in=[Status.DELETED, Status.ARCHIVED], first_published_at__isnull=False
        )

    def scheduled(self):
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=Now())

    def with_foreign_picture_text(self):
        """Stories (not in the trash) in another language than the main one that show a
        picture's own alt text or caption, which are in the main language: for their lead
        image, or for a picture in their text (the figure has no data-alt or figcaption)."""
        Image = apps.get_model("articles", "Image")
        lead = Q(lead_image__isnull=False) & (
            Q(lead_image_alt="") | Q(lead_image_caption="") & ~Q(lead_image__caption="")
        )
        in_text = Image.objects.filter(
            IsIn(F("pk"), OuterRef("body_images_without_own_alt"))
            | IsIn(F("pk"), OuterRef("body_images_without_own_caption")) & ~Q(caption="")
        )
        return (
            self.exclude(language=settings.LANGUAGE_CODE)
            .exclude(status=self.model.Status.DELETED)
            .filter(lead | Exists(in_text))
        )

    # Filters that read as prose ------------------------------------------------------------

    def in_sections(self, sections):
        """Stories in any of these sections (a section's page: sections.family()). A literal
        list of ids lets the planner read the (section, publish time) index or walk the
        publish-time index; with a subquery it joins and sorts the section's every story."""
        return self.filter(section_id__in=[section.pk for section in sections])

    def newest_per_section(self, sections, count: int):
        """The `count` newest stories of each section (with its sub-sections): their ids in
        one query, in which a correlated subquery per section walks the publish-time index;
        then the stories of those ids, as a queryset. (One query of `id IN (SELECT
        unnest(...))` was a round trip less, but PostgreSQL 15 ran its subquery again for
        every story: 35 s on a test database.)"""
        Section = self.model._meta.get_field("section").related_model
        family = Section.objects.filter(
            Q(pk=OuterRef(OuterRef("pk"))) | Q(parent_id=OuterRef(OuterRef("pk")))
        ).values("pk")
        newest = self.filter(section_id__in=family).latest_first().values("pk")[:count]
        rows = Section.objects.filter(pk__in=[s.pk for s in sections]).values_list(
            ArraySubquery(newest), flat=True
        )
        return self.filter(pk__in=[pk for ids in rows for pk in ids])

    def tagged(self, tag):
        return self.filter(tags=tag)

    def by_contributor(self, contributor):
        """Stories the contributor worked on in any role (one row per story)."""
        return self.filter(pk__in=contributor.credits.values("article_id"))

    def in_language(self, code: str):
        """Stories in one language: what that language's edition lists (a story's own page
        is in its own edition, whatever address it was asked at)."""
        return self.filter(language=code)

    def translations_of(self, article):
        """The story's other language versions, both ways along `translation_of`: of an
        original its translations; of a translation the original and its other translations."""
        return self.filter(family_q(article.translation_of_id or article.pk)).exclude(pk=article.pk)

    def without_translation_in(self, language: str):
        """Stories in other languages that have no version in `language`: neither the story
        they translate nor any translation of that story (or of themselves) is in it. Every
        state counts, the trash too: a story there still holds its language's place.

        Two NOT EXISTS rather than one with OR, so that PostgreSQL may answer each with an
        anti-join instead of two index probes per story."""
        in_language = self.model.objects.filter(language=language)
        return self.exclude(language=language).filter(
            ~Exists(in_language.filter(pk=OuterRef("translation_of_id"))),
            ~Exists(in_language.filter(translation_of_id=outer_root())),
        )

    def with_languages(self):
        """Annotate `languages`: every language the story exists in, its own included,
        sorted (one correlated subquery per row, served by the primary key and the
        translation index)."""
        versions = self.model.objects.filter(family_q(outer_root()))
        return self.annotate(
            languages=ArraySubquery(versions.order_by("language").values("language"))
        )

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
        """Full-text search in each story's own language: the best matches among the newest
        SEARCH_CANDIDATES that match, best first.

        websearch syntax ("quoted phrases", OR, -excluded); rank weighs headline over
        standfirst over body (see the trigger in migration 0003); `snippet` holds body
        fragments and `marked_headline` the headline, with matches between \\x02 and \\x03,
        for text.highlight() and text.snippet_html() to mark up.

        Why bounded: a common word matches a good part of a large archive, and ranking
        means reading every match's vector (seconds at a million stories). A rare word's
        matches are all candidates, so they are ranked fully. Apply other filters (dates,
        section) before calling search(): they narrow the candidates. This method runs two
        small queries itself: the query in each language's words, and the candidates; the
        result's `found` is the number of matches, `capped` says older ones were left out.
        """
        parsed = self.parse_query(query)
        newest = self.newest_matches(parsed, SEARCH_CANDIDATES)
        candidates = [pk for pk, matches in newest if matches]
        queries = {code: stems_query(text) for code, text in parsed.items()}
        body_text = Func(
            F("body"), Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace"
        )

        def per_language(make):
            return Case(*[When(language=code, then=make(code, q)) for code, q in queries.items()])

        results = (
            self.filter(pk__in=candidates)
            .annotate(
                rank=per_language(lambda code, q: SearchRank(F("search_vector"), q)),
                snippet=per_language(
                    lambda code, q: SearchHeadline(
                        body_text, q, config=search_config(code), **SNIPPET_OPTIONS
                    )
                ),
                marked_headline=per_language(
                    lambda code, q: SearchHeadline(
                        "headline",
                        q,
                        config=search_config(code),
                        start_sel="\x02",
                        stop_sel="\x03",
                        highlight_all=True,
                    )
                ),
            )
            .order_by("-rank", "-published_at", "-id")
        )
        # how many there are, without a COUNT(*), and whether older ones were left out
        # (attributes of this queryset only: chain nothing after search())
        results.found, results.capped = len(candidates), len(newest) >= SEARCH_CANDIDATES
        return results

    def parse_query(self, query: str) -> dict[str, str]:
        """The reader's words as a query in each language's stems (websearch syntax), read
        from PostgreSQL in one round trip."""
        languages = [code for code, _name in settings.LANGUAGES]
        with connections[self.db].cursor() as cursor:
            parse = "websearch_to_tsquery(articles_search_config(%s), %s)::text"
            cursor.execute(
                f"SELECT {', '.join(parse for _ in languages)}",
                [value for code in languages for value in (code, query)],
            )
            parsed = cursor.fetchone()
        return dict(zip(languages, parsed, strict=True))

    def newest_matches(self, parsed: dict[str, str], limit: int) -> list[tuple[int, bool]]:
        """(id, matches) of the newest `limit` stories (of this queryset) that contain the
        query's words, in one query; `matches` is False where a phrase the query asks for is
        not among them (see newest_matches_sql)."""
        sql, params = self.newest_matches_sql(parsed, limit)
        if not sql:
            return []
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def newest_matches_sql(self, parsed: dict[str, str], limit: int) -> tuple[str, list]:
        """The query newest_matches() runs ("" when there is nothing to search for).

        Each language is asked for its own stems in its own stories' vectors
        (search_vector_in), which its own GIN index holds (Article.Meta.indexes): the German
        'west' of "Western" never visits the 80,000 English stories of a million that have
        it, and PostgreSQL judges how common a word is in that language by that index's
        statistics, not by all stories'. Each is asked newest slice first: the last 30 days,
        a year, then the rest. UNION ALL runs its branches in order and stops once `limit`
        rows have come, so a common word costs the newest slice's matches. (Each slice that
        is reached reads the word's whole GIN posting list once: 15 ms for a word in 116,000
        stories. A first slice of a week, which a word must fill for half of its stories to
        be enough, mostly cost that once more for nothing.) The rest is a MATERIALIZED CTE,
        collected through the GIN index only if it is reached: asked with ORDER BY and
        LIMIT, PostgreSQL may instead walk the whole archive by date for a word it wrongly
        thinks common in that language.

        A phrase ("Nacht Essen") is looked for as its words first: the GIN index knows words,
        not their order, so PostgreSQL would read the vector of every story with both words
        (all of 39,000 at 100,000 stories for two common words). The phrase is checked on
        the `limit` newest stories with the words only, in the same query."""
        asked = {code: text for code, text in parsed.items() if text}  # "": only stop words
        if not asked:
            return "", []
        now = timezone.now()
        slices = [now - timedelta(days=days) for days in SEARCH_SLICES_DAYS]
        columns = ("pk", "published_at")
        ctes, cte_params, selects, params = [], [], [], []
        for number, (code, text) in enumerate(asked.items()):
            words = words_of(text)
            matching = (
                self.alias(vector=search_vector_in(code))
                .filter(vector=stems_query(words))
                .order_by()
            )
            branches, branch_params, newer = [], [], None
            for older in slices:
                branch = matching.filter(published_at__gte=older)
                if newer is not None:
                    branch = branch.filter(published_at__lt=newer)
                branch = branch.order_by("-published_at", "-id").values_list(*columns)[:limit]
                sql, these_params = branch.query.sql_with_params()
                branches.append(f"({sql})")
                branch_params += these_params
                newer = older
            rest_sql, rest_params = (
                matching.filter(published_at__lt=newer)
                .values_list(*columns)
                .query.sql_with_params()
            )
            ctes.append(f"rest_{number} AS MATERIALIZED ({rest_sql})")
            cte_params += rest_params
            branches.append(
                f"(SELECT * FROM rest_{number} ORDER BY published_at DESC, pk DESC LIMIT {limit})"
            )
            newest = f"(SELECT * FROM ({' UNION ALL '.join(branches)}) AS s LIMIT {limit})"
            if words == text:
                selects.append(f"(SELECT pk, published_at, true AS matches FROM {newest} AS n)")
                params += branch_params
            else:
                selects.append(
                    f"(SELECT pk, n.published_at, a.search_vector @@ %s::tsquery AS matches"
                    f" FROM {newest} AS n JOIN {self.model._meta.db_table} AS a ON a.id = n.pk)"
                )
                params += [text, *branch_params]  # in the order of the placeholders
        sql = (
            f"WITH {', '.join(ctes)} SELECT pk, matches FROM ({' UNION ALL '.join(selects)})"
            f" AS newest ORDER BY published_at DESC, pk DESC LIMIT {limit}"
        )
        return sql, cte_params + params

    def around(self, article, *, related: int = 4):
        """The story's translations, then related stories in its own language, in one query;
        never the story itself. `is_translation` tells them apart. A story with topics is
        related to stories sharing one (most shared first, then newest): fewer rather than
        unrelated ones, such as its section's newest. A story without topics (wire copy) is
        related to its section's newest.

        Candidates are bounded before anything is counted — the section's newest stories and
        the newest stories carrying its tags, each read from an index with a LIMIT — so the
        cost does not grow with the size of the archive."""
        TaggedArticle = apps.get_model("articles", "TaggedArticle")

        root = article.translation_of_id or article.pk
        translation = family_q(root)
        tag_ids = getattr(article, "tag_ids", None)  # for_page() reads them with the story
        if tag_ids is None:
            tag_ids = [tag.pk for tag in article.topics]
        stories, tagged = self.model._meta.db_table, TaggedArticle._meta.db_table
        # Written out in SQL, these two pieces cost nothing to build; as querysets (a union of
        # three, a count over a join) they took longer to compile than to run. The candidates
        # are a bound, read from indexes alone; what readers may see is decided below.
        candidates = RawSQL(
            f"(SELECT id FROM {stories} WHERE section_id = %s AND language = %s"
            " AND published_at <= STATEMENT_TIMESTAMP() ORDER BY published_at DESC LIMIT %s)"
            f" UNION (SELECT content_object_id FROM {tagged} WHERE tag_id = ANY(%s)"
            " ORDER BY content_object_id DESC LIMIT %s)"
            f" UNION (SELECT id FROM {stories} WHERE id = %s OR translation_of_id = %s)",
            [
                article.section_id,
                article.language,
                RELATED_CANDIDATES,
                tag_ids,
                RELATED_CANDIDATES * 5,
                root,
                root,
            ],
        )
        shared = RawSQL(
            f"SELECT count(*) FROM {tagged} AS t"
            f" WHERE t.content_object_id = {stories}.id AND t.tag_id = ANY(%s)",
            [tag_ids],
        )
        related_q = Q(language=article.language)
        if tag_ids:  # fewer stories rather than unrelated ones: a topic in common
            related_q &= Q(shared__gt=0)
        return (
            self.exclude(pk=article.pk)
            .filter(pk__in=candidates)
            .annotate(
                is_translation=Case(When(translation, then=True), default=False),
                shared=shared,
            )
            .filter(translation | related_q)
            .order_by("-is_translation", "-shared", "-published_at")
            .select_related("section")[: related + len(settings.LANGUAGES)]
        )

    # What each page loads ------------------------------------------------------------------

    def for_cards(self):
        """Stories as a list of cards needs them: what each card's cache key is made of
        (caching/fragments.py) and what pages choose by (section, breaking news), nothing
        else; what a card shows is loaded only if one has to be rendered (card_story). A page
        of cached cards thus builds 20 light rows, not 20 stories with their sections and
        pictures."""
        queryset = self.only(*CARD_LIST_FIELDS)
        queryset._iterable_class = CardIterable
        return queryset

    def for_listing(self):
        """Whole stories with what their cards show, plus tags, for feeds."""
        return self.select_related("section", "lead_image").prefetch_related(
            credits_prefetch(), topics_prefetch()
        )

    def for_page(self):
        """A story as its own page needs it before its parts are known to be current: the
        story with its section (and parent), lead image, stored parts (caching/rendered.py)
        and the ids of its tags (which related stories are chosen by); load_story() adds
        what the story's parts show."""
        TaggedArticle = apps.get_model("articles", "TaggedArticle")

        tag_ids = TaggedArticle.objects.filter(content_object_id=OuterRef("pk")).values("tag_id")
        return self.select_related("section__parent", "lead_image", "render").annotate(
            tag_ids=ArraySubquery(tag_ids)
        )

    def for_detail(self):
        """A story with everything its page shows (previews: never cached)."""
        return self.for_page().prefetch_related(*story_prefetches())

    def for_dashboard(self):
        return self.select_related("section").only(
            "headline", "status", "published_at", "modified_at", "section__name", "created_by_id"
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        """The search vector is for the database's eyes only; never load it into Python."""
        return super().get_queryset().defer("search_vector")


class PreviewLinkQuerySet(models.QuerySet):
    def active_q(self) -> Q:
        """A link works until an editor revokes it or it expires, on the database's clock."""
        return Q(revoked_at__isnull=True, expires_at__gt=Now())

    def active(self):
        return self.filter(self.active_q())
