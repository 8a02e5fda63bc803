from django.core.management.base import BaseCommand, CommandError

from articles.demo import DemoDataError, has_content, load_demo


class Command(BaseCommand):
    help = "Load the demo sections, contributors and stories (German and English)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="do nothing if the database already has stories"
        )

    def handle(self, *args, once, **options):
        if has_content():
            if once:
                self.stdout.write("Stories exist already; demo content not loaded.")
                return
            raise CommandError("The database already has stories; demo content is for a new one.")
        try:
            count = load_demo()
        except DemoDataError as error:
            raise CommandError(f"Demo content not loaded: {error}") from None
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} demo stories."))
