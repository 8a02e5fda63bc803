"""make backup / make restore round-trip a newsroom: database rows and media files."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from articles.models import Article, Image
from newsroom.backup import database_uri
from tests.conftest import make_article

ROOT = Path(__file__).resolve().parent.parent


def run(action, directory, media_root, **settings):
    env = {
        **os.environ,
        "DATABASE_URL": database_uri(connection.settings_dict),
        "MEDIA_ROOT": str(media_root),
        **settings,
    }
    return subprocess.run(
        [sys.executable, "-m", "newsroom.backup", action, str(directory)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_deleted_stories_and_images(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    image = Image(alt_text="Ein Bild")
    image.file.save("bild.png", ContentFile(PNG, name="bild.png"), save=False)
    image.save()
    story = make_article("Gesichert", lead_image=image)
    stored = Path(settings.MEDIA_ROOT) / image.file.name

    created = run("create", tmp_path / "backup", settings.MEDIA_ROOT)
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "backup" / "database.dump").stat().st_size > 0

    Article.objects.all().delete()
    stored.unlink()
    restored = run("restore", tmp_path / "backup", settings.MEDIA_ROOT)
    assert restored.returncode == 0, restored.stderr

    back = Article.objects.get(pk=story.pk)
    assert back.headline == "Gesichert" and back.lead_image_id == image.pk
    assert stored.read_bytes() == PNG


@pytest.mark.django_db(transaction=True)
def test_with_media_in_a_bucket_only_the_database_is_backed_up_and_restored(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_article("Gesichert")
    # Nothing listens there: neither command may ask the bucket for anything.
    bucket = {
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": "pictures",
        "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9",
    }
    on_disk = run("create", tmp_path / "with-media", settings.MEDIA_ROOT)
    assert on_disk.returncode == 0, on_disk.stderr

    created = run("create", tmp_path / "backup", settings.MEDIA_ROOT, **bucket)
    Article.objects.all().delete()
    restored = run("restore", tmp_path / "with-media", settings.MEDIA_ROOT, **bucket)

    assert created.returncode == 0, created.stderr
    assert "the media are in the bucket pictures, not copied" in created.stdout
    assert sorted(path.name for path in (tmp_path / "backup").iterdir()) == ["database.dump"]
    assert restored.returncode == 0, restored.stderr
    assert "the media are in the bucket pictures, not copied" in restored.stdout
    assert Article.objects.get().headline == "Gesichert"
    assert not settings.MEDIA_ROOT.exists()  # media.tar.gz was left alone


def test_restoring_something_that_is_not_a_backup_says_so(tmp_path):
    result = run("restore", tmp_path, tmp_path / "media")
    assert result.returncode != 0
    assert "has no database.dump" in result.stderr


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8"
    "cfc0000003010100c9fe92ef0000000049454e44ae426082"
)
