"""A story's page parts are rendered when it is written and kept in PostgreSQL
(articles/caching/rendered.py); a change to anything they show makes them again, for exactly
the stories that show it."""

from io import StringIO
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import publishing
from articles.caching import rendered
from articles.models import Article, Contributor, Image, Section, StoryRender
from tests.conftest import make_article, make_section, words_of
from tests.test_images import encode, upload

pytestmark = pytest.mark.django_db

STORY = "articles/includes/story.html"


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.CARD_CACHE_SECONDS = 3600
    cache.clear()


@pytest.fixture
def story(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(
            "Der Fluss steigt", section=make_section("Politik"), authors=["Anna Schmidt"]
        )
    return Article.objects.get(pk=article.pk)


def story_rendered(response) -> bool:
    return any(template.name == STORY for template in response.templates)


def stored(story) -> StoryRender:
    return StoryRender.objects.get(article=story)


def test_publishing_a_story_renders_its_parts_when_the_change_commits(client, story):
    parts = stored(story)
    assert "Der Fluss steigt" in parts.story and "Anna Schmidt" in parts.story
    assert '"NewsArticle"' in parts.head
    assert f"story-{story.pk}" in parts.keys and f"section-{story.section_id}" in parts.keys

    url = story.get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    # its first page view renders no part: the content state, the story with its parts, the
    # related stories, the section list for the menu
    assert response.status_code == 200 and not story_rendered(response)
    assert "Von Anna Schmidt" in words_of(response.content.decode())
    assert len(queries) == 4
    assert not any('"articles_credit"' in query["sql"] for query in queries)


def test_a_draft_gets_no_stored_parts(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_article("Noch geheim", published=False)
    assert not StoryRender.objects.filter(article=draft).exists()


def test_parts_name_the_address_the_page_was_asked_at(client, story):
    url = story.get_absolute_url()
    assert rendered.ORIGIN in stored(story).head  # kept for any host, filled in per request
    html = client.get(url, HTTP_HOST="127.0.0.1").content.decode()
    assert f'href="http://127.0.0.1{url}"' in html
    assert quote(f"http://127.0.0.1{url}", safe="/") in html  # the share links
    assert "newsroom.invalid" not in html
    other = client.get(url, HTTP_HOST="localhost").content.decode()
    assert f'href="http://localhost{url}"' in other and "127.0.0.1" not in other


def test_translations_are_filled_in_per_request_without_rendering_again(
    client, story, editor, django_capture_on_commit_callbacks
):
    url = story.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        english = make_article(
            "The river rises", section=story.section, language="en", translation_of=story
        )
    response = client.get(url)
    html = response.content.decode()
    assert not story_rendered(response)
    assert f'hreflang="en" href="http://testserver{english.get_absolute_url()}"' in html
    assert "Read this story in English" in html

    publishing.unpublish(english, by=editor)
    html = client.get(url).content.decode()
    assert 'rel="alternate" hreflang="en"' not in html and "Read this story in English" not in html


def test_a_reference_bumps_the_version_of_exactly_the_stories_that_show_it(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    picture = publishing.save_image(Image(file=upload(encode()), alt_text="Ein Fluss"))
    politik = make_section("Politik")
    child = make_section("Landtag", parent=politik)
    leading = make_article("Mit Bild", section=politik, lead_image=picture)
    in_body = make_article(
        "Bild im Text",
        section=make_section("Sport"),
        body=f'<p>Text</p><figure data-image="{picture.pk}" data-align="full"></figure>',
    )
    in_child = make_article("Aus dem Landtag", section=child, authors=["Anna Schmidt"])
    elsewhere = make_article("Anderswo", section=make_section("Kultur"), authors=["Ben Roth"])

    def versions():
        found = dict(StoryRender.objects.values_list("article_id", "version"))
        return {
            story.pk: found.get(story.pk, 0) for story in (leading, in_body, in_child, elsewhere)
        }

    def bumped(change) -> set[int]:
        before = versions()
        change()
        after = versions()
        return {pk for pk in before if after[pk] != before[pk]}

    assert bumped(picture.save) == {leading.pk, in_body.pk}
    # a section's name shows in the breadcrumbs of its sub-sections' stories
    assert bumped(politik.save) == {leading.pk, in_child.pk}
    assert bumped(Contributor.objects.get(name="Anna Schmidt").save) == {in_child.pk}
    in_child.tags.add("Wahlen")
    tag = in_child.tags.get()
    assert bumped(tag.save) == {in_child.pk}
    # the lead picture's link is cleared before the delete is signalled
    assert bumped(picture.delete) == {leading.pk, in_body.pk}


def test_a_reference_changed_while_the_parts_were_rendered_leaves_them_old(client, story):
    """The version is read with the story, before what the parts show: a rename that
    commits in between makes parts stored under the older version, which the next view
    finds old."""
    StoryRender.objects.filter(article=story).update(made_from="")
    article = Article.objects.published().for_page().get(pk=story.pk)  # version read here
    Contributor.objects.filter(name="Anna Schmidt").update(name="Anna Schmidt-Weber")
    Contributor.objects.get(name="Anna Schmidt-Weber").save()  # bumps the version
    request = client.get("/").wsgi_request
    rendered.story_parts(request, article, [])  # renders with the new name, keeps the old key

    response = client.get(story.get_absolute_url())
    assert story_rendered(response)  # rendered again: the stored key was old
    assert "Von Anna Schmidt-Weber" in words_of(response.content.decode())
    assert not story_rendered(client.get(story.get_absolute_url()))


@pytest.mark.parametrize("change", ["release", "edit", "section"])
def test_every_version_change_renders_the_parts_once_more(client, story, settings, change):
    url = story.get_absolute_url()
    assert not story_rendered(client.get(url))
    if change == "release":
        settings.RELEASE = "the-next-release"
    elif change == "edit":  # a save outside publishing: a script, the shell
        Article.objects.filter(pk=story.pk).update(headline="Der Fluss steigt weiter")
        Article.objects.get(pk=story.pk).save(update_fields=["modified_at"])
    else:
        Section.objects.filter(pk=story.section_id).update(name="Innenpolitik")
        Section.objects.get(pk=story.section_id).save()
    first, second = client.get(url), client.get(url)
    assert story_rendered(first) and not story_rendered(second)
    assert second.content == first.content


def test_render_stories_renders_every_old_or_missing_part_ahead_of_readers(story, settings):
    loaded_in_bulk = make_article("Aus dem Archiv", section=story.section)  # no commit: no parts
    draft = make_article("Noch geheim", published=False)
    settings.RELEASE = "the-next-release"  # a deploy: every stored part is old
    out = StringIO()

    call_command("render_stories", "--batch", "1", stdout=out)

    assert "Rendered 2 stories" in out.getvalue()
    made = dict(StoryRender.objects.values_list("article_id", "made_from"))
    assert made[story.pk].startswith("the-next-release:")
    assert made[loaded_in_bulk.pk].startswith("the-next-release:")
    assert draft.pk not in made
    call_command("render_stories", stdout=out)  # nothing old any more
    assert "Rendered 0 stories" in out.getvalue()


def test_render_stories_refuses_a_batch_below_one_and_renders_nothing(story):
    StoryRender.objects.update(made_from="")
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("render_stories", "--batch", "0", stderr=err)
    assert "--batch must be at least 1" in err.getvalue()
    assert StoryRender.objects.get(article=story).made_from == ""


@pytest.mark.django_db(transaction=True)
def test_render_stories_shares_the_work_between_processes():
    """Each process renders the stories whose id falls to it; together, every one."""
    section = make_section("Politik")
    stories = [make_article(f"Meldung {number}", section=section) for number in range(5)]
    StoryRender.objects.all().delete()  # as after a bulk load: no parts yet
    out = StringIO()

    call_command("render_stories", "--workers", "2", "--batch", "2", stdout=out)

    assert "Rendered 5 stories" in out.getvalue() and "2 process(es)" in out.getvalue()
    made = StoryRender.objects.exclude(made_from="").values_list("article_id", flat=True)
    assert sorted(made) == sorted(story.pk for story in stories)


def test_render_stories_refuses_no_workers():
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("render_stories", "--workers", "0", stderr=err)
    assert "--workers must be at least 1" in err.getvalue()
