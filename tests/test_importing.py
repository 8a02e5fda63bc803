"""The story importer: the seed's format, its credit line, and bad input that writes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.importing import parse_story
from articles.models import Article, Contributor, Credit
from tests.conftest import make_section

pytestmark = pytest.mark.django_db

STORY = """Erster Absatz mit dem Wichtigsten. Er hat zwei Sätze.
Eine Zwischenzeile
Ein Absatz unter der Zwischenzeile.
Noch ein Absatz, der mit „Zitat“ endet.
Reuters' Max Muster und Anna Schmidt haben ebenfalls zu diesem Bericht beigetragen.
Details zur Meldung
"""


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_story", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    """Run the command expecting failure; return what it printed."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_story", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_parse_story_splits_lead_subheadings_paragraphs_and_credit():
    story = parse_story(STORY)
    assert story.lead == "Erster Absatz mit dem Wichtigsten. Er hat zwei Sätze."
    assert story.subheadings == ["Eine Zwischenzeile"]
    assert story.paragraphs == [
        "Erster Absatz mit dem Wichtigsten. Er hat zwei Sätze.",
        "Ein Absatz unter der Zwischenzeile.",
        "Noch ein Absatz, der mit „Zitat“ endet.",
    ]
    assert [(p.name, p.affiliation) for p in story.contributors] == [
        ("Max Muster", "Reuters"),
        ("Anna Schmidt", "Reuters"),
    ]
    assert "Details zur Meldung" not in story.body_html()
    assert "beigetragen" not in story.body_html()


def test_short_last_line_is_a_paragraph_not_a_subheading():
    story = parse_story("Lead sentence here.\nNo heading at the end")
    assert story.subheadings == []
    assert story.paragraphs[-1] == "No heading at the end"


def test_seed_story_imports_with_nine_subheadings_eleven_paragraphs_and_one_credit(
    seed_story, tmp_path
):
    make_section("Welt")
    out, _ = run(seed_story, "--section", "welt")
    article = Article.objects.get()
    assert article.body.count("<h2>") == 9
    assert article.body.count("<p>") == 11
    assert "beigetragen" not in article.body
    assert "Details zur Meldung" not in article.body
    assert article.status == "draft"
    assert article.language == "de"
    credit = Credit.objects.get()
    assert (credit.role, credit.contributor.name, credit.contributor.affiliation) == (
        "contributor",
        "Gawon Bae",
        "CNN",
    )
    assert article.headline.startswith("CNN berichtete, dass Nordkorea")
    assert len(article.headline) <= 90
    assert "headline derived from the lead" in out


def test_headline_option_and_publish_and_contributor_reuse(seed_story):
    make_section("Welt")
    run(seed_story, "--section", "welt", "--headline", "Nordkorea schickt weitere Soldaten")
    run(seed_story, "--section", "welt", "--publish", "--language", "de")
    first, second = Article.objects.order_by("id")
    assert first.headline == "Nordkorea schickt weitere Soldaten"
    assert first.slug == "nordkorea-schickt-weitere-soldaten"
    assert list(Article.objects.published()) == [second]
    assert Contributor.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\n  ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
        ("Grüße aus Köln. Ein Absatz.".encode("latin-1"), "not valid UTF-8"),
        (b"Details zur Meldung\n", "no story text"),
    ],
)
def test_bad_files_get_a_clear_error_naming_the_file_and_write_nothing(tmp_path, content, message):
    make_section("Welt")
    path = write(tmp_path, "bad.txt", content)
    _, err = run_failing(path)
    assert str(path) in err
    assert message in err
    assert Article.objects.count() == 0
    assert Contributor.objects.count() == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--section", "sport"], "unknown section 'sport'"),
        (["--language", "fr"], "unknown language 'fr'"),
    ],
)
def test_unknown_section_or_language_writes_nothing(tmp_path, options, message):
    make_section("Welt")
    path = write(tmp_path, "story.txt", STORY)
    _, err = run_failing(path, *options)
    assert f"{path}: {message}" in err
    assert Article.objects.count() == 0
    assert Contributor.objects.count() == 0


def test_missing_file_is_reported(tmp_path):
    make_section("Welt")
    _, err = run_failing(tmp_path / "nowhere.txt")
    assert "nowhere.txt: cannot read the file" in err


def test_several_files_import_each_on_its_own_and_exit_status_reports_failure(tmp_path):
    make_section("Welt")
    good = write(tmp_path, "good.txt", STORY)
    bad = write(tmp_path, "bad.txt", b"\x00\x01\x02")
    also_good = write(tmp_path, "also_good.txt", STORY.replace("Erster", "Zweiter"))
    with pytest.raises(CommandError, match="1 of 3 file"):
        run(good, bad, also_good)
    assert Article.objects.count() == 2


def test_several_good_files_show_a_progress_bar(tmp_path, capsys):
    make_section("Welt")
    paths = [write(tmp_path, f"{n}.txt", STORY) for n in range(3)]
    run(*paths)
    assert "3/3" in capsys.readouterr().err
    assert Article.objects.count() == 3
