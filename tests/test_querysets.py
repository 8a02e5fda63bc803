"""One definition of what readers may see: published, and its time has come (database clock)."""

from datetime import timedelta

import pytest

from articles.caching.sections import family
from articles.models import Article
from tests.conftest import db_now, make_article, make_section

pytestmark = pytest.mark.django_db


def test_published_story_whose_time_has_come_is_visible():
    story = make_article(published_at=db_now() - timedelta(seconds=1))
    assert list(Article.objects.published()) == [story]


def test_story_scheduled_for_the_future_is_invisible_until_then():
    story = make_article(published_at=db_now() + timedelta(minutes=5))
    assert not Article.objects.published().exists()
    assert list(Article.objects.scheduled()) == [story]
    Article.objects.filter(pk=story.pk).update(published_at=db_now() - timedelta(seconds=1))
    assert list(Article.objects.published()) == [story]


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_stories_not_published_are_invisible_even_with_a_past_time(status):
    make_article(published=False, status=status, published_at=db_now() - timedelta(days=1))
    assert not Article.objects.published().exists()


def test_section_listing_includes_sub_sections_only_of_that_section():
    local = make_section("Lokales")
    town = make_section("Neustadt", parent=local)
    world = make_section("Welt")
    in_local = make_article("A", section=local)
    in_town = make_article("B", section=town)
    make_article("C", section=world)
    stories = Article.objects.published()
    assert set(stories.in_sections(family(local))) == {in_local, in_town}
    assert list(stories.in_sections(family(town))) == [in_town]


def test_latest_first_orders_by_publish_time():
    older = make_article("Older", published_at=db_now() - timedelta(hours=3))
    newer = make_article("Newer", published_at=db_now() - timedelta(hours=1))
    assert list(Article.objects.published().latest_first()) == [newer, older]


def test_around_lists_translations_then_stories_sharing_most_topics():
    home, other = make_section("Politik"), make_section("Kultur")
    hours = iter(range(1, 100))

    def story(headline, section, tags=(), **fields):
        published_at = db_now() - timedelta(hours=next(hours))
        made = make_article(headline, section=section, published_at=published_at, **fields)
        made.tags.add(*tags)
        return made

    newest_in_section = story("Neu in der Rubrik", home)
    one_tag = story("Ein Thema gemeinsam", other, ["Wahl"])
    article = story("Die Geschichte", home, ["Wahl", "Haushalt", "Bund"])
    two_tags = story("Zwei Themen gemeinsam", other, ["Wahl", "Haushalt"])
    translation = story("The story", other, language="en", translation_of=article)
    story("Entwurf mit allen Themen", home, ["Wahl", "Haushalt", "Bund"], published=False)
    story("Fremd", other, ["Anderes"])
    around = list(Article.objects.published().around(article, related=4))
    # the section's newest story shares no topic: not related, even with room left
    assert around == [translation, two_tags, one_tag]
    assert [s.is_translation for s in around] == [True, False, False]
    assert [s.shared for s in around[1:]] == [2, 1]
    # a story without topics gets its section's newest
    untagged = story("Agenturmeldung", home)
    assert list(Article.objects.published().around(untagged, related=4))[:2] == [
        newest_in_section,
        article,
    ]
