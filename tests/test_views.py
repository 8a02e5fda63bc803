"""The public article page and its neighbours."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils.timezone import localtime
from PIL import Image as PILImage

from articles.models import Article, Contributor, Correction, Credit, Image
from tests.conftest import db_now, make_article, make_contributor, make_section, words_of

pytestmark = pytest.mark.django_db

GERMAN_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


@pytest.fixture
def story():
    article = make_article(
        "Nordkorea schickt weitere Soldaten",
        section=make_section("Welt"),
        kicker="Krieg in der Ukraine",
        standfirst="Pjöngjang stockt auf.",
        body="<p>Erster Absatz.</p><h2>Zwischenzeile</h2><p>Zweiter Absatz.</p>",
        authors=["Anna Schmidt", "Ben Weber"],
        dateline="Seoul",
        language="de",
    )
    Credit.objects.create(
        article=article,
        contributor=make_contributor("Gawon Bae", affiliation="CNN"),
        role="contributor",
        order=5,
    )
    article.tags.add("Nordkorea", "Russland")
    Correction.objects.create(article=article, text="Die Zahl der Soldaten wurde korrigiert.")
    return article


def test_article_page_shows_the_whole_story(client, story):
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "Von Anna Schmidt und Ben Weber" in words_of(html)  # the names are links
    assert "CNNs Gawon Bae hat ebenfalls zu diesem Bericht beigetragen." in words_of(html)
    for text in [
        "Krieg in der Ukraine",
        "<h1>Nordkorea schickt weitere Soldaten</h1>",
        "Pjöngjang stockt auf.",
        "<h2>Zwischenzeile</h2>",
        "Seoul",
        "Die Zahl der Soldaten wurde korrigiert.",
        'href="/thema/nordkorea/"',
    ]:
        assert text in html, text
    published = localtime(story.published_at)
    assert f"{published.day}. {GERMAN_MONTHS[published.month - 1]} {published.year}, " in html
    assert f"{published:%H:%M} Uhr" in html


def test_english_story_is_worded_and_dated_in_english(client):
    story = make_article(
        "Soldiers sent", language="en", authors=["Anna Schmidt", "Ben Weber", "Cem Yilmaz"]
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html
    assert "By Anna Schmidt, Ben Weber and Cem Yilmaz" in words_of(html)
    assert "Uhr" not in html


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_unpublished_stories_answer_404(client, status):
    story = make_article(published=False, status=status)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_scheduled_story_answers_404_until_its_time(client):
    story = make_article(published_at=db_now() + timedelta(hours=1))
    assert client.get(story.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=story.pk).update(published_at=db_now() - timedelta(seconds=1))
    assert client.get(story.get_absolute_url()).status_code == 200


def test_old_slug_or_section_redirects_permanently_to_the_current_url(client, story):
    current = story.get_absolute_url()
    for old in [f"/welt/alte-ueberschrift-{story.pk}/", f"/sport/nordkorea-{story.pk}/"]:
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == current


def test_unknown_id_answers_404(client, story):
    assert (
        client.get(f"/welt/nordkorea-schickt-weitere-soldaten-{story.pk + 99}/").status_code == 404
    )


def test_imported_seed_story_renders_as_a_correct_article_page(client, seed_story):
    make_section("Welt")
    call_command(
        "import_story", str(seed_story), "--section", "welt", "--publish", "--headline", "Nordkorea"
    )
    story = Article.objects.get()
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.count("<h2>") == 9
    assert "<h2>Verluste und Rüstungsartikel</h2>" in html
    assert "CNNs Gawon Bae hat ebenfalls zu diesem Bericht beigetragen." in words_of(html)
    assert Contributor.objects.get().affiliation == "CNN"


def test_home_lists_only_published_stories(client):
    visible = make_article("Sichtbar")
    make_article("Entwurf", published=False)
    make_article("Geplant", published_at=db_now() + timedelta(days=1))
    html = client.get("/").content.decode()
    assert visible.headline in html
    assert "Entwurf" not in html
    assert "Geplant" not in html


def test_list_pages_reject_bad_page_numbers(client, section):
    make_article(section=section)
    assert client.get(f"/{section.slug}/").status_code == 200
    for page in ["2", "abc", "0"]:
        assert client.get(f"/{section.slug}/?page={page}").status_code == 404


def test_lead_image_shows_with_alt_text_caption_credit_and_dimensions(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), "navy").save(buffer, "JPEG")
    image = Image(alt_text="Soldaten auf einem Übungsplatz", caption="Übung", credit="Foto: dpa")
    image.file.save("soldaten.jpg", ContentFile(buffer.getvalue()), save=False)
    image.full_clean()
    image.save()
    story = make_article(lead_image=image)
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'alt="Soldaten auf einem Übungsplatz"' in html
    assert 'width="64" height="36"' in html  # its 16:9 crop
    assert '<figcaption>Übung <span class="credit">Foto: dpa</span></figcaption>' in html
