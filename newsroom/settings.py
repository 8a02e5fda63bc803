"""Newsroom settings: one module, every value from the environment (README lists them all).

The editions are the exception: LANGUAGES and SEARCH_CONFIGS shape the database (an article's
language, one search index per language), so they are code, kept with the migrations they
need. One edition per language of LANGUAGES; LANGUAGE_CODE's is at /, every other at
/<code>/. To add one, say French:

1. add ("fr", _("French")) to LANGUAGES and "fr": "french" to SEARCH_CONFIGS;
2. `manage.py makemigrations articles` writes the migration of its search index;
3. `manage.py migrate` builds the index and gives the database the language's text search
   configuration (articles/search_configs.py), re-indexing its stories if they have any;
4. translate its UI, URL words included, in locale/fr (`manage.py makemessages -l fr`):
   until it has a catalogue, Django shows LANGUAGE_CODE's words (/fr/suche/).

SEARCH_CONFIGS names each language's PostgreSQL text search configuration (`SELECT cfgname
FROM pg_ts_config` lists them): its stemming and stop words make "Wahl" find "Wahlen". A
language without one stops start-up rather than be searched word for word without anyone
having decided so; 'simple' is that decision made on purpose.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from newsroom.release import release

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, *, default: bool = False) -> bool:
    value = env(name).lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1/0, true/false, yes/no.")


def env_list(name: str) -> list[str]:
    return [item.strip() for item in env(name).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "insecure-development-key-only-used-with-DEBUG-on"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    missing = [
        name
        for name, value in [("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS)]
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"{' and '.join(missing)} must be set when DEBUG is off "
            "(e.g. SECRET_KEY=$(openssl rand -hex 32) ALLOWED_HOSTS=news.example.org). "
            "For local development set DEBUG=1."
        )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if not env("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Newsroom needs PostgreSQL: set DATABASE_URL, or use "
        "`make run` / `make test`, which start an embedded PostgreSQL under var/."
    )
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL"), conn_max_age=int(env("DB_CONN_MAX_AGE", "0")), conn_health_checks=True
    )
}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...).")
# Read replicas of DATABASE_URL, as aliases replica1, replica2, ...: every alias but "default"
# is a replica (newsroom/replicas.py routes reader pages to them). Tests mirror "default".
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), 1):
    replica = dj_database_url.parse(
        url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    if not replica["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URLS: replica {number} must point to PostgreSQL (postgres://...)."
        )
    replica["OPTIONS"] = {
        "connect_timeout": 2,  # a dark replica is skipped, not waited on
        **DATABASES["default"].get("OPTIONS", {}),
        **replica.get("OPTIONS", {}),
    }
    DATABASES[f"replica{number}"] = {**replica, "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"] if len(DATABASES) > 1 else []
# A replica further behind than this is skipped; a browser that just POSTed reads from the
# primary for REPLICA_PIN_SECONDS (read-your-writes).
REPLICA_MAX_LAG_SECONDS = float(env("REPLICA_MAX_LAG_SECONDS", "5"))
REPLICA_PIN_SECONDS = int(env("REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis, because it can treat a Redis outage as a cache miss: the site
            # keeps answering from the database and caches again when Redis is back.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # pages and story cards of one process (the default, 300, is a few pages' cards)
            "OPTIONS": {"MAX_ENTRIES": int(env("LOCAL_CACHE_ENTRIES", "5000"))},
        }
    }

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "taggit",
    "reversion",
    "django_prose_editor",
    "axes",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    *(["newsroom.replicas.ReplicaMiddleware"] if DATABASE_ROUTERS else []),  # page cache: inside
    "articles.caching.pages.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.NewsroomLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

# Widgets render with the project's template settings, so templates/ may hold widget
# templates too (the story form's library choice: templates/admin/articles/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "articles.context_processors.navigation",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env("LANGUAGE_CODE", "de")
LANGUAGES = [("de", _("German")), ("en", _("English"))]  # the editions; see the docstring
SEARCH_CONFIGS = {"de": "german", "en": "english"}  # language -> PostgreSQL configuration
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        f"LANGUAGE_CODE={LANGUAGE_CODE!r}; choose one of: {', '.join(dict(LANGUAGES))}."
    )
if unconfigured := [code for code in dict(LANGUAGES) if code not in SEARCH_CONFIGS]:
    raise ImproperlyConfigured(
        f"SEARCH_CONFIGS names no text search configuration for {', '.join(unconfigured)}: "
        "add one of PostgreSQL's (e.g. 'french'; SELECT cfgname FROM pg_ts_config), or "
        "'simple' to match words as written."
    )
if unknown := [code for code in SEARCH_CONFIGS if code not in dict(LANGUAGES)]:
    raise ImproperlyConfigured(
        f"SEARCH_CONFIGS names {', '.join(unknown)}, which LANGUAGES does not have."
    )
# Ours first; then German for Django's and its apps' strings that their catalogues lack.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "django"]
TIME_ZONE = env("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The story body's own editor nodes: pictures from the library and embeds (the sanitiser
# that counts is articles/sanitizing.py; these lists only describe what the nodes write).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/admin/body_media.js")],
        "extensions": {
            "StoryImage": html_tags(
                ["figure", "figcaption"], {"figure": ["data-image", "data-align"]}
            ),
            "StoryEmbed": html_tags(
                ["figure", "figcaption"], {"figure": ["data-embed", "data-id"]}
            ),
        },
    },
    {  # the editor's own menu words in the editor's language; writes no HTML
        "js": [static_lazy("articles/admin/editor_labels.js")],
        "extensions": {"NewsroomLabels": html_tags([])},
    },
]
# MEDIA_URL is where the site serves renditions (made on their first request), whatever the
# storage; the storage's own URL is only the originals'.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))


def media_storage() -> tuple[dict, list[str]]:
    """STORAGES["default"] from MEDIA_STORAGE, and the origins that serve its pictures: this
    machine's MEDIA_ROOT, or an S3-compatible bucket every app server shares."""
    kind = env("MEDIA_STORAGE", "filesystem")
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}, []
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE={kind!r}; choose filesystem or s3.")
    if not env("MEDIA_S3_BUCKET"):
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET, the bucket's name (and MEDIA_S3_ENDPOINT_URL "
            "for a server other than Amazon's)."
        )
    endpoint, domain = env("MEDIA_S3_ENDPOINT_URL"), env("MEDIA_S3_CUSTOM_DOMAIN")
    options = {
        "bucket_name": env("MEDIA_S3_BUCKET"),
        "endpoint_url": endpoint or None,
        "region_name": env("MEDIA_S3_REGION") or None,
        # Without keys boto3 looks for them itself (AWS_* variables, an instance role).
        "access_key": env("MEDIA_S3_ACCESS_KEY_ID") or None,
        "secret_key": env("MEDIA_S3_SECRET_ACCESS_KEY") or None,
        "custom_domain": domain or None,
        # Other S3 servers (Ceph, Garage, SeaweedFS) need bucket names in the path.
        "addressing_style": "path" if endpoint else None,
        "querystring_auth": False,  # pictures are public: plain addresses a CDN can keep
        "file_overwrite": False,  # a second photo.jpg gets a name of its own, as on disk
    }
    origin = f"https://{domain.split('/')[0]}" if domain else endpoint or "https://*.amazonaws.com"
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, [origin]


MEDIA_BACKEND, MEDIA_ORIGINS = media_storage()
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SITE_NAME = env("SITE_NAME", "Newsroom")
# "hochwasser" finds the topic "Hochwasser" instead of making a second one (hochwasser-2).
TAGGIT_CASE_INSENSITIVE = True

# E-mail (invitations to colleagues): through EMAIL_HOST's SMTP server, else the machine's own
# (localhost:25); printed to the console in development (DEBUG) without EMAIL_HOST.
EMAIL_HOST = env("EMAIL_HOST")
MAILERS = {
    "default": (
        {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if DEBUG and not EMAIL_HOST
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST or "localhost",
                "port": int(env("EMAIL_PORT", "587" if EMAIL_HOST else "25")),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=bool(EMAIL_HOST)),
            },
        }
    )
}
del EMAIL_HOST  # MAILERS holds it: Django 6.1 deprecates the EMAIL_* settings
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "newsroom@localhost")
# What social cards and structured data show for a story without a picture: a static file,
# best 1200x630 (static/img/social.png shows SITE_NAME's default, "Newsroom").
SOCIAL_DEFAULT_IMAGE = env("SOCIAL_DEFAULT_IMAGE", "img/social.png")
PREVIEW_LINK_HOURS = int(env("PREVIEW_LINK_HOURS", "72"))
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))  # 0 turns the page cache off
HTTP_CACHE_SECONDS = int(env("HTTP_CACHE_SECONDS", "5"))  # s-maxage for proxies and CDNs
# How long a CDN may serve an expired page while the app answers with errors (stale-if-error)
HTTP_STALE_IF_ERROR_SECONDS = int(env("HTTP_STALE_IF_ERROR_SECONDS", "300"))
# The CDN purge hook (articles/caching/purge.py): off unless CDN_PURGE_URL is set.
CDN_PURGE_URL = env("CDN_PURGE_URL")
CDN_PURGE_FIELD = env("CDN_PURGE_FIELD", "surrogate_keys")
CDN_PURGE_HEADERS = dict(
    (name.strip(), value.strip())
    for name, _, value in (
        line.partition(":") for line in env("CDN_PURGE_HEADERS", "").splitlines() if line.strip()
    )
)
CDN_PURGE_TIMEOUT = float(env("CDN_PURGE_TIMEOUT", "2"))
# Each process keeps the content state until PostgreSQL NOTIFYs a change (caching/state.py);
# off, every request reads it. The test suite turns it off: its databases come and go.
CONTENT_STATE_LISTENER = env_bool("CONTENT_STATE_LISTENER", default=True)
CARD_CACHE_SECONDS = int(env("CARD_CACHE_SECONDS", str(24 * 3600)))  # 0: render every card
# Part of every cached page's and fragment's key: RELEASE, or a hash of the code (release.py)
RELEASE = release()

# Security headers on every response; DJANGO_ENV=production adds what needs HTTPS.
DJANGO_ENV = env("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV={DJANGO_ENV!r}; choose development or production.")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],  # the admin's widgets set inline styles
    "img-src": [CSP.SELF, "data:", "blob:", *MEDIA_ORIGINS],  # originals in a bucket
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    # Embeds in stories, loaded only when a reader clicks (articles/media/embeds.py).
    "frame-src": [
        CSP.SELF,
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://embed.bsky.app",
        "https://www.openstreetmap.org",
    ],
}
if DJANGO_ENV == "production":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Login throttling (django-axes): five failures for a username from one address lock it
# for 15 minutes; a success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# Sessions and the throttle's counts live in PostgreSQL, so every app server shares them
# (tests/test_app_servers.py); in a per-process cache each server would count on its own.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
FORMAT_MODULE_PATH = ["newsroom.formats"]
