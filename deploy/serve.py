"""`make serve-prod`: the production stack on loopback, in the foreground.

    python -m newsroom.embedded_db python -m deploy.serve

DEBUG off, SECRET_KEY from the environment or var/secret_key (generated once),
ALLOWED_HOSTS=127.0.0.1,localhost unless set; migrate, collectstatic, demo content once; then
gunicorn on GUNICORN_BIND (127.0.0.1:8001) behind nginx on NGINX_LISTEN (127.0.0.1:8080),
nginx's configuration, logs and cache under NGINX_PREFIX (var/nginx). Ctrl-C or SIGTERM
stops nginx, then gunicorn, each by its PID; if this process is killed outright, the kernel
sends both SIGTERM (deploy/stack.py), so they never outlive it holding their ports.
"""

import os
import secrets
import signal
import subprocess
import sys
import threading
from pathlib import Path

from deploy import stack

SECRET_FILE = stack.VAR / "secret_key"


def production_environment() -> None:
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    if not os.environ.get("SECRET_KEY"):
        if not SECRET_FILE.exists():
            SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
            SECRET_FILE.touch(mode=0o600)
            SECRET_FILE.write_text(secrets.token_hex(32))
        os.environ["SECRET_KEY"] = SECRET_FILE.read_text().strip()


def manage(*arguments: str) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=stack.ROOT, check=True)


def main() -> int:
    if not os.path.exists(stack.NGINX):
        print(f"nginx is missing: {stack.INSTALL_HINT}", file=sys.stderr)
        return 1
    production_environment()
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("load_demo", "--once")
    import django

    django.setup()
    bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
    listen = os.environ.get("NGINX_LISTEN", "127.0.0.1:8080")
    prefix = Path(os.environ.get("NGINX_PREFIX") or stack.VAR / "nginx")
    conf = stack.render_nginx_conf(prefix, listen=listen, upstream=bind)
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    app = proxy = None
    try:
        app = stack.gunicorn("newsroom.wsgi", bind)
        stack.wait_for_http(f"http://{bind}/", app)
        proxy = stack.nginx(conf)
        stack.wait_for_http(f"http://{listen}/", proxy)
        print(f"Newsroom at http://{listen}/ (gunicorn {bind}); Ctrl-C stops.", flush=True)
        while not stopping.wait(1):
            if app.poll() is not None or proxy.poll() is not None:
                print("gunicorn or nginx exited; stopping.", file=sys.stderr)
                return 1
        return 0
    finally:
        stack.stop(proxy)
        stack.stop(app)
        print("nginx and gunicorn stopped.", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
