"""The demo newsroom that `make run` shows a newcomer."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_demo_content_loads_once_with_pictures_translations_and_every_state(client):
    out = StringIO()
    call_command("load_demo", "--once", stdout=out)
    assert "Loaded 13 demo stories." in out.getvalue()
    assert Article.objects.count() == 13
    assert Article.objects.published().count() == 11  # one draft, one scheduled
    assert Article.objects.scheduled().count() == 1
    assert Article.objects.filter(translation_of__isnull=False).count() == 2
    assert Image.objects.count() == 13 and all(image.width == 1200 for image in Image.objects.all())
    for story in Article.objects.published():
        assert client.get(story.get_absolute_url()).status_code == 200
    again = StringIO()
    call_command("load_demo", "--once", stdout=again)
    assert "demo content not loaded" in again.getvalue()
    assert Article.objects.count() == 13
    with pytest.raises(CommandError):
        call_command("load_demo")
