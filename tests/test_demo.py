"""The demo newsroom that `make run` shows a newcomer, loaded from articles/demo.toml."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from taggit.models import Tag

from articles import demo
from articles.models import Article, Contributor, Correction, Credit, Image, Section

pytestmark = pytest.mark.django_db

WRITTEN = (Section, Contributor, Article, Image, Credit, Correction, Tag, LogEntry)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def demo_file(tmp_path, old: str, new: str) -> Path:
    """A copy of the demo data with one change, where `old` first occurs."""
    text = demo.DEMO_DATA.read_text()
    assert old in text
    path = tmp_path / "demo.toml"
    path.write_text(text.replace(old, new, 1))
    return path


def assert_nothing_written(media):
    for model in WRITTEN:
        assert not model.objects.exists(), model
    assert not media.exists() or not [path for path in media.rglob("*") if path.is_file()]


def test_demo_content_loads_once_with_pictures_translations_and_every_state(client):
    out = StringIO()
    call_command("load_demo", "--once", stdout=out)
    assert "Loaded 17 demo stories." in out.getvalue()
    assert Article.objects.count() == 17
    assert Article.objects.published().count() == 15  # one draft, one scheduled
    assert Article.objects.scheduled().count() == 1
    assert Article.objects.filter(translation_of__isnull=False).count() == 6
    images = Image.objects.all()
    assert len(images) == 17 and {(i.width, i.height) for i in images} == {(1600, 1067)}
    assert len({(i.focal_x, i.focal_y) for i in images}) > 10  # each on its own sun
    assert Section.objects.count() == 7
    assert Section.objects.get(slug="neustadt").parent.slug == "lokales"
    assert Contributor.objects.filter(kind="organisation").count() == 2
    assert Contributor.objects.get(slug="mina-park").affiliation == "CNN"
    assert Correction.objects.count() == 2
    assert list(
        Article.objects.get(slug__startswith="around-600-soldiers").credits.values_list(
            "contributor__slug", "role"
        )
    ) == [
        ("tobias-franz", "author"),
        ("aylin-oezdemir", "translator"),
        ("sophie-brandt", "photographer"),
    ]
    assert Article.objects.filter(is_breaking=True).count() == 2  # one lead per edition
    for language in ("de", "en"):  # every section has stories in both editions
        sections = set(
            Article.objects.published()
            .in_language(language)
            .values_list("section__slug", flat=True)
        )
        assert sections == set(Section.objects.values_list("slug", flat=True)), language
    for section in Section.objects.all():
        assert section.missing_languages() == [], section
    # every topic of an English story has its English name; both editions share the topic
    english_topics = Tag.objects.filter(
        articles_taggedarticle_items__content_object__language="en"
    ).distinct()
    assert english_topics and all(tag.names.filter(language="en") for tag in english_topics)
    assert Tag.objects.get(slug="verkehr").names.get().name == "Traffic"
    assert {story.language for story in Article.objects.filter(tags__slug="verkehr")} == {
        "de",
        "en",
    }
    for story in Article.objects.published():
        assert client.get(story.get_absolute_url()).status_code == 200
    again = StringIO()
    call_command("load_demo", "--once", stdout=again)
    assert "demo content not loaded" in again.getvalue()
    assert Article.objects.count() == 17
    with pytest.raises(CommandError):
        call_command("load_demo")


def test_a_file_that_is_not_toml_is_refused_with_its_line_and_nothing_is_written(tmp_path, media):
    path = demo_file(tmp_path, 'slug = "welt"', 'slug = "welt')
    with pytest.raises(
        demo.DemoDataError,
        match=rf"^{re.escape(str(path))}: not valid TOML: .*\(at line \d+, column \d+\)",
    ):
        demo.load_demo(path)
    assert_nothing_written(media)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'headline = "FC Neustadt gewinnt',
            'titel = "FC Neustadt gewinnt',
            r"article 7 \(fc-neustadt-derby\) lacks headline",
        ),
        ("\n[[contributors]]\n", "\n[[contributor]]\n", "the file has unknown keys: contributor$"),
        (
            "order = 61\n",
            "order = 61\nshow_in_menu = true\n",
            r"section 7 \(neustadt\) has unknown keys: show_in_menu",
        ),
        (
            "hours_ago = 1.5\n",
            "",
            r"article 2 \(hochwasser-warnung\): a published story needs hours_ago",
        ),
        (
            '{ contributor = "dpa", role = "author" }',
            '{ contributor = "dpa" }',
            r"article 3 \(kommunalfinanzen-umfrage\), credit 1 \(dpa\) lacks role",
        ),
        (
            "days_ago = 2\n",
            'days_ago = "two"\n',
            r"article 7 \(fc-neustadt-derby\), correction 1: days_ago must be a number",
        ),
        (
            'names = { en = "Traffic" }',
            'names = "Traffic"',
            r"topic 1 \(Verkehr\): names must be a table",
        ),
        (
            'names = { en = "Traffic" }',
            'names = { fr = "Circulation" }',
            r"topic 1 \(Verkehr\): language: .*'fr'",
        ),
    ],
)
def test_an_incomplete_file_names_the_entry_and_nothing_is_written(
    tmp_path, media, old, new, message
):
    path = demo_file(tmp_path, old, new)
    with pytest.raises(demo.DemoDataError, match=rf"^{re.escape(str(path))}: {message}"):
        demo.load_demo(path)
    assert_nothing_written(media)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # the last story fails, after twelve were written with their pictures
        (
            '{ contributor = "lukas-weiss", role = "translator" }',
            '{ contributor = "lukas-weiss", role = "übersetzer" }',
            r"article 13 \(brenner-neues-werk-en\), credit 2 \(lukas-weiss\): role: .*'übersetzer'",
        ),
        (
            'translation_of = "brenner-neues-werk"',
            'translation_of = "brenner-neues-werkk"',
            r"article 13 \(brenner-neues-werk-en\): there is no story 'brenner-neues-werkk'",
        ),
        (
            'section = "sport"',
            'section = "fussball"',
            r"article 7 \(fc-neustadt-derby\): there is no section 'fussball' above it",
        ),
    ],
)
def test_an_entry_that_fails_while_loading_leaves_nothing_behind(
    tmp_path, media, old, new, message
):
    path = demo_file(tmp_path, old, new)
    with pytest.raises(demo.DemoDataError, match=rf"^{re.escape(str(path))}: {message}"):
        demo.load_demo(path)
    assert_nothing_written(media)


def test_the_command_reports_bad_demo_data_as_an_error(monkeypatch):
    def fail():
        raise demo.DemoDataError("articles/demo.toml: article 1 (x) lacks headline")

    monkeypatch.setattr("articles.management.commands.load_demo.load_demo", fail)
    with pytest.raises(CommandError, match=r"Demo content not loaded: .* lacks headline"):
        call_command("load_demo", "--once")
