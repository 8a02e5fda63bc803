"""What readers may see, and what each page needs loaded.

`ArticleQuerySet.published_q()` is the one definition of "visible to readers". It runs on
the database's clock (`Now()` is STATEMENT_TIMESTAMP() on PostgreSQL), so a scheduled story
appears at its time with no job running and no disagreement between app servers' clocks.
"""

from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Now


class ArticleQuerySet(models.QuerySet):
    def published_q(self) -> Q:
        """Readers may see an article once it is published and its time has come."""
        return Q(status=self.model.Status.PUBLISHED, published_at__lte=Now())

    def published(self):
        return self.filter(self.published_q())

    def gone(self):
        """Stories readers could once see and that were deleted or archived: 410, not 404."""
        Status = self.model.Status
        return self.filter(
            status__in=[Status.DELETED, Status.ARCHIVED], first_published_at__isnull=False
        )

    def scheduled(self):
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=Now())

    def in_section(self, section):
        """Stories in the section and in its sub-sections."""
        return self.filter(Q(section=section) | Q(section__parent=section))

    def tagged(self, tag):
        return self.filter(tags=tag)

    def by_contributor(self, contributor):
        return self.filter(credits__contributor=contributor).distinct()

    def in_language(self, code: str):
        return self.filter(language=code)

    def latest_first(self):
        return self.order_by("-published_at", "-id")

    def _credits_prefetch(self) -> Prefetch:
        from .models import Credit

        return Prefetch(
            "credits", queryset=Credit.objects.select_related("contributor").order_by("order", "id")
        )

    def for_listing(self):
        return self.select_related("section", "lead_image").prefetch_related(
            self._credits_prefetch(), "tags"
        )

    def for_detail(self):
        from .models import Correction

        return self.for_listing().prefetch_related(
            Prefetch("corrections", queryset=Correction.objects.order_by("published_at", "id"))
        )

    def for_dashboard(self):
        return self.select_related("section").only(
            "headline", "status", "published_at", "modified_at", "section__name", "created_by_id"
        )
