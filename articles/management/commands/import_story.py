import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importing import StoryImportError, import_story


class Command(BaseCommand):
    help = (
        "Import plain-text stories (lead, subheading lines, paragraphs, closing credit line). "
        "Each file is one transaction: a bad file writes nothing and the others still import."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--section", metavar="SLUG", help="section slug (default: the first)")
        parser.add_argument(
            "--language",
            metavar="CODE",
            help=f"story language, one of {', '.join(dict(settings.LANGUAGES))} "
            f"(default: {settings.LANGUAGE_CODE})",
        )
        parser.add_argument("--headline", help="headline (default: derived from the lead)")
        parser.add_argument("--publish", action="store_true", help="publish at once")

    def handle(self, *args, files, section, language, headline, publish, **options):
        failures = 0
        progress = tqdm(files, unit="story", disable=len(files) < 2, file=sys.stderr)
        for path in progress:
            try:
                result = import_story(
                    path,
                    section=section,
                    language=language,
                    headline=headline,
                    publish_now=publish,
                )
            except StoryImportError as error:
                failures += 1
                with tqdm.external_write_mode(file=sys.stderr):
                    self.stderr.write(self.style.ERROR(f"error: {error}"))
                continue
            article = result.article
            note = (
                " (headline derived from the lead; please check it)"
                if result.headline_derived
                else ""
            )
            with tqdm.external_write_mode(file=sys.stderr):
                self.stdout.write(
                    f"{path}: imported #{article.pk} “{article.headline}” as {article.status}{note}"
                )
        if failures:
            raise CommandError(f"{failures} of {len(files)} file(s) could not be imported")
