"""One search index per language instead of one for all (see Article.Meta.indexes).

Search asks each language for its query in that language's stems. With one index, the
German branch of "Western" ('west') found the English stories with "west" too and read each
from the heap to throw it away: 878 ms at 1,000,000 stories. Each index holds one language's
vectors (search_vector_in: the vector, or NULL in another language), and ANALYZE keeps
statistics per index expression, so PostgreSQL also knows how common a word is in that
language. Adding a language to LANGUAGES needs a migration for its index
(tests/test_pages.py checks that every language has one).
"""

import django.contrib.postgres.indexes
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_search_vector_brought_by_insert"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_search_idx",
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Case(models.When(language="de", then=models.F("search_vector"))),
                name="article_search_de_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Case(models.When(language="en", then=models.F("search_vector"))),
                name="article_search_en_idx",
            ),
        ),
    ]
