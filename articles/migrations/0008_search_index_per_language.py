"""One search index per language instead of one for all (see Article.Meta.indexes).

Search asks each language for its query in that language's stems. With one index, the
German branch of "Western" ('west') found the English stories with "west" too and read each
from the heap to throw it away: 878 ms at 1,000,000 stories. A partial index per language
holds only that language's stories. Adding a language to LANGUAGES needs a migration for its
index (tests/test_querysets.py checks that every language has one).
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
                condition=models.Q(("language", "de")),
                fields=["search_vector"],
                name="article_search_de_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("language", "en")),
                fields=["search_vector"],
                name="article_search_en_idx",
            ),
        ),
    ]
