from django.urls import path
from django.utils.translation import pgettext_lazy

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path(pgettext_lazy("URL", "search/"), views.search, name="search"),
    path(pgettext_lazy("URL", "topic/<slug:slug>/"), views.tag_detail, name="tag"),
    path(pgettext_lazy("URL", "author/<slug:slug>/"), views.contributor_detail, name="contributor"),
    path(pgettext_lazy("URL", "preview/<str:token>/"), views.preview, name="preview"),
    path("feeds/", feeds.index, name="feeds"),
    # What German sites must have; editors keep them (SitePage).
    path(pgettext_lazy("URL", "imprint/"), views.site_page, {"kind": "imprint"}, name="imprint"),
    path(pgettext_lazy("URL", "privacy/"), views.site_page, {"kind": "privacy"}, name="privacy"),
    path("<slug:section>/<slug:slug>-<int:pk>/", views.article_detail, name="article"),
    path("<slug:slug>/", views.section_detail, name="section"),
]
