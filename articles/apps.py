from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from taggit.models import Tag

        from . import search_configs
        from .caching import invalidation

        invalidation.connect()
        post_migrate.connect(search_configs.configure_after_migrate, sender=self)
        pre_save.connect(german_tag_slug, sender=Tag, dispatch_uid="german-tag-slug")
        for model in [*self.get_models(), Tag]:
            pre_save.connect(clean_text_fields, sender=model, dispatch_uid=f"clean-{model}")


def clean_text_fields(sender, instance, **kwargs):
    """Every text a model stores, whatever wrote it (the admin, an import, a script), in NFC
    without control characters (text.clean_text); in JSON, every string in it."""
    from django.db import models

    from .text import clean_text

    def cleaned(value, multiline):
        if isinstance(value, str):
            return clean_text(value, multiline=multiline)
        if isinstance(value, dict):
            return {cleaned(k, False): cleaned(v, multiline) for k, v in value.items()}
        if isinstance(value, list):
            return [cleaned(item, multiline) for item in value]
        return value

    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField | models.JSONField):
            value = getattr(instance, field.attname)
            multiline = not isinstance(field, models.CharField)
            setattr(instance, field.attname, cleaned(value, multiline))


def german_tag_slug(sender, instance, **kwargs):
    """Tag addresses transliterate German like every other slug here ("Fußball" becomes
    fussball), instead of taggit's Unicode slugs, which the URL patterns do not accept."""
    from .publishing import unique_slug

    if not instance._state.adding:
        return
    taken = sender.objects.filter(slug=instance.slug).exclude(pk=instance.pk).exists()
    if instance.slug and instance.slug.isascii() and not taken:
        return  # an editor's own slug, or taggit's when it is already plain ASCII
    instance.slug = unique_slug(sender, instance.name, fallback="thema", exclude_pk=instance.pk)
