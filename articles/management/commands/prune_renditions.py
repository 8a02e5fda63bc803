from django.core.management.base import BaseCommand

from articles.media.renditions import prune


class Command(BaseCommand):
    help = (
        "Delete stored renditions no picture uses any more (an old file or crop, a deleted "
        "picture). Originals and current renditions are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be deleted, delete nothing"
        )

    def handle(self, *args, dry_run, **options):
        pruned = prune(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {pruned.files} old renditions of {pruned.images} pictures, "
            f"freeing {pruned.bytes:,} bytes; kept {pruned.kept} current."
        )
