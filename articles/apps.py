from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from taggit.models import Tag

        from . import models
        from .caching import content_changed

        content = [
            models.Article,
            models.Section,
            models.Contributor,
            models.Credit,
            models.Correction,
            models.Image,
            models.TaggedArticle,
            Tag,
        ]
        for model in content:
            for signal in (post_save, post_delete):
                signal.connect(content_changed, sender=model, dispatch_uid=f"content-{model}")
