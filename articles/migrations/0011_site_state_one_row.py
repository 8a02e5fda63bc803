from django.db import migrations, models


def fold_references_into_one_row(apps, schema_editor):
    """Row 2 counted reference changes; it becomes row 1's reference_generation."""
    SiteState = apps.get_model("articles", "SiteState")
    second = SiteState.objects.filter(pk=2).first()
    state, _ = SiteState.objects.get_or_create(pk=1)
    if second is not None:
        state.reference_generation = second.generation
        state.save(update_fields=["reference_generation"])
        second.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_search_vector_column_without_statistics"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitestate",
            name="reference_generation",
            field=models.BigIntegerField(default=0, db_default=0),
        ),
        migrations.RunPython(fold_references_into_one_row, migrations.RunPython.noop),
    ]
