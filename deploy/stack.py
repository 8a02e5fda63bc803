"""Start and stop gunicorn and nginx as child processes, by PID (used by serve and bench).

Nothing here is found or stopped by name: every process is one we started with Popen, and
stop() terminates exactly that PID, waits, and only kills it if it will not go. The children
die with their launcher too (newsroom.processes.die_with_parent), so start them from the
main thread.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from newsroom.processes import die_with_parent

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
VAR = ROOT / "var"
NGINX = "/usr/sbin/nginx"
INSTALL_HINT = "apt-get install -y nginx-light wrk"


def gunicorn(app: str, bind: str, env: dict | None = None, log: Path | None = None):
    """gunicorn with deploy/gunicorn.conf.py serving `app` (module:callable) on `bind`."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c",
        str(DEPLOY / "gunicorn.conf.py"),
        app,
    ]
    environment = {**os.environ, **(env or {}), "GUNICORN_BIND": bind}
    return _popen(command, environment, log)


def render_nginx_conf(
    prefix: Path,
    listen: str = "127.0.0.1:8080",
    upstream: str = "127.0.0.1:8001",
    static_root: Path | None = None,
    media_root: Path | None = None,
    access_log: bool = False,
) -> Path:
    """Fill in deploy/nginx.conf.template; returns the written configuration's path."""
    from django.conf import settings

    prefix = prefix.resolve()
    for folder in ["logs", "tmp", "cache"]:
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    values = {
        "PREFIX": str(prefix),
        "DEPLOY_DIR": str(DEPLOY),
        "LISTEN": listen,
        "UPSTREAM": upstream,
        "STATIC_ROOT": str(Path(static_root or settings.STATIC_ROOT).resolve()),
        "MEDIA_ROOT": str(Path(media_root or settings.MEDIA_ROOT).resolve()),
        "ACCESS_LOG": f"{prefix}/logs/access.log" if access_log else "off",
        "USER_DIRECTIVE": _user_directive(),
    }
    text = (DEPLOY / "nginx.conf.template").read_text()
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    conf = prefix / "nginx.conf"
    conf.write_text(text)
    return conf


def static_nginx_conf(prefix: Path, listen: str, html_file: Path) -> Path:
    """nginx answering every path with one HTML file: the static limit for benchmarks."""
    prefix = prefix.resolve()
    for folder in ["logs", "tmp"]:
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/tmp/{kind};"
        for kind in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    )
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""{_user_directive()}
worker_processes auto;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 30s;
{temp}
    server {{
        listen {listen};
        root {html_file.parent.resolve()};
        location / {{ default_type "text/html; charset=utf-8"; try_files /{html_file.name} =404; }}
    }}
}}
"""
    )
    return conf


def nginx(conf: Path, log: Path | None = None):
    prefix = conf.parent
    command = [NGINX, "-p", f"{prefix}/", "-c", str(conf), "-e", f"{prefix}/logs/error.log"]
    test = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if test.returncode:
        raise RuntimeError(f"nginx -t failed for {conf}:\n{test.stderr}")
    return _popen(command, dict(os.environ), log)


def wait_for_http(url: str, process, timeout: float = 60, headers: dict | None = None) -> None:
    """Poll `url` until it answers (any status below 500) or `process` has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=5):
                return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def stop(process, timeout: float = 15) -> None:
    """SIGTERM the one PID we started, wait for it, SIGKILL only if it hangs."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def worker_pids(master_pid: int) -> list[int]:
    """The gunicorn master's children (its workers), from /proc."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time the processes have used so far (from /proc/PID/stat)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_until_idle(pids: list[int], *, busy: float = 0.05, longest: float = 60) -> float:
    """Wait until the processes use less than `busy` of a core (requests a load tester gave up
    on are still being answered); returns the seconds waited."""
    started = time.monotonic()
    last = cpu_seconds(pids)
    while time.monotonic() - started < longest:
        time.sleep(0.5)
        now = cpu_seconds(pids)
        if now - last < busy * 0.5:
            break
        last = now
    return time.monotonic() - started


def peak_memory_mib(pid: int) -> float | None:
    """VmHWM (peak resident set) of a process, in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _popen(command: list[str], env: dict, log: Path | None):
    # Own session: a terminal's Ctrl-C reaches only the launcher, which stops the children
    # in order. If the launcher dies without stopping them (SIGKILL, the OOM killer), the
    # kernel sends them SIGTERM, and they stop their own workers and free their ports. Output
    # goes to the log file if given (benchmarks), else to our terminal.
    output = open(log, "ab") if log else None  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=output,
        start_new_session=True,
        preexec_fn=die_with_parent(),
    )


def _user_directive() -> str:
    # Only a root master switches users; then run the workers as the repository's owner
    # (who can read var/static and write var/nginx) rather than nginx's default "nobody".
    if os.geteuid() != 0:
        return ""
    import grp
    import pwd

    stat = ROOT.stat()
    return f"user {pwd.getpwuid(stat.st_uid).pw_name} {grp.getgrgid(stat.st_gid).gr_name};"
