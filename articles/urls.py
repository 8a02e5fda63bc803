from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("vorschau/<str:token>/", views.preview, name="preview"),
    path("thema/<slug:slug>/", views.tag_detail, name="tag"),
    path("autor/<slug:slug>/", views.contributor_detail, name="contributor"),
    path("<slug:section>/<slug:slug>-<int:pk>/", views.article_detail, name="article"),
    path("<slug:slug>/", views.section_detail, name="section"),
]
