"""The languages of the site come from settings when asked, not from this history.

An article's language choices are settings.LANGUAGES read at call time (models.language_choices),
so adding a language writes no migration for them; what it does need is the migration of its
search index (Article.Meta.indexes).
"""

from django.db import migrations, models

import articles.models


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_section_names_per_language")]

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
    ]
