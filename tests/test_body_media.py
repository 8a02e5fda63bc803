"""Pictures and embeds inside a story body: stored as small placeholders, shown with the
picture's current renditions or as a click-to-load placeholder, never a third-party frame
or script before the reader asks."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import publishing
from articles.media import body, embeds
from articles.models import Image
from articles.sanitizing import sanitize_body
from tests.conftest import make_article, make_user
from tests.test_renditions import jpeg

YOUTUBE = "dQw4w9WgXcQ"
BLUESKY = "did:plc:z72i7hdynmk6r22z27h6tvur/3kwxyz234abcd"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def picture(alt="Der Hafen im Nebel", **fields) -> Image:
    content = jpeg((1600, 1000))
    return publishing.save_image(
        Image(file=SimpleUploadedFile("hafen.jpg", content), alt_text=alt, **fields)
    )


def figure_of(image, align="full", caption="") -> str:
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure data-image="{image.pk}" data-align="{align}">{caption}</figure>'


def story_html(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# Rendering pictures ---------------------------------------------------------------------


def test_a_body_picture_is_shown_with_its_renditions_caption_and_credit(client, db):
    image = picture(caption="Hamburg am Morgen", credit="Foto: Jan Meier")
    article = make_article(body=f"<p>Vorher.</p>{figure_of(image, 'inset-left')}<p>Nachher.</p>")
    html = story_html(client, article)
    shown = re.search(r'<figure class="image image--inset-left">.*?</figure>', html, re.S)[0]
    assert 'type="image/webp"' in shown and f"/media/renditions/{image.pk}/whole-" in shown
    assert 'width="1600" height="1000"' in shown and 'loading="lazy"' in shown
    assert 'alt="Der Hafen im Nebel"' in shown
    assert "Hamburg am Morgen" in shown and '<span class="credit">Foto: Jan Meier</span>' in shown
    assert "data-image" not in html


def test_the_figures_own_caption_replaces_the_pictures_but_keeps_the_credit(client, db):
    image = picture(caption="Hamburg am Morgen", credit="Jan Meier")
    article = make_article(body=figure_of(image, caption="Port of Hamburg &amp; fog"))
    html = story_html(client, article)
    assert "Port of Hamburg &amp; fog" in html and "Hamburg am Morgen" not in html
    assert '<span class="credit">Jan Meier</span>' in html


def test_all_pictures_of_a_body_cost_one_query(client, db, settings):
    settings.CARD_CACHE_SECONDS = 0  # render the story part on every request
    images = [picture(f"Bild {n}") for n in range(4)]
    one = make_article("Ein Bild", body=figure_of(images[0]))
    four = make_article("Vier Bilder", body="".join(figure_of(image) for image in images))
    story_html(client, one)  # warm what a process reads once (sections, content state)
    story_html(client, four)
    with CaptureQueriesContext(connection) as with_one:
        story_html(client, one)
    with CaptureQueriesContext(connection) as with_four:
        html = story_html(client, four)
    assert len(with_four.captured_queries) == len(with_one.captured_queries), [
        q["sql"][:90] for q in with_one.captured_queries + with_four.captured_queries
    ]
    assert html.count("<picture>") == 4
    assert sum('FROM "articles_image"' in q["sql"] for q in with_four.captured_queries) == 1


def test_a_deleted_picture_is_left_out(client, db):
    kept, gone = picture("Bleibt"), picture("Geht")
    article = make_article(body=f"{figure_of(gone, caption='Weg')}<p>Text.</p>{figure_of(kept)}")
    gone.delete()
    html = story_html(client, article)
    assert 'alt="Bleibt"' in html and "Weg" not in html and html.count("<picture>") == 1


def test_changing_a_picture_changes_every_story_that_shows_it(client, db, settings):
    """An Image is a reference (caching/invalidation.py): its save bumps the reference
    generation, which every cached story part's key holds."""
    assert settings.CARD_CACHE_SECONDS
    image = picture(caption="Alte Unterschrift")
    article = make_article(body=figure_of(image))
    assert "Alte Unterschrift" in story_html(client, article)
    image.caption = "Neue Unterschrift"
    image.save()
    html = story_html(client, article)
    assert "Neue Unterschrift" in html and "Alte Unterschrift" not in html


def test_a_story_page_names_its_pictures_in_its_surrogate_keys(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 600  # public answers carry their keys
    image = picture()
    article = make_article(body=figure_of(image))
    response = client.get(article.get_absolute_url())
    assert f"image-{image.pk}" in response["Surrogate-Key"].split()


# Embeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "embed_id", "frame", "link"),
    [
        (
            "youtube",
            YOUTUBE,
            f"https://www.youtube-nocookie.com/embed/{YOUTUBE}",
            f"https://www.youtube.com/watch?v={YOUTUBE}",
        ),
        (
            "vimeo",
            "76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "bluesky",
            BLUESKY,
            "https://embed.bsky.app/embed/did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3kwxyz234abcd",
            "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3kwxyz234abcd",
        ),
        (
            "map",
            "14/52.52000/13.40500",
            "https://www.openstreetmap.org/export/embed.html?bbox=13.37753,52.50747,13.43247,"
            "52.53253&amp;layer=mapnik&amp;marker=52.52000,13.40500",
            "https://www.openstreetmap.org/?mlat=52.52000&amp;mlon=13.40500#map=14/52.52000/13.40500",
        ),
    ],
)
def test_an_embed_is_a_click_to_load_placeholder_linking_to_the_original(
    client, db, provider, embed_id, frame, link
):
    article = make_article(
        body=f'<figure data-embed="{provider}" data-id="{embed_id}">'
        '<figcaption>Das "Video"</figcaption></figure>',
        language="en",
    )
    html = story_html(client, article)
    label = embeds.PROVIDERS[provider].label
    assert "<iframe" not in html
    assert f'data-embed-frame="{frame}"' in html
    assert f'<a href="{link}" rel="noopener noreferrer">' in html
    assert f"Loading this shows content from {label}, which may set cookies." in html
    assert f'data-embed-title="{label}: Das &quot;Video&quot;"' in html
    assert re.search(r'<script src="/static/articles/embeds(\.[0-9a-f]+)?\.js" defer>', html)


def test_a_story_without_embeds_loads_no_script(client, db):
    html = story_html(client, make_article(body="<p>Nur Text.</p>"))
    assert "embeds" not in html


def test_every_embed_host_is_allowed_as_a_frame_and_scripts_stay_strict(client, db):
    csp = client.get(
        make_article(
            body=f'<figure data-embed="youtube" data-id="{YOUTUBE}"></figure>'
        ).get_absolute_url()
    )["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    frames = directives["frame-src"].split()
    for provider in embeds.PROVIDERS.values():
        assert f"https://{provider.frame_host}" in frames
    assert directives["script-src"].split() == ["'self'", *directives["script-src"].split()[1:]]
    assert "unsafe-inline" not in directives["script-src"]
    assert all("unsafe" not in source and "*" not in source for source in frames)


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        (f"https://www.youtube.com/watch?v={YOUTUBE}&t=42", ("youtube", YOUTUBE)),
        (f"https://youtu.be/{YOUTUBE}", ("youtube", YOUTUBE)),
        (f"https://www.youtube.com/shorts/{YOUTUBE}", ("youtube", YOUTUBE)),
        ("https://vimeo.com/76979871", ("vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871", ("vimeo", "76979871")),
        (f"https://bsky.app/profile/{BLUESKY.replace('/', '/post/')}", ("bluesky", BLUESKY)),
        (
            '<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:'
            'z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3kwxyz234abcd">…</blockquote>',
            ("bluesky", BLUESKY),
        ),
        ("https://www.openstreetmap.org/#map=14/52.52/13.405", ("map", "14/52.52000/13.40500")),
        (
            "https://www.openstreetmap.org/?mlat=48.137&mlon=11.575#map=12/48.1/11.5",
            ("map", "12/48.13700/11.57500"),
        ),
        ("https://www.youtube.com/watch?v=tooshort", None),
        ("https://bsky.app/profile/someone.bsky.social/post/3kwxyz234abcd", None),
        ("https://evil.example/embed/dQw4w9WgXcQ", None),
        ("javascript:alert(1)//youtu.be/dQw4w9WgXcQ", None),
        ("https://www.openstreetmap.org/#map=14/123.0/13.4", None),
    ],
)
def test_a_pasted_address_gives_a_provider_and_id_or_nothing(pasted, expected):
    assert embeds.from_url(pasted) == expected


# Sanitising -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        f'<figure data-embed="youtube" data-id="{YOUTUBE}"></figure>',
        f'<figure data-embed="bluesky" data-id="{BLUESKY}"><figcaption>Post</figcaption></figure>',
        '<figure data-embed="map" data-id="3/-33.86880/151.20930"></figure>',
        '<figure data-image="7" data-align="inset-right"><figcaption>A&amp;B</figcaption></figure>',
    ],
)
def test_the_editors_figures_are_kept_as_they_are(html):
    assert sanitize_body(html) == html


@pytest.mark.parametrize(
    "html",
    [
        '<figure data-embed="youtube" data-id="\\"><script>alert(1)</script>"></figure>',
        '<figure data-embed="youtube" data-id="dQw4w9WgXc"></figure>',  # ten characters
        '<figure data-embed="youtube" data-id="76979871"></figure>',
        f'<figure data-embed="vimeo" data-id="{YOUTUBE}"></figure>',
        '<figure data-embed="vimeo" data-id="javascript:alert(1)"></figure>',
        f'<figure data-embed="evil" data-id="{YOUTUBE}"></figure>',
        f'<figure data-embed="YouTube" data-id="{YOUTUBE}"></figure>',
        f'<figure data-embed="youtube" data-id=" {YOUTUBE}"></figure>',
        '<figure data-embed="map" data-id="14/91.0/13.4"></figure>',
        '<figure data-embed="bluesky" data-id="did:web:evil.example/3kwxyz234abcd"></figure>',
        '<figure data-image="1 OR 1=1" data-align="full"></figure>',
        '<figure data-image="-1"></figure>',
        '<figure data-image="７"></figure>',  # a full-width digit
        '<figure data-image="7" data-align="center"></figure>',
        "<figure><figcaption>No picture, no embed</figcaption></figure>",
        "<figure><iframe src=https://evil.example></iframe></figure>",
    ],
)
def test_a_figure_with_a_bad_id_provider_or_alignment_goes_whole(html):
    assert "figure" not in sanitize_body(html) and "alert" not in sanitize_body(html)


def test_a_figure_holds_only_a_caption_of_plain_text():
    html = (
        f'<figure data-embed="youtube" data-id="{YOUTUBE}" onclick="alert(1)">'
        "<figcaption><a href='javascript:alert(1)'>Das</a> <b>Video</b></figcaption>"
        "<p>Mehr</p><iframe src='https://evil.example'></iframe></figure>"
    )
    assert sanitize_body(html) == (
        f'<figure data-embed="youtube" data-id="{YOUTUBE}">'
        "<figcaption>Das Video</figcaption></figure>"
    )


def test_a_figure_stands_only_between_paragraphs():
    html = f'<ul><li>Punkt<figure data-embed="youtube" data-id="{YOUTUBE}"></figure></li></ul>'
    assert sanitize_body(html) == "<ul><li>Punkt</li></ul>"


def test_sanitising_figures_twice_changes_nothing():
    html = (
        '<p>A</p><figure data-align="inset-left" data-image="0012"><figcaption> x&nbsp;&lt;y&gt; '
        "</figcaption><figcaption>second</figcaption></figure><figcaption>stray</figcaption>"
    )
    once = sanitize_body(html)
    assert once == (
        '<p>A</p><figure data-image="12" data-align="inset-left"><figcaption>x&nbsp;&lt;y&gt;'
        "</figcaption></figure>stray"
    )
    assert sanitize_body(once) == once


def test_a_body_without_figures_is_rendered_as_stored(db):
    html = "<p>Text mit <a href='https://example.org'>Link</a>.</p>"
    assert body.render(sanitize_body(html)) == sanitize_body(html)


# The editor's look-ups --------------------------------------------------------------------


def test_the_picker_finds_pictures_by_alt_text_or_caption(client, db):
    harbour = picture("Der Hafen im Nebel")
    picture("Ein Fußballspiel", caption="Stadion")
    client.force_login(make_user("rita", "Reporter"))
    url = reverse("body-media-images")
    found = client.get(url, {"q": "hafen"}).json()["results"]
    assert [hit["id"] for hit in found] == [harbour.pk]
    assert found[0]["alt"] == "Der Hafen im Nebel"
    assert found[0]["thumbnail"].startswith(f"/media/renditions/{harbour.pk}/whole-")
    assert [hit["alt"] for hit in client.get(url, {"q": "stadion"}).json()["results"]] == [
        "Ein Fußballspiel"
    ]
    assert client.get(url, {"id": harbour.pk}).json()["results"][0]["id"] == harbour.pk


def test_the_picker_and_embed_look_up_are_for_the_newsrooms_people_with_permission(client, db):
    picture()
    urls = [reverse("body-media-images"), reverse("body-media-embed") + f"?url=youtu.be/{YOUTUBE}"]
    for url in urls:
        assert client.get(url).status_code == 302  # to the admin's login
    client.force_login(User.objects.create_user("leser"))
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(make_user("praktikant"))
    for url in urls:
        assert client.get(url).status_code == 403
    # a reporter without staff status: her role is what lets her in (articles/people.py)
    rita = make_user("rita", "Reporter")
    rita.is_staff = False
    rita.save()
    client.force_login(rita)
    for url in urls:
        assert client.get(url).status_code == 200


def test_the_embed_look_up_names_the_providers_it_refuses_for(client, db):
    client.force_login(make_user("rita", "Reporter"))
    url = reverse("body-media-embed")
    answer = client.get(url, {"url": f"https://youtu.be/{YOUTUBE}"})
    assert answer.json() == {"embed": "youtube", "id": YOUTUBE, "label": "YouTube"}
    refused = client.get(url, {"url": "https://evil.example/video"})
    assert refused.status_code == 200
    assert "YouTube, Vimeo, Bluesky, OpenStreetMap" in refused.json()["error"]


def test_a_feed_shows_body_pictures_as_images_and_embeds_as_links(client, db):
    import feedparser

    image = picture(caption="Hamburg am Morgen")
    video = '<figure data-embed="youtube" data-id="dQw4w9WgXcQ"></figure>'
    article = make_article(body=f"<p>Vorher.</p>{figure_of(image)}<p>Mitte.</p>{video}")
    entry = feedparser.parse(client.get("/feeds/atom/").content).entries[0]
    content = entry.content[0].value
    assert entry.title == article.headline and "data-image" not in content
    img = re.search(r"<img [^>]+>", content)[0]  # feedparser orders the attributes
    assert re.search(rf'src="http://testserver/media/renditions/{image.pk}/whole-[^"]+\.jpg"', img)
    assert 'alt="Der Hafen im Nebel"' in img and 'width="' in img and 'height="' in img
    assert "<figcaption>Hamburg am Morgen</figcaption>" in content
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">YouTube</a>' in content


def test_a_story_gives_a_body_picture_its_own_alt_text_or_marks_the_pictures(client, db):
    image = picture(alt="Der Hafen im Nebel", caption="Hamburg am Morgen")
    own = f'<figure data-image="{image.pk}" data-align="full" data-alt="The port in the fog">'
    english = make_article(
        "Harbour", language="en", body=f"<p>A.</p>{own}</figure><p>B.</p>{figure_of(image)}"
    )
    html = story_html(client, english)
    first, second = re.findall(r"<figure class=\"image.*?</figure>", html, re.S)
    assert re.search(r'<img [^>]*alt="The port in the fog" width', first)  # no lang: its own
    # no words of the story's own: the picture's German ones, marked as German
    assert re.search(r'<img [^>]*alt="Der Hafen im Nebel" lang="de"', second)
    assert '<span lang="de">Hamburg am Morgen</span>' in second
    german = make_article("Hafen", body=f"<p>A.</p>{figure_of(image)}")
    shown = re.search(r"<figure class=\"image.*?</figure>", story_html(client, german), re.S)[0]
    assert 'lang="de"' not in shown  # a German story's German words need no mark


def test_a_figures_alt_text_is_kept_escaped_and_bounded():
    from articles.sanitizing import sanitize_body

    alt = '"><script>x</script>  Der &amp; Hafen'
    dirty = f"<p>A</p><figure data-image=\"5\" data-alt='{alt}'></figure><p>B</p>"
    clean = sanitize_body(dirty)
    assert 'data-alt="&quot;&gt;&lt;script&gt;x&lt;/script&gt; Der &amp; Hafen"' in clean
    assert sanitize_body(clean) == clean
    long = sanitize_body(f'<p>A</p><figure data-image="5" data-alt="{"x" * 400}"></figure><p>B</p>')
    assert f'data-alt="{"x" * 300}"' in long
