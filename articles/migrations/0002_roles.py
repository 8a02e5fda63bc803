"""The newsroom's roles as groups: reporters write and submit, editors run the desk."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = ["view"]
WRITE = ["add", "change", "view"]
ALL = ["add", "change", "delete", "view"]

ROLES = {
    "Reporter": {
        "articles.article": WRITE,
        "articles.credit": ALL,
        "articles.image": WRITE,
        "articles.section": READ,
        "articles.contributor": READ,
        "taggit.tag": READ,
    },
    "Editor": {
        "articles.article": ALL + ["publish", "archive", "edit_any"],
        "articles.credit": ALL,
        "articles.correction": ALL,
        "articles.image": ALL,
        "articles.section": ALL,
        "articles.contributor": ALL,
        "taggit.tag": ALL,
    },
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for label, actions in grants.items():
            app_label, model = label.split(".")
            codenames = [f"{action}_{model}" for action in actions]
            permissions = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            assert permissions.count() == len(codenames), (label, codenames)
            group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
