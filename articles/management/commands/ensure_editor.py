import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the first editor superuser once. Username from NEWSROOM_ADMIN_USER "
        "(default: editor), password from NEWSROOM_ADMIN_PASSWORD or generated and printed."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("NEWSROOM_ADMIN_USER", "editor")
        password = os.environ.get("NEWSROOM_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS(f"Editor account created: {username} / {password}"))
        if "NEWSROOM_ADMIN_PASSWORD" not in os.environ:
            note = settings.BASE_DIR / "var" / "editor-password.txt"
            note.parent.mkdir(exist_ok=True)
            note.write_text(f"{username}\n{password}\n")
            note.chmod(0o600)
            self.stdout.write(f"(also written to {note})")
