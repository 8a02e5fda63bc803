"""Uploads are checked by content, stored under random names and stripped of private metadata."""

import io
import re
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image as PILImage
from PIL import ImageCms

from articles import images
from articles.models import Contributor, Image

GPS = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
SECRETS = (b"Artist name", b"SERIAL-4711", b"MAKERNOTE-SECRET", b"XMP-SECRET", b"COMMENT-SECRET")


@pytest.fixture(autouse=True)
def english():
    """The messages below are asserted in English (the site's default is German)."""
    with translation.override("en"):
        yield


def encode(fmt="JPEG", size=(40, 20), color="red", mode="RGB", **options) -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(content: bytes, name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def decode(content) -> PILImage.Image:
    image = PILImage.open(io.BytesIO(content if isinstance(content, bytes) else content.read()))
    image.load()
    return image


def refusal(file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        images.validate_image_file(file)
    return caught.value


def private_exif(orientation=None) -> bytes:
    exif = PILImage.Exif()
    exif[0x8825] = GPS  # GPS IFD
    exif[0x013B] = "Artist name"
    exif[0x8769] = {0xA431: "SERIAL-4711", 0x927C: b"MAKERNOTE-SECRET"}  # serial, maker note
    if orientation:
        exif[0x0112] = orientation
    return exif.tobytes()


def with_iptc(jpeg: bytes) -> bytes:
    """Insert a Photoshop APP13 segment with an IPTC by-line, as newsroom cameras write it."""
    byline = b"IPTC-Jane Photographer"
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(byline)) + byline
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares width x height: a decompression bomb's first bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = __import__("zlib").crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"x\x9c\x03\x00")


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
JPEG = encode()
PNG = encode("PNG")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

NOT_IMAGE = "This file is not an image we can read."
BROKEN = "The image file is damaged or truncated."
SVG_MESSAGE = "SVG files are not accepted; upload JPEG, PNG or WebP."
PIXELS = "The image has more than 50 megapixels."


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("notes.txt", b"Just some notes, not a picture.\n", "not_image", NOT_IMAGE),
        ("report.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "not_image", NOT_IMAGE),
        ("photo.jpg", b"Dear editor, this is plain text.\n" * 20, "not_image", NOT_IMAGE),
        ("photo.gif", b"<html><script>alert(1)</script></html>", "not_image", NOT_IMAGE),
        ("logo.svg", SVG, "svg", SVG_MESSAGE),
        ("logo.png", SVG, "svg", SVG_MESSAGE),
        ("logo.png", b'<?xml version="1.0"?>\n' + SVG, "svg", SVG_MESSAGE),
        ("logo.jpg", b"\n  <SVG onload=alert(1)>", "svg", SVG_MESSAGE),
        ("cut.jpg", JPEG[: len(JPEG) // 2], "broken", BROKEN),
        ("cut.png", PNG[: len(PNG) - 20], "broken", BROKEN),
        ("empty.jpg", b"", "not_image", NOT_IMAGE),
        # Polyglot: an image header followed by script, not a decodable image.
        ("poly.gif", b"GIF89a/*<script>alert(1)</script>*/=1;", "not_image", NOT_IMAGE),
        ("poly.jpg", b"\xff\xd8\xff\xe0<script>alert(1)</script>", "broken", BROKEN),
        ("bomb.png", png_header(20_000, 20_000), "too_many_pixels", PIXELS),
        ("big.png", png_header(8_000, 8_000), "too_many_pixels", PIXELS),
        (
            "scan.bmp",
            encode("BMP"),
            "format",
            "Images must be JPEG, PNG, WebP, GIF or AVIF, not BMP.",
        ),
    ],
)
def test_bad_files_are_refused_with_code_and_message(name, content, code, message):
    error = refusal(upload(content, name))

    assert (error.code, error.messages) == (code, [message])


def test_a_file_over_25_mb_is_too_large_without_being_read(tmp_path):
    path = tmp_path / "huge.jpg"
    with path.open("wb") as sparse:
        sparse.write(JPEG)
        sparse.truncate(images.MAX_BYTES + 1)  # sparse: no 25 MB written to disk
    with path.open("rb") as handle:
        error = refusal(File(handle, name="huge.jpg"))

    assert (error.code, error.messages) == ("too_large", ["The file is larger than 25 MB."])


def test_the_size_limit_is_inclusive():
    file = upload(b"not an image")
    file.size = images.MAX_BYTES  # exactly the limit is judged on content, not refused for size

    assert refusal(file).code == "not_image"
    file.size = images.MAX_BYTES + 1
    assert refusal(file).code == "too_large"


def test_too_many_animation_frames_are_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_ANIMATION_PIXELS", 1_000)
    frames = [PILImage.new("L", (20, 20), shade) for shade in (0, 100, 200)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    animation = upload(buffer.getvalue(), "anim.gif")

    assert images.validate_image_file(upload(encode("GIF", (20, 20), mode="L", color=0))) is None
    error = refusal(animation)
    assert (error.code, error.messages) == (
        "too_many_pixels",
        ["The animation has too many frames for its size."],
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.jpg", JPEG),
        ("a.png", PNG),
        ("a.webp", encode("WEBP")),
        ("a.gif", encode("GIF", mode="P", color=1)),
        ("a.avif", encode("AVIF")),
        ("a.jpg", with_iptc(encode(exif=private_exif()))),
    ],
)
def test_real_images_are_accepted(name, content):
    file = upload(content, name)

    assert images.validate_image_file(file) is None
    assert file.tell() == 0


def test_a_jpeg_with_an_appended_zip_is_an_image_and_loses_the_zip_when_re_encoded():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", "<script>alert(1)</script>")
    file = upload(JPEG + archive.getvalue(), "poly.jpg")

    images.validate_image_file(file)  # Pillow decodes it fully: it is an image
    cleaned = images.strip_private_metadata(file).read()

    assert b"payload.html" not in cleaned
    assert not zipfile.is_zipfile(io.BytesIO(cleaned))
    assert decode(cleaned).size == (40, 20)


# --- strip_private_metadata ---------------------------------------------------------------


def test_exif_gps_artist_serial_xmp_iptc_and_comment_are_removed():
    original = with_iptc(
        encode(
            exif=private_exif(), xmp=b"<x:xmpmeta>XMP-SECRET</x:xmpmeta>", comment=b"COMMENT-SECRET"
        )
    )
    assert all(secret in original for secret in SECRETS)
    assert b"IPTC-Jane Photographer" in original

    cleaned = images.strip_private_metadata(upload(original, "holiday.jpg"))
    content = cleaned.read()
    image = decode(content)

    assert cleaned.name == "holiday.jpg"
    assert [secret for secret in SECRETS if secret in content] == []
    assert b"IPTC-Jane Photographer" not in content
    assert b"Photoshop 3.0" not in content
    assert image.getexif().get_ifd(0x8825) == {}
    assert 0x013B not in image.getexif()
    assert not {"exif", "xmp", "comment", "photoshop"} & set(image.info)
    assert (image.format, image.size) == ("JPEG", (40, 20))
    assert image.getpixel((20, 10)) == pytest.approx((254, 0, 0), abs=3)


def test_orientation_is_applied_so_the_photo_stays_upright():
    # Stored sideways: left half red, right half blue; Orientation 6 = rotate 90° clockwise.
    sideways = PILImage.new("RGB", (40, 20), "red")
    sideways.paste((0, 0, 255), (20, 0, 40, 20))
    buffer = io.BytesIO()
    sideways.save(buffer, "JPEG", exif=private_exif(orientation=6), quality=95)

    image = decode(images.strip_private_metadata(upload(buffer.getvalue())))

    assert image.size == (20, 40)
    assert 0x0112 not in image.getexif()
    assert image.getpixel((10, 3)) == pytest.approx((254, 0, 0), abs=8)  # red on top
    assert image.getpixel((10, 36)) == pytest.approx((0, 0, 254), abs=8)  # blue below


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_icc_profile_survives_and_the_format_is_kept(fmt):
    original = encode(fmt, exif=private_exif(), icc_profile=SRGB)

    content = images.strip_private_metadata(upload(original, f"a.{fmt.lower()}")).read()
    image = decode(content)

    assert image.format == fmt
    assert image.info.get("icc_profile") == SRGB
    assert b"Artist name" not in content
    assert "exif" not in image.info


def test_png_keeps_transparency_and_loses_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Author", "PNG-OWNER-SECRET")
    original = encode("PNG", mode="RGBA", color=(10, 20, 30, 0), pnginfo=text)
    assert b"PNG-OWNER-SECRET" in original

    content = images.strip_private_metadata(upload(original, "a.png")).read()
    image = decode(content)

    assert b"PNG-OWNER-SECRET" not in content
    assert (image.mode, image.getpixel((0, 0))[3]) == ("RGBA", 0)


def test_animated_gif_keeps_every_frame_and_its_timing_but_not_its_comment():
    frames = [PILImage.new("RGB", (30, 20), color) for color in ("red", "lime", "blue")]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=[100, 200, 300],
        loop=0,
        comment=b"COMMENT-SECRET",
    )

    content = images.strip_private_metadata(upload(buffer.getvalue(), "a.gif")).read()
    image = PILImage.open(io.BytesIO(content))
    durations = []
    for index in range(image.n_frames):
        image.seek(index)
        durations.append(image.info["duration"])

    assert b"COMMENT-SECRET" not in content
    assert (image.format, image.n_frames, durations) == ("GIF", 3, [100, 200, 300])
    assert image.info["loop"] == 0


def test_animated_webp_keeps_every_frame_but_not_its_exif():
    frames = [PILImage.new("RGB", (16, 16), color) for color in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "WEBP", save_all=True, append_images=frames[1:], duration=80, exif=private_exif()
    )
    assert b"Artist name" in buffer.getvalue()

    content = images.strip_private_metadata(upload(buffer.getvalue(), "a.webp")).read()
    image = PILImage.open(io.BytesIO(content))

    assert b"Artist name" not in content
    assert (image.format, image.n_frames) == ("WEBP", 2)


def test_a_phone_jpeg_with_a_depth_map_is_a_jpeg():
    """Pillow opens JPEGs carrying extra images (depth, HDR gain map) as MPO."""
    buffer = io.BytesIO()
    sideways = PILImage.new("RGB", (40, 20), "red")
    sideways.save(
        buffer,
        "MPO",
        save_all=True,
        append_images=[PILImage.new("L", (40, 20))],
        exif=private_exif(orientation=6),
    )
    phone = upload(buffer.getvalue(), "IMG_0001.HEIC.jpg")
    assert PILImage.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    images.validate_image_file(phone)
    name = images.upload_to(Image(file=phone), phone.name)
    content = images.strip_private_metadata(phone).read()
    image = PILImage.open(io.BytesIO(content))

    assert name.endswith(".jpg")
    assert (image.format, image.size, getattr(image, "n_frames", 1)) == ("JPEG", (20, 40), 1)
    assert b"Artist name" not in content


def test_stripping_refuses_a_bomb_before_decoding_it():
    with pytest.raises(ValidationError) as caught:
        images.strip_private_metadata(upload(png_header(8_000, 8_000), "bomb.png"))

    assert caught.value.code == "too_many_pixels"


# --- upload_to ----------------------------------------------------------------------------

RANDOM_IMAGE = re.compile(r"images/\d{4}/\d{2}/[0-9a-f]{32}\.(\w+)")


def test_upload_names_are_random_and_never_reveal_the_original_name():
    names = {
        images.upload_to(Image(file=upload(JPEG, "anna-at-home.jpg")), "anna-at-home.jpg")
        for _ in range(5)
    }

    assert len(names) == 5
    assert all(RANDOM_IMAGE.fullmatch(name) for name in names)
    assert not any("anna" in name or "home" in name for name in names)


def test_the_extension_comes_from_the_content_not_the_name():
    file = upload(PNG, "photo.jpg")

    name = images.upload_to(Image(file=file), "photo.jpg")

    assert RANDOM_IMAGE.fullmatch(name).group(1) == "png"
    assert file.tell() == 0  # the upload can still be saved in full afterwards


@pytest.mark.parametrize(
    ("content", "extension"),
    [(encode("WEBP"), "webp"), (encode("GIF", mode="P", color=1), "gif"), (encode("AVIF"), "avif")],
)
def test_each_format_gets_its_own_extension(content, extension):
    name = images.upload_to(Image(file=upload(content, "x.jpeg")), "x.jpeg")

    assert name.endswith(f".{extension}")


@pytest.mark.parametrize(
    ("filename", "suffix"),
    [("Holiday.JPEG", ".jpeg"), ("noext", ""), ("a.ph p", ""), ("evil.jpg/../x.PNG", ".png")],
)
def test_the_name_gives_the_extension_only_when_the_content_cannot_be_read(filename, suffix):
    instance = Image(file=upload(b"not readable", filename))

    name = images.upload_to(instance, filename)

    assert re.fullmatch(r"images/\d{4}/\d{2}/[0-9a-f]{32}" + re.escape(suffix), name)
    assert images.upload_to(Image(), filename).endswith(suffix)  # no file at all


def test_contributor_photos_go_under_contributors():
    name = images.contributor_upload_to(Contributor(photo=upload(PNG, "Anna Schmidt.jpg")), "x")

    assert re.fullmatch(r"contributors/[0-9a-f]{32}\.png", name)


def test_the_upload_flow_stores_a_clean_file_under_a_random_name(settings, tmp_path):
    """As a model field would: strip, assign, save (upload_to then sees the cleaned file)."""
    settings.MEDIA_ROOT = tmp_path
    original = encode("PNG", exif=private_exif())
    assert b"Artist name" in original
    image = Image(file=upload(original, "Anna at home.jpg"), alt_text="x")

    image.file = images.strip_private_metadata(image.file)
    Image._meta.get_field("file").pre_save(image, add=True)

    assert RANDOM_IMAGE.fullmatch(image.file.name).group(1) == "png"
    stored = (tmp_path / image.file.name).read_bytes()
    assert b"Artist name" not in stored
    assert decode(stored).size == (40, 20)
