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
