"""An INSERT that brings its own search vector keeps it; every other write is indexed by the
trigger as before (migration 0003).

Why: generate_articles assembles each story's vector from pieces PostgreSQL vectorized once,
and sends it with COPY; recomputing it in the trigger would cost more than the rest of the
load. What the trigger computes stays the rule: tests/test_generating.py compares the
generated vectors with it. Django inserts search_vector as NULL (editable=False, no default),
so the admin, the importer and raw SQL that names no vector still get the trigger's; an
UPDATE of a text column recomputes it whatever the statement sets.

The condition is the INSERT trigger's WHEN clause, which PostgreSQL checks without calling
the PL/pgSQL function; the function itself is unchanged.
"""

from django.db import migrations

SPLIT_TRIGGER = """
DROP TRIGGER articles_article_search_vector ON articles_article;
CREATE TRIGGER articles_article_search_vector_insert
    BEFORE INSERT ON articles_article
    FOR EACH ROW WHEN (NEW.search_vector IS NULL)
    EXECUTE FUNCTION articles_article_search_vector();
CREATE TRIGGER articles_article_search_vector_update
    BEFORE UPDATE OF kicker, headline, standfirst, body, language ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
"""
ONE_TRIGGER = """
DROP TRIGGER articles_article_search_vector_insert ON articles_article;
DROP TRIGGER articles_article_search_vector_update ON articles_article;
CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF kicker, headline, standfirst, body, language
    ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_ascii_tag_slugs")]

    operations = [migrations.RunSQL(SPLIT_TRIGGER, ONE_TRIGGER)]
