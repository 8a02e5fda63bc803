"""Each language is stemmed with the configuration settings name, in stories and in queries."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from articles import search_configs
from articles.models import Article

from .conftest import make_article

pytestmark = pytest.mark.django_db


def vector(story) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM articles_article WHERE id = %s", [story.pk])
        return cursor.fetchone()[0]


def found(query: str) -> list[str]:
    return [story.headline for story in Article.objects.published().search(query)]


def test_migrate_leaves_the_database_as_settings_say():
    assert search_configs.configure() == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT language, config::text FROM articles_search_config")
        assert dict(cursor.fetchall()) == {"de": "german", "en": "english"}


def test_a_changed_configuration_indexes_its_language_again(settings):
    english = make_article("Running elections", language="en")
    german = make_article("Laufende Wahlen")
    assert vector(english) == "'elect':2A 'run':1A"
    before = vector(german)

    settings.SEARCH_CONFIGS = {"de": "german", "en": "simple"}
    assert search_configs.configure() == ["en"]

    assert vector(english) == "'elections':2A 'running':1A"
    assert vector(german) == before
    assert found("elections") == ["Running elections"]
    assert found("election") == []  # as written, no stemming: what 'simple' means


def test_a_language_the_database_has_no_configuration_for_is_matched_word_for_word(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    story = make_article("Les élections municipales", language="fr")

    assert vector(story) == "'les':1A 'municipales':3A 'élections':2A"
    assert found("élections") == ["Les élections municipales"]


def test_a_configuration_postgresql_does_not_have_is_refused_naming_the_language(settings):
    settings.SEARCH_CONFIGS = {"de": "german", "en": "englsh"}
    with pytest.raises(ImproperlyConfigured, match=r"SEARCH_CONFIGS\['en'\] = 'englsh'"):
        search_configs.configure()


def test_a_language_without_a_configuration_is_refused(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    with pytest.raises(ImproperlyConfigured, match="'fr'"):
        search_configs.configure()
