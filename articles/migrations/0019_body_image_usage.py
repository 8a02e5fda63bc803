"""Where a story's body shows a picture, kept in columns (Article.save()), and filled in for
the stories written before: the media library counts pictures in the text as used."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

BATCH = 2000


def note_body_pictures(apps, schema_editor):
    from articles.media.figures import pictures_in
    from articles.sanitizing import sanitize_body

    Article = apps.get_model("articles", "Article")
    with_pictures = Article.objects.filter(body__contains="data-image=").only("body")
    batch = []
    for story in with_pictures.iterator(chunk_size=BATCH):
        pictures = pictures_in(sanitize_body(story.body))
        story.body_images = pictures.shown
        story.body_images_without_own_alt = pictures.without_own_alt
        story.body_images_without_own_caption = pictures.without_own_caption
        batch.append(story)
        if len(batch) == BATCH:
            _write(Article, batch)
            batch = []
    _write(Article, batch)


def _write(Article, stories):
    fields = ["body_images", "body_images_without_own_alt", "body_images_without_own_caption"]
    Article.objects.bulk_update(stories, fields)


def array_field(verbose_name, help_text):
    return django.contrib.postgres.fields.ArrayField(
        base_field=models.IntegerField(),
        db_default=[],
        default=list,
        editable=False,
        help_text=help_text,
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_site_pages"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_images",
            field=array_field(
                "pictures in the text", "Ids of the pictures the body shows, each once."
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="body_images_without_own_alt",
            field=array_field(
                "pictures in the text without the story's alt text",
                "Ids of pictures whose figure shows the picture's own alt text.",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="body_images_without_own_caption",
            field=array_field(
                "pictures in the text without the story's caption",
                "Ids of pictures whose figure shows the picture's own caption, if any.",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["body_images"], name="article_body_images_idx"
            ),
        ),
        migrations.RunPython(note_body_pictures, migrations.RunPython.noop),
    ]
