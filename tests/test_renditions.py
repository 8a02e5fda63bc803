"""Renditions: crops around the focal point, widths never beyond the original, upright sRGB
8-bit pictures without metadata, names that change with the picture, made on first request."""

import io
import struct
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from PIL import Image as PILImage
from PIL import ImageCms

from articles import publishing
from articles.media import crops, processing, renditions
from articles.models import Image
from tests.conftest import make_article, make_section
from tests.test_images import SECRETS, private_exif, with_iptc

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def encoded(picture: PILImage.Image, fmt="JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg(size=(1000, 750), colour="steelblue", **options) -> bytes:
    return encoded(PILImage.new("RGB", size, colour), **options)


def uploaded(content: bytes, name="photo.jpg", **fields) -> Image:
    """An Image stored as editors store one (publishing.save_image)."""
    fields.setdefault("alt_text", "Ein Bild")
    return publishing.save_image(Image(file=SimpleUploadedFile(name, content), **fields))


def stored_as_is(content: bytes, name="raw.jpg") -> Image:
    """An Image whose file was put in storage without save_image's clean-up."""
    image = Image(alt_text="Ein Bild")
    image.file.save(name, ContentFile(content), save=False)
    image.width, image.height = PILImage.open(io.BytesIO(content)).size
    image.save()
    return image


def fetch(client, rendition) -> PILImage.Image:
    response = client.get(rendition.url)
    assert response.status_code == 200, rendition.url
    assert response["Content-Type"] == rendition.mime
    picture = PILImage.open(io.BytesIO(response.content))
    picture.load()
    picture.raw = response.content
    return picture


def one(image, crop="whole", fmt="jpg", width=None) -> renditions.Rendition:
    found = [r for r in renditions.renditions(image, crop) if r.fmt == fmt]
    return next(r for r in found if r.width == width) if width else found[-1]


def files_in(folder) -> list:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def swapped_primaries_profile() -> bytes:
    """An RGB profile whose red primary is sRGB's blue and whose blue is sRGB's red: a
    picture's red in it is blue in sRGB, so a conversion cannot go unnoticed."""
    profile = bytearray(SRGB)
    (count,) = struct.unpack(">I", profile[128:132])
    entries = {}
    for index in range(count):
        at = 132 + 12 * index
        entries[bytes(profile[at : at + 4])] = at
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    profile[red + 4 : red + 12], profile[blue + 4 : blue + 12] = (
        profile[blue + 4 : blue + 12],
        profile[red + 4 : red + 12],
    )
    return bytes(profile)


# --- where crops lie (pure) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "crop", "focus", "box"),
    [
        ((6000, 4000), "wide", (0.5, 0.5), (0, 312, 6000, 3687)),
        ((6000, 4000), "wide", (0.5, 0.0), (0, 0, 6000, 3375)),
        ((6000, 4000), "wide", (0.5, 1.0), (0, 625, 6000, 4000)),
        ((6000, 4000), "square", (0.5, 0.5), (1000, 0, 5000, 4000)),
        ((6000, 4000), "square", (0.9, 0.2), (2000, 0, 6000, 4000)),
        ((6000, 4000), "square", (0.1, 0.2), (0, 0, 4000, 4000)),
        ((6000, 4000), "square", (0.4, 0.5), (400, 0, 4400, 4000)),
        ((4000, 6000), "wide", (0.5, 0.25), (0, 375, 4000, 2625)),
        ((6000, 4000), "whole", (0.1, 0.9), (0, 0, 6000, 4000)),
    ],
)
def test_a_crop_is_the_largest_box_of_its_shape_with_the_focal_point_as_central_as_it_can(
    size, crop, focus, box
):
    assert crops.focal_box(size, crops.CROPS[crop].ratio, focus) == box


@pytest.mark.parametrize(
    ("crop", "box", "expected"),
    [
        ("wide", (0, 312, 6000, 3687), [320, 480, 640, 800, 960, 1200, 1600]),
        ("wide", (0, 0, 1000, 562), [320, 480, 640, 800, 960, 1000]),
        ("wide", (0, 0, 36, 20), [36]),
        ("social", (0, 0, 6000, 3150), [1200]),
        ("social", (0, 0, 800, 420), [800]),
        ("square", (0, 0, 1200, 1200), [160, 320, 640, 1200]),
    ],
)
def test_widths_never_go_beyond_the_crop_of_the_original(crop, box, expected):
    assert crops.widths(crops.CROPS[crop], box) == expected


def test_social_cards_are_1200_by_630_and_other_crops_keep_their_shape():
    social, wide = crops.CROPS["social"], crops.CROPS["wide"]

    assert crops.height_for(social, (0, 0, 6000, 3150), 1200) == 630
    assert crops.height_for(wide, (0, 0, 1000, 562), 1000) == 562
    assert crops.height_for(crops.CROPS["whole"], (0, 0, 640, 480), 320) == 240


# --- names and addresses ---------------------------------------------------------------------


@pytest.mark.django_db
def test_every_rendition_is_made_at_its_size_and_never_wider_than_the_original(client, media):
    image = uploaded(jpeg((1000, 750)))

    for crop in crops.CROPS:
        for rendition in renditions.renditions(image, crop):
            picture = fetch(client, rendition)
            box = image.crop_box(crop)
            assert picture.size == (rendition.width, rendition.height), rendition.name
            assert rendition.width <= box[2] - box[0] <= image.width
            assert picture.format == {"jpg": "JPEG"}.get(rendition.fmt, rendition.fmt.upper())
    assert [r.width for r in renditions.renditions(image, "wide") if r.fmt == "webp"] == [
        320,
        480,
        640,
        800,
        960,
        1000,
    ]


@pytest.mark.django_db
def test_names_change_with_the_file_and_the_focal_point_and_only_then(media):
    image = uploaded(jpeg((1200, 900)))
    before = {crop: renditions.renditions(image, crop)[0].name for crop in crops.CROPS}

    image.focal_x, image.focal_y = 0.5, 0.2
    moved = {crop: renditions.renditions(image, crop)[0].name for crop in crops.CROPS}
    image.file.name = image.file.name.replace(".jpg", "-2.jpg")
    replaced = {crop: renditions.renditions(image, crop)[0].name for crop in crops.CROPS}

    # The 16:9 crop moves up; a 1:1 crop of a 4:3 picture has the full height and cannot.
    assert moved["wide"] != before["wide"]
    assert moved["square"] == before["square"]
    assert moved["whole"] == before["whole"]
    assert all(replaced[crop] != moved[crop] for crop in crops.CROPS)
    assert before["wide"].startswith(f"renditions/{image.pk}/wide-")


@pytest.mark.django_db
def test_a_drawn_crop_replaces_the_focal_point_crop(media):
    image = uploaded(jpeg((1200, 900)))
    image.crops = {"square": [100, 100, 500, 500]}
    image.full_clean()

    assert image.crop_box("square") == (100, 100, 500, 500)
    assert image.crop_box("wide") == crops.focal_box((1200, 900), (16, 9), (0.5, 0.5))
    assert [r.width for r in renditions.renditions(image, "square") if r.fmt == "jpg"] == [
        160,
        320,
        400,
    ]


FOUR_NUMBERS = "The 1:1 crop needs four whole numbers: left, top, right, bottom."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("drawn", "message"),
    [
        ({"square": [0, 0, 100]}, FOUR_NUMBERS),
        ({"square": [0, 0, 100.5, 100]}, FOUR_NUMBERS),
        ({"square": [1000, 0, 1300, 300]}, "The 1:1 crop reaches outside the picture."),
        ({"wide": [0, 0, 16, 9]}, "The 16:9 crop is too small."),
        ({"wide": [0, 0, 400, 400]}, "The 16:9 crop is not 16:9."),
        ({"whole": [0, 0, 400, 300]}, "There is no crop whole."),
    ],
)
def test_a_drawn_crop_that_does_not_fit_is_refused_with_a_message(media, drawn, message):
    image = uploaded(jpeg((1200, 900)))
    image.crops = drawn

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        image.full_clean()
    assert caught.value.message_dict == {"crops": [message]}


# --- what a rendition looks like -------------------------------------------------------------


@pytest.mark.django_db
def test_exif_orientation_is_applied(client, media):
    # Stored sideways: left half red, right half blue; Orientation 6 = turn 90° clockwise.
    sideways = PILImage.new("RGB", (400, 200), "red")
    sideways.paste((0, 0, 255), (200, 0, 400, 200))
    content = encoded(sideways, exif=private_exif(orientation=6), quality=95)

    through_upload = fetch(client, one(uploaded(content), "whole"))
    made = processing.render(io.BytesIO(content), box=(0, 0, 1, 1), size=(50, 100), fmt="png")
    direct = PILImage.open(io.BytesIO(made))

    for picture in (through_upload, direct):
        width, height = picture.size
        assert height == 2 * width
        assert picture.getpixel((width // 2, 5)) == pytest.approx((254, 0, 0), abs=10)
        assert picture.getpixel((width // 2, height - 5)) == pytest.approx((0, 0, 254), abs=10)


@pytest.mark.django_db
def test_no_exif_gps_xmp_iptc_or_comment_reaches_a_rendition(client, media):
    """Even from an original that was stored with them (not through save_image)."""
    original = with_iptc(
        jpeg(
            (640, 480),
            exif=private_exif(),
            xmp=b"<x:xmpmeta>XMP-SECRET</x:xmpmeta>",
            comment=b"COMMENT-SECRET",
        )
    )
    image = stored_as_is(original)
    assert all(secret in original for secret in SECRETS)

    for crop in crops.CROPS:
        for rendition in renditions.renditions(image, crop):
            picture = fetch(client, rendition)
            assert [s for s in SECRETS if s in picture.raw] == [], rendition.name
            assert b"IPTC-Jane" not in picture.raw and b"Photoshop" not in picture.raw
            assert not picture.getexif(), rendition.name
            assert not {"exif", "xmp", "comment", "photoshop", "icc_profile"} & set(picture.info)


@pytest.mark.django_db
def test_an_embedded_colour_profile_is_converted_to_srgb(client, media):
    swapped = swapped_primaries_profile()
    image = uploaded(jpeg((320, 240), colour=(255, 0, 0), icc_profile=swapped, quality=95))
    with PILImage.open(media / image.file.name) as original:
        assert original.info["icc_profile"] == swapped  # the original keeps its profile

    picture = fetch(client, one(image, "whole", "jpg")).convert("RGB")

    assert picture.mode == "RGB"
    red, green, blue = picture.getpixel((160, 120))
    assert blue > 200 and red < 60, (red, green, blue)


@pytest.mark.django_db
def test_cmyk_comes_out_as_srgb(client, media):
    image = uploaded(encoded(PILImage.new("CMYK", (320, 240), (0, 255, 255, 0)), quality=95))

    for fmt in ("webp", "jpg"):
        picture = fetch(client, one(image, "whole", fmt))
        assert picture.mode == "RGB"
        assert picture.getpixel((160, 120)) == pytest.approx((255, 0, 0), abs=20)


@pytest.mark.django_db
def test_sixteen_bit_grey_is_scaled_to_eight_bits_not_clipped(client, media):
    grey = PILImage.new("I;16", (320, 240), 0x8080)  # mid grey: 32896 of 65535

    picture = fetch(client, one(uploaded(encoded(grey, "PNG"), "grey.png"), "whole", "webp"))

    assert picture.mode == "RGB"
    assert picture.getpixel((160, 120)) == pytest.approx((128, 128, 128), abs=3)


@pytest.mark.django_db
def test_a_transparent_picture_falls_back_to_png_and_social_cards_sit_on_white(client, media):
    logo = PILImage.new("RGBA", (640, 480), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 255), (220, 140, 420, 340))
    image = uploaded(encoded(logo, "PNG"), "logo.png")

    assert image.is_transparent
    formats = {r.fmt for r in renditions.renditions(image, "wide")}
    assert formats == {"avif", "webp", "png"}
    png = fetch(client, one(image, "whole", "png"))
    webp = fetch(client, one(image, "whole", "webp"))
    social = fetch(client, renditions.for_machines(image, "social"))
    assert (png.mode, png.getpixel((5, 5))[3]) == ("RGBA", 0)
    assert webp.mode == "RGBA" and webp.getpixel((5, 5))[3] == 0
    assert (social.format, social.mode) == ("JPEG", "RGB")
    assert social.getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=3)


@pytest.mark.django_db
def test_an_opaque_png_falls_back_to_jpeg(media):
    image = uploaded(encoded(PILImage.new("RGBA", (640, 480), (10, 20, 30, 255)), "PNG"), "a.png")

    assert not image.is_transparent
    assert {r.fmt for r in renditions.renditions(image, "whole")} == {"webp", "jpg"}


@pytest.mark.django_db
def test_an_animation_gives_its_first_frame(client, media):
    frames = [PILImage.new("RGB", (320, 240), colour) for colour in ("red", "blue")]
    animation = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)

    picture = fetch(client, one(uploaded(animation, "a.gif"), "whole", "webp"))

    assert getattr(picture, "n_frames", 1) == 1
    assert picture.getpixel((160, 120)) == pytest.approx((255, 0, 0), abs=12)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [(3000, 2000), (1000, 750), (700, 900)])
def test_machines_get_the_narrowest_jpeg_of_1200_px_or_the_widest_there_is(media, size):
    image = uploaded(jpeg(size), focal_x=0.3)
    for crop in crops.CROPS:
        jpegs = [r for r in renditions.renditions(image, crop) if r.fmt == "jpg"]
        wide_enough = [r for r in jpegs if r.width >= renditions.MACHINE_WIDTH]
        assert renditions.for_machines(image, crop) == (wide_enough or jpegs[-1:])[0], crop
    transparent = uploaded(encoded(PILImage.new("RGBA", (1600, 900)), "PNG"), name="t.png")
    assert renditions.for_machines(transparent, "wide") is None  # PNG there, no JPEG
    assert renditions.for_machines(transparent, "social").fmt == "jpg"


# --- the rendition view ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_rendition_is_made_on_its_first_request_stored_and_then_read(client, media):
    image = uploaded(jpeg((1000, 750)))
    rendition = one(image, "wide", "webp", 640)
    assert not (media / rendition.name).exists()

    first = client.get(rendition.url)
    (media / rendition.name).write_bytes(b"stored")
    second = client.get(rendition.url)

    assert first.status_code == 200 and first.content.startswith(b"RIFF")
    assert first["Cache-Control"] == "public, max-age=31536000, immutable"
    assert second.content == b"stored"  # read from storage, not made again
    assert rendition.url == f"/media/{rendition.name}"


@pytest.mark.django_db
def test_bad_rendition_addresses_answer_404_and_write_nothing(client, media):
    image = uploaded(jpeg((1000, 750)))
    other = uploaded(jpeg((400, 300)))
    good = one(image, "wide", "webp", 640)
    tag = good.name.split("-")[1]
    before = files_in(media)
    folder = f"/media/renditions/{image.pk}"

    for url in [
        f"{folder}/wide-{'0' * 12}-640.webp",  # an old or made-up version
        f"{folder}/wide-{tag}-700.webp",  # a width that is not made
        f"{folder}/wide-{tag}-1200.webp",  # wider than the original's crop (1000)
        f"{folder}/wide-{tag}-640.gif",  # a format that is not made
        f"{folder}/social-{tag}-1000.avif",  # social cards are JPEG
        f"{folder}/poster-{tag}-640.webp",  # no such crop
        f"{folder}/wide-{tag}-640.webp.php",
        f"/media/renditions/{other.pk}/{good.name.rsplit('/', 1)[1]}",  # another image's
        f"/media/renditions/{other.pk + 100}/{good.name.rsplit('/', 1)[1]}",  # no image
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(good.url).status_code == 405
    assert files_in(media) == before


@pytest.mark.django_db
def test_a_missing_original_answers_404_and_writes_nothing(client, media):
    image = uploaded(jpeg((1000, 750)))
    (media / image.file.name).unlink()

    assert client.get(one(image, "wide", "webp", 640).url).status_code == 404
    assert not (media / "renditions").exists()


# --- pictures on pages -----------------------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag as (name, attributes), in order."""

    def __init__(self, html: str):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def pictures(self) -> list[dict]:
        """Each <picture>: its sources by type, and its <img>."""
        found = []
        for tag, attrs in self.tags:
            if tag == "picture":
                found.append({"sources": {}, "img": None})
            elif tag == "source" and found and found[-1]["img"] is None:
                found[-1]["sources"][attrs["type"]] = attrs
            elif tag == "img" and found and found[-1]["img"] is None:
                found[-1]["img"] = attrs
        return found


def widths_in(srcset: str) -> list[int]:
    return [int(candidate.rsplit(" ", 1)[1].rstrip("w")) for candidate in srcset.split(", ")]


def urls_in(srcset: str) -> list[str]:
    return [candidate.rsplit(" ", 1)[0] for candidate in srcset.split(", ")]


@pytest.fixture
def photo_story(media):
    image = uploaded(jpeg((2000, 1500)), alt_text="Ein Hafen am Morgen")
    return make_article("Hafen wird erweitert", lead_image=image)


@pytest.mark.django_db
def test_a_story_shows_its_lead_picture_in_avif_and_webp_with_a_sized_fallback(client, photo_story):
    [picture] = Tags(client.get(photo_story.get_absolute_url()).content.decode()).pictures()
    avif, webp = picture["sources"]["image/avif"], picture["sources"]["image/webp"]
    img = picture["img"]

    assert list(picture["sources"]) == ["image/avif", "image/webp"]  # the smaller first
    for srcset in (avif["srcset"], webp["srcset"], img["srcset"]):
        assert widths_in(srcset) == [320, 480, 640, 800, 960, 1200, 1600]
    assert urls_in(avif["srcset"])[0].endswith("-320.avif")
    assert urls_in(img["srcset"])[-1].endswith("-1600.jpg")
    assert img["src"].endswith("-800.jpg")
    assert avif["sizes"] == webp["sizes"] == img["sizes"]
    assert img["sizes"] == "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
    assert (img["width"], img["height"]) == ("1600", "900")  # 16:9: no layout shift
    assert img["alt"] == "Ein Hafen am Morgen"
    assert img.get("fetchpriority") == "high" and "loading" not in img
    for url in [*urls_in(avif["srcset"])[:2], img["src"]]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_cards_show_pictures_sized_for_their_place_and_lazy_below_the_lead(client, media):
    politik, kultur = make_section("Politik", order=1), make_section("Kultur", order=2)
    for number, section in enumerate([politik, kultur, politik]):
        image = uploaded(jpeg((1200, 800)), alt_text=f"Bild {number}")
        make_article(f"Meldung {number}", section=section, lead_image=image)

    pictures = Tags(client.get("/").content.decode()).pictures()
    lead, *blocks = [p["img"] for p in pictures]

    assert lead["alt"] == "Bild 2" and lead.get("fetchpriority") == "high"
    assert lead["sizes"].startswith("(min-width: 72rem) 41rem")
    assert blocks and all(img["loading"] == "lazy" for img in blocks)
    assert all(img["sizes"].startswith("(min-width: 72rem) 17rem") for img in blocks)
    assert all((img["width"], img["height"]) == ("1200", "675") for img in [lead, *blocks])
    section_page = Tags(client.get(politik.get_absolute_url()).content.decode()).pictures()
    first, second = (p["img"] for p in section_page)
    assert first["sizes"] == "(min-width: 72rem) 70rem, calc(100vw - 2rem)"
    assert "loading" not in first and second["loading"] == "lazy"


@pytest.mark.django_db
def test_a_new_focal_point_gives_cached_pages_new_rendition_addresses(
    client, photo_story, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    pages = ["/", photo_story.get_absolute_url()]

    def wide_urls():
        return {
            url: Tags(client.get(url).content.decode()).pictures()[0]["img"]["src"] for url in pages
        }

    before = wide_urls()
    assert wide_urls() == before  # from the page cache
    image = photo_story.lead_image
    image.focal_y = 0.1  # 4:3 picture: the 16:9 crop moves up
    image.save()
    after = wide_urls()

    assert all(after[url] != before[url] for url in pages)
    assert all(client.get(src).status_code == 200 for src in after.values())
    assert client.get(before[pages[1]]).status_code == 404  # the old version is no more


@pytest.mark.django_db
def test_pictures_cost_no_query_and_no_look_up_in_storage(
    client, media, monkeypatch, django_assert_num_queries, django_assert_max_num_queries
):
    plain = make_article("Ohne Bild")
    pictured = make_article("Mit Bild", lead_image=uploaded(jpeg((1200, 800))))
    client.get(plain.get_absolute_url())  # the section list, cached per generation
    with django_assert_max_num_queries(20) as captured:
        client.get(plain.get_absolute_url())
    without_picture = len(captured.captured_queries)  # each request empties the log
    client.get(pictured.get_absolute_url())

    def no_storage(*args, **kwargs):
        raise AssertionError("a page looked in the storage")

    for method in ("exists", "open", "size", "listdir"):
        monkeypatch.setattr(FileSystemStorage, method, no_storage)
    with django_assert_num_queries(without_picture):
        html = client.get(pictured.get_absolute_url()).content.decode()
    assert "<picture>" in html
    assert "<picture>" in client.get("/").content.decode()


# --- pruning old renditions --------------------------------------------------------------------


@pytest.fixture
def worn_library(client, media):
    """A picture whose focal point moved after two renditions were made, one made since, a
    picture deleted after one was made, and a file of someone else's among the renditions."""
    moved, deleted = uploaded(jpeg((1000, 750))), uploaded(jpeg((400, 300)))
    old = [one(moved, "wide", "webp", 640), one(moved, "square", "jpg", 320)]
    gone = one(deleted, "whole", "jpg")
    for rendition in [*old, gone]:
        fetch(client, rendition)
    moved.focal_x = moved.focal_y = 0.1  # both crops move
    moved.save()
    current = one(moved, "wide", "webp", 640)
    fetch(client, current)
    deleted.delete()
    stranger = media / "renditions" / str(moved.pk) / "notes.txt"
    stranger.write_text("not a rendition")
    return {
        "stale": [media / r.name for r in [*old, gone]],
        "kept": [media / current.name, stranger, media / moved.file.name],
        "original of the deleted": media / deleted.file.name,
    }


@pytest.mark.django_db
def test_pruning_deletes_only_renditions_no_picture_names_now(worn_library, media):
    stale_bytes = sum(path.stat().st_size for path in worn_library["stale"])

    pruned = renditions.prune()

    assert pruned == renditions.Pruned(files=3, bytes=stale_bytes, images=2, kept=1)
    assert not any(path.exists() for path in worn_library["stale"])
    assert all(path.exists() for path in worn_library["kept"])
    assert worn_library["original of the deleted"].exists()  # originals are not its business
    assert renditions.prune() == renditions.Pruned(kept=1)  # nothing left to do


@pytest.mark.django_db
def test_a_dry_run_counts_what_would_go_and_deletes_nothing(worn_library, media):
    before = files_in(media)
    stale_bytes = sum(path.stat().st_size for path in worn_library["stale"])
    out = io.StringIO()

    call_command("prune_renditions", "--dry-run", stdout=out)

    assert files_in(media) == before
    assert out.getvalue() == (
        f"Would delete 3 old renditions of 2 pictures, freeing {stale_bytes:,} bytes; "
        "kept 1 current.\n"
    )
    call_command("prune_renditions", stdout=out)
    assert (
        f"Deleted 3 old renditions of 2 pictures, freeing {stale_bytes:,} bytes" in out.getvalue()
    )
    assert not any(path.exists() for path in worn_library["stale"])


@pytest.mark.django_db
def test_pruning_before_any_rendition_was_made_deletes_nothing(media):
    image = uploaded(jpeg())
    out = io.StringIO()
    call_command("prune_renditions", stdout=out)
    assert (
        out.getvalue()
        == "Deleted 0 old renditions of 0 pictures, freeing 0 bytes; kept 0 current.\n"
    )
    assert files_in(media) == [media / image.file.name]
