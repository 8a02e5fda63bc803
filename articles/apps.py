from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .caching import forget_sections
        from .models import Section

        post_save.connect(forget_sections, sender=Section, dispatch_uid="forget_sections_save")
        post_delete.connect(forget_sections, sender=Section, dispatch_uid="forget_sections_del")
