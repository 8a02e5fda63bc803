from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from articles import sitemaps
from articles.media import picker, renditions
from articles.media import views as media_views

from .health import healthz

urlpatterns = [
    # An invited colleague sets a password here (articles/people.py); under /admin/, so no
    # cache keeps it.
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url="/admin/reset/done/"),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # What the story body's editor asks for (before the admin's own catch-all).
    path("admin/body-media/images/", picker.images, name="body-media-images"),
    path("admin/body-media/embed/", picker.embed, name="body-media-embed"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # One address for all editions: the index, the sitemaps listing every edition's addresses,
    # robots.txt. Only these names: each edition has its own sitemap-news.xml (below).
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    re_path(
        rf"^sitemap-(?P<section>{'|'.join(sitemaps.sitemaps)})\.xml$",
        sitemaps.section,
        name="sitemap-section",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    # Renditions are made on their first request; nginx serves them as files afterwards.
    path(
        f"{settings.MEDIA_URL.strip('/')}/{renditions.FOLDER}/<int:image_id>/<str:filename>",
        media_views.rendition,
        name="rendition",
    ),
]
# One edition per language of LANGUAGES: LANGUAGE_CODE's at /, every other at /<code>/, each
# with its own pages, feeds and news sitemap.
urlpatterns += i18n_patterns(
    path("sitemap-news.xml", sitemaps.news, name="sitemap-news"),
    path("feeds/", include("articles.feeds")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
