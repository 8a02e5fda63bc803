"""The story importer: the seed's format, its credit line, and bad input that writes nothing."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from reversion.models import Version

from articles import publishing
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
    # no headline is made up, and the lead is not repeated as one
    assert article.headline == "" and article.body.count("CNN berichtete, dass Nordkorea") == 1
    assert f"imported #{article.pk} as draft – it has no headline" in out


def test_a_story_without_a_headline_waits_for_one_on_the_dashboard(seed_story, editor, client):
    make_section("Welt")
    run(seed_story, "--section", "welt")
    article = Article.objects.get()
    with pytest.raises(ValidationError, match="Überschrift"):
        publishing.submit(article, by=editor)
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    start = dashboard.index("Wartet auf eine Überschrift")
    waiting = dashboard[start : dashboard.index("</section>", start)]
    assert f"/admin/articles/article/{article.pk}/change/" in waiting
    form = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'placeholder="CNN berichtete, dass Nordkorea' in form  # a hint, not a value
    article.refresh_from_db()
    article.headline = "Nordkorea schickt weitere Soldaten"
    article = publishing.save_edit(article, by=editor, expected_version=article.version)
    assert article.slug == "nordkorea-schickt-weitere-soldaten"
    assert publishing.submit(article, by=editor).status == "review"


def test_publishing_without_a_headline_is_refused_and_writes_nothing(seed_story):
    make_section("Welt")
    _, err = run_failing(seed_story, "--section", "welt", "--publish")
    assert "has no headline, and none is made up" in err
    assert Article.objects.count() == 0 and Contributor.objects.count() == 0


def test_headline_option_and_publish_and_contributor_reuse(seed_story, tmp_path):
    make_section("Welt")
    run(seed_story, "--section", "welt", "--headline", "Nordkorea schickt weitere Soldaten")
    other = write(tmp_path, "other.txt", seed_story.read_text().replace("3.000", "4.000"))
    run(other, "--section", "welt", "--publish", "--headline", "Mehr Soldaten", "--language", "de")
    first, second = Article.objects.order_by("id")
    assert first.headline == "Nordkorea schickt weitere Soldaten"
    assert first.slug == "nordkorea-schickt-weitere-soldaten"
    assert list(Article.objects.published()) == [second]
    assert Contributor.objects.count() == 1


def test_a_second_import_is_recognised_and_updates_only_when_asked(tmp_path):
    make_section("Welt")
    path = write(tmp_path, "story.txt", STORY)
    run(path, "--headline", "Erste Meldung")
    article = Article.objects.get()
    # the same text again, saved with other line endings and spacing
    again = write(tmp_path, "again.txt", STORY.replace("\n", "  \r\n"))
    out, _ = run(again)
    assert f"already imported as #{article.pk}" in out
    assert "0 imported, 0 updated, 1 already imported, 0 refused" in out
    assert Article.objects.count() == 1

    changed = STORY.replace("Ein Absatz unter", "Ein neuer Absatz unter")
    write(tmp_path, "story.txt", changed)
    run(path)  # a changed file is a new text: imported as a story of its own
    assert Article.objects.count() == 2
    out, _ = run(again, "--update", "--headline", "Erste Meldung, ergänzt")
    article.refresh_from_db()
    assert f"updated #{article.pk}" in out and article.headline == "Erste Meldung, ergänzt"
    assert article.version == 2 and Version.objects.get_for_object(article).count() == 2
    assert Article.objects.count() == 2


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
    paths = [write(tmp_path, f"{n}.txt", STORY.replace("Erster", f"{n}.")) for n in range(3)]
    run(*paths)
    assert "3/3" in capsys.readouterr().err
    assert Article.objects.count() == 3


def test_a_folder_imports_with_a_summary_of_what_was_imported_skipped_and_refused(tmp_path):
    make_section("Welt")
    drop = tmp_path / "drop"
    (drop / "abend").mkdir(parents=True)
    write(drop, "1.txt", STORY)
    write(drop, "2.txt", STORY.replace("Erster", "Zweiter"))
    write(drop / "abend", "3.txt", STORY.replace("Erster", "Dritter"))
    write(drop, "kaputt.txt", b"\x00\x01")
    write(drop, ".DS_Store", b"\x00\x00\x00\x01Bud1")
    run(drop / "1.txt")
    out, err = run_failing(drop)
    assert "2 imported, 0 updated, 1 already imported, 1 refused" in out
    assert f"refused: {drop / 'kaputt.txt'}: the file holds binary data" in err
    assert ".DS_Store" not in out + err
    assert Article.objects.count() == 3


def test_an_empty_folder_is_an_error(tmp_path):
    (tmp_path / "leer").mkdir()
    with pytest.raises(CommandError, match="no files in"):
        run(tmp_path / "leer")
