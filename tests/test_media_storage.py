"""Pictures live wherever STORAGES["default"] keeps them: every media path goes through
Django's storage API, never a local file.

These run everywhere, with Django's InMemoryStorage, its `path()` refused as S3Storage refuses
it, and MEDIA_ROOT checked to stay empty: upload through the admin, renditions made on first
request and served, pruning, replacing a file. tests/test_object_storage.py runs the same
paths against a real S3-compatible server (SeaweedFS) where its binary is installed.
"""

import io
import sys

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image as PILImage

from articles.media import renditions
from articles.models import Image
from tests.conftest import form_data

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/articles/image/upload/"


class StorageWithoutFiles(InMemoryStorage):
    """Files in memory, and no local path for anyone but InMemoryStorage's own bookkeeping,
    as in a bucket."""

    def path(self, name):
        if not sys._getframe(1).f_code.co_filename.endswith("files/storage/memory.py"):
            raise NotImplementedError("This storage has no local files.")
        return super().path(name)


@pytest.fixture(autouse=True)
def storage_without_files(settings, tmp_path):
    """StorageWithoutFiles as the default storage, and a MEDIA_ROOT that must stay empty."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.test_media_storage.StorageWithoutFiles"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    assert not settings.MEDIA_ROOT.exists(), "a media path wrote to the local disk"


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def jpeg(width=1200, height=800, colour="teal") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(client, name="hafen.jpg", content=None) -> Image:
    answer = client.post(
        UPLOAD, {"file": SimpleUploadedFile(name, content or jpeg()), "alt_text": "Ein Hafen"}
    )
    assert answer.status_code == 201, answer.content
    return Image.objects.latest("pk")


def stored(prefix: str) -> list[str]:
    """Every name default_storage holds under `prefix`, through listdir alone."""
    folders, files = default_storage.listdir(prefix)
    return sorted(
        [f"{prefix}/{name}" for name in files]
        + [name for folder in folders for name in stored(f"{prefix}/{folder}")]
    )


def test_an_upload_through_the_admin_is_checked_and_stored_in_the_storage(desk):
    image = upload(desk)

    assert default_storage.exists(image.file.name)
    with default_storage.open(image.file.name) as file, PILImage.open(file) as picture:
        assert picture.size == (1200, 800) == (image.width, image.height)
    refused = desk.post(
        UPLOAD, {"file": SimpleUploadedFile("b.jpg", b"%PDF-1.4"), "alt_text": "Kein Bild"}
    )
    assert refused.status_code == 400
    assert "not an image we can read" in refused.content.decode()
    assert Image.objects.count() == 1


def test_a_rendition_is_made_on_its_first_request_into_the_storage_and_then_read_there(desk):
    image = upload(desk)
    wide = next(r for r in renditions.renditions(image, "wide") if r.fmt == "webp")
    assert wide.url == f"/media/{wide.name}"  # the site's address, where it can be made

    first = desk.get(wide.url)
    with default_storage.open(wide.name) as file:
        made = file.read()
    default_storage.delete(wide.name)
    default_storage.save(wide.name, io.BytesIO(b"stored"))
    second = desk.get(wide.url)

    assert first.status_code == 200 and first["Content-Type"] == "image/webp"
    assert first.content == made
    assert second.content == b"stored"


def test_pruning_finds_and_deletes_old_renditions_in_the_storage(desk):
    image = upload(desk)
    old = renditions.renditions(image, "square")[0]
    desk.get(old.url)
    image.focal_x = image.focal_y = 0.1
    image.save()
    current = renditions.renditions(image, "square")[0]
    desk.get(current.url)
    out = io.StringIO()

    call_command("prune_renditions", stdout=out)

    assert stored("renditions") == [current.name]
    assert default_storage.exists(image.file.name)
    assert out.getvalue().startswith("Deleted 1 old renditions of 1 pictures")


def test_a_new_file_replaces_the_picture_and_its_renditions_come_from_the_new_file(desk):
    image = upload(desk, content=jpeg(colour="red"))
    old_file = image.file.name
    data = form_data(desk.get(f"/admin/articles/image/{image.pk}/change/"), "image_form")
    data["file"] = SimpleUploadedFile("neu.jpg", jpeg(900, 1200, colour="blue"))

    answer = desk.post(f"/admin/articles/image/{image.pk}/change/", data)

    assert answer.status_code == 302
    image.refresh_from_db()
    assert image.file.name != old_file and (image.width, image.height) == (900, 1200)
    assert default_storage.exists(image.file.name)
    jpg = next(r for r in renditions.renditions(image, "whole") if r.fmt == "jpg")
    with PILImage.open(io.BytesIO(desk.get(jpg.url).content)) as picture:
        red, _green, blue = picture.convert("RGB").getpixel((5, 5))
    assert blue > 200 and red < 50
