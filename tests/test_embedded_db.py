"""The embedded PostgreSQL launcher (newsroom/embedded_db.py), through real processes.

Commands started at the same time share one server and the last one out stops it; a
launcher killed outright takes its command with it and does not keep the server running for
good. Every launcher here runs on this module's own cluster in a temporary directory, never
var/pgdata (other test runs use that server right now); the cluster is made once (initdb takes
a few seconds) and shared by the module's tests. Every process is ended by its PID.
"""

import contextlib
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsroom.embedded_db import postmaster_pid
from tests.conftest import running, wait_for

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 60  # initdb and the first start; seconds when the machine is not loaded
# A command that says it is running once it has connected to the database, then waits for
# its standard input to close.
CONNECT_AND_WAIT = [
    sys.executable,
    "-c",
    "import os, sys, psycopg2; psycopg2.connect(os.environ['DATABASE_URL']).close();"
    " print('ready', os.getpid(), flush=True); sys.stdin.read()",
]


@dataclass
class Cluster:
    data_dir: Path
    env: dict


@dataclass
class Launcher:
    """`python -m newsroom.embedded_db COMMAND` on the module's cluster."""

    process: subprocess.Popen

    @classmethod
    def start(cls, cluster: Cluster, command: list[str]) -> "Launcher":
        process = subprocess.Popen(
            [sys.executable, "-m", "newsroom.embedded_db", *command],
            cwd=ROOT,
            env=cluster.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        return cls(process)

    def command_pid(self) -> int:
        """Waits until the command prints "ready PID"; returns that PID."""
        readable, _, _ = select.select([self.process.stdout], [], [], START_SECONDS)
        line = self.process.stdout.readline() if readable else ""
        assert line.startswith("ready "), f"no 'ready' line, launcher said: {self.stderr()}"
        return int(line.split()[1])

    def finish(self) -> str:
        """Closes the command's input so that it ends; returns what the launcher printed."""
        return self.stderr()

    def stderr(self) -> str:
        try:  # communicate() closes the command's input first
            return self.process.communicate(timeout=START_SECONDS)[1]
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.communicate()[1]

    def end(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):  # a command that outlived it
            self.process.communicate(timeout=10)  # holds the pipes


@pytest.fixture(scope="module")
def cluster():
    folder = Path(tempfile.mkdtemp(prefix="newsroom-embedded-db-"))
    data_dir = folder / "pgdata"
    env = {
        name: value
        for name, value in os.environ.items()
        # No DATABASE_URL: the launcher starts its own server. No XDG_RUNTIME_DIR: the wheel's
        # lock file goes next to the data directory, not to that of var/pgdata.
        if name not in ("DATABASE_URL", "XDG_RUNTIME_DIR")
    }
    env.update(EMBEDDED_DB_DIR=str(data_dir), EMBEDDED_DB_NAME="newsroom_launcher_test")
    try:
        yield Cluster(data_dir, env)
    finally:
        if pid := postmaster_pid(data_dir):  # a failed test left our own server running
            os.kill(pid, signal.SIGINT)  # PostgreSQL's fast shutdown
            wait_for(lambda: not running(pid), 10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def launch(cluster):
    """Starts launchers on the cluster; whatever a test left running is ended by its PID."""
    started = []

    def launch(command: list[str]) -> Launcher:
        started.append(Launcher.start(cluster, command))
        return started[-1]

    yield launch
    for launcher in started:
        launcher.end()


def test_a_launcher_killed_outright_leaves_neither_its_command_nor_the_server_running(
    cluster, launch
):
    killed = launch(["sh", "-c", "echo ready $$; exec sleep 60"])
    sleep = killed.command_pid()
    postmaster = postmaster_pid(cluster.data_dir)
    assert postmaster

    killed.process.kill()  # SIGKILL: no clean-up of its own, its PID stays on the list
    killed.process.wait()
    ended = wait_for(lambda: not running(sleep), 5)
    if not ended:
        os.kill(sleep, signal.SIGKILL)
    assert ended, "the command outlived its launcher"
    assert running(postmaster)

    started = time.monotonic()
    after = subprocess.run(
        [sys.executable, "-m", "newsroom.embedded_db", "true"],
        cwd=ROOT,
        env=cluster.env,
        capture_output=True,
        text=True,
        timeout=START_SECONDS,
    )
    assert after.returncode == 0, after.stderr
    assert "embedded PostgreSQL stopped" in after.stderr
    assert not running(postmaster)
    assert not (cluster.data_dir / "postmaster.pid").exists()
    assert time.monotonic() - started < 15


def test_launchers_share_one_server_and_the_last_one_out_stops_it(cluster, launch):
    first = launch(CONNECT_AND_WAIT)
    first.command_pid()
    postmaster = postmaster_pid(cluster.data_dir)
    second = launch(CONNECT_AND_WAIT)
    second.command_pid()
    assert postmaster_pid(cluster.data_dir) == postmaster

    said = first.finish()
    assert first.process.returncode == 0, said
    assert f"still in use by PIDs {second.process.pid}" in said
    assert "stopped" not in said
    assert running(postmaster)

    said = second.finish()
    assert second.process.returncode == 0, said
    assert "embedded PostgreSQL stopped" in said
    assert not running(postmaster)
