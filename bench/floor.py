"""The framework floor: the least a Django page can cost on the same gunicorn configuration.

    FLOOR_BODY=var/bench/article.html gunicorn -c deploy/gunicorn.conf.py bench.floor

Only SecurityMiddleware and CommonMiddleware, no database, no templates: every request
answers the same bytes (an article page as the real app renders it) from memory.
"""

import os
from pathlib import Path

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-benchmark-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
    ],
    INSTALLED_APPS=[],
    USE_I18N=False,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

BODY = Path(os.environ.get("FLOOR_BODY", "var/bench/article.html")).read_bytes()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]
application = get_wsgi_application()
