"""Tags made before tag slugs were transliterated get an ASCII slug (see apps.german_tag_slug)."""

from django.db import migrations


def transliterate(apps, schema_editor):
    from articles.text import slugify

    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.all().iterator():
        if tag.slug.isascii():
            continue
        base = slugify(tag.name) or "thema"
        slug, number = base, 1
        while Tag.objects.filter(slug=slug).exclude(pk=tag.pk).exists():
            number += 1
            slug = f"{base}-{number}"
        tag.slug = slug
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_admin_indexes"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(transliterate, migrations.RunPython.noop)]
