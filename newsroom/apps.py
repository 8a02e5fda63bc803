from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin with the newsroom's site (newsroom/admin_site.py) as admin.site."""

    default_site = "newsroom.admin_site.NewsroomAdminSite"
