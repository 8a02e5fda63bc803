"""The languages of the site come from settings when asked, not from this history.

An article's language choices are settings.LANGUAGES read at call time (language_choices), so
adding a language writes no migration for them; it needs the migration of its search index
(Article.Meta.indexes).

The search vector trigger of migration 0003 chose German for 'de' and English for any other
language. It now asks the database's own table of configurations, which every migrate fills
from settings.SEARCH_CONFIGS (articles/search_configs.py), and 'simple' where it names none.
The table starts with what the trigger did for the languages there were, so no story needs
its vector computed again.
"""

from django.db import migrations, models

import articles.models

SEARCH_CONFIG = r"""
CREATE TABLE articles_search_config (
    language varchar(8) PRIMARY KEY,
    config regconfig NOT NULL
);
INSERT INTO articles_search_config (language, config) VALUES ('de', 'german'), ('en', 'english');
CREATE FUNCTION articles_search_config(code text) RETURNS regconfig
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(
        (SELECT c.config FROM articles_search_config AS c WHERE c.language = $1),
        'simple'::regconfig) $$;
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    config regconfig := articles_search_config(NEW.language);
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(config, coalesce(NEW.kicker, '') || ' ' || NEW.headline), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.standfirst, '')), 'B')
        || setweight(to_tsvector(config,
                regexp_replace(coalesce(NEW.body, ''), '<[^>]*>', ' ', 'g')), 'C');
    RETURN NEW;
END
$$;
"""
TWO_LANGUAGES = r"""
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    config regconfig := CASE NEW.language WHEN 'de' THEN 'german'::regconfig
                                          ELSE 'english'::regconfig END;
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(config, coalesce(NEW.kicker, '') || ' ' || NEW.headline), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.standfirst, '')), 'B')
        || setweight(to_tsvector(config,
                regexp_replace(coalesce(NEW.body, ''), '<[^>]*>', ' ', 'g')), 'C');
    RETURN NEW;
END
$$;
DROP FUNCTION articles_search_config(text);
DROP TABLE articles_search_config;
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_headline_waits_and_import_fingerprint")]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="language",
            field=models.CharField(
                choices=articles.models.language_choices,
                default=articles.models.default_language,
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.AlterField(
            model_name="tagname",
            name="language",
            field=models.CharField(
                choices=articles.models.language_choices, max_length=8, verbose_name="language"
            ),
        ),
        migrations.RunSQL(SEARCH_CONFIG, TWO_LANGUAGES),
    ]
