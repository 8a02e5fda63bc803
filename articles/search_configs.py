"""Each language's text search configuration, from settings.SEARCH_CONFIGS to the database.

The search vector trigger stems a story with its language's configuration, and search stems
the reader's words with the same one: both ask the SQL function articles_search_config(code),
which reads the table articles_search_config ('simple' for a language it does not name;
migration 0015). Every migrate writes SEARCH_CONFIGS into that table (post_migrate, as Django
writes permissions), so the database never stems a language otherwise than settings say.
"""

import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction


def configure(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Give the database each language's configuration from SEARCH_CONFIGS and compute the
    search vectors of its stories again where it changed; the languages that changed."""
    configs = {}
    for code, _name in settings.LANGUAGES:
        if code not in settings.SEARCH_CONFIGS:
            raise ImproperlyConfigured(f"SEARCH_CONFIGS names no configuration for {code!r}.")
        configs[code] = settings.SEARCH_CONFIGS[code]
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SELECT to_regclass('articles_search_config')")
        if cursor.fetchone()[0] is None:
            return []  # migrated back to before 0015
        for code, config in configs.items():
            try:
                with transaction.atomic(using=using):
                    cursor.execute("SELECT %s::regconfig", [config])
            except DatabaseError as error:
                raise ImproperlyConfigured(
                    f"SEARCH_CONFIGS[{code!r}] = {config!r} is no text search configuration "
                    "of this database (SELECT cfgname FROM pg_ts_config lists them)."
                ) from error
        cursor.execute(
            "INSERT INTO articles_search_config (language, config)"
            " SELECT * FROM unnest(%s::varchar[], %s::regconfig[])"
            " ON CONFLICT (language) DO UPDATE SET config = EXCLUDED.config"
            " WHERE articles_search_config.config <> EXCLUDED.config"
            " RETURNING language",
            [list(configs), list(configs.values())],
        )
        changed = [language for (language,) in cursor.fetchall()]
        if changed:
            # The update trigger computes each vector again with the new configuration.
            cursor.execute(
                "UPDATE articles_article SET language = language WHERE language = ANY(%s)",
                [changed],
            )
    return changed


def configure_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs) -> None:
    changed = configure(using)
    if changed and verbosity:
        described = ", ".join(f"{code}: {settings.SEARCH_CONFIGS[code]}" for code in changed)
        sys.stdout.write(f"  Search configuration set and stories indexed again: {described}\n")
