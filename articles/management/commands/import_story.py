import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importing import StoryImportError, import_story


def story_files(paths: list[str]) -> list[Path]:
    """The files named, and every file in the folders named (an agency's drop), in name
    order; hidden files (.DS_Store, editors' swap files) are left out."""
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(
                found
                for found in path.rglob("*")
                if found.is_file()
                and not any(part.startswith(".") for part in found.relative_to(path).parts)
            )
        else:
            files.append(path)
    return files


class Command(BaseCommand):
    help = (
        "Import plain-text stories (lead, subheading lines, paragraphs, closing credit line) "
        "from files or whole folders. Each file is one transaction: a bad file writes nothing "
        "and the others still import. A file imported before is skipped (or, with --update, "
        "brings its story up to date); a story without a headline waits for one as a draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
        parser.add_argument("--section", metavar="SLUG", help="section slug (default: the first)")
        parser.add_argument(
            "--language",
            metavar="CODE",
            help=f"story language, one of {', '.join(dict(settings.LANGUAGES))} "
            f"(default: {settings.LANGUAGE_CODE})",
        )
        parser.add_argument("--headline", help="headline (wire copy often has none)")
        parser.add_argument(
            "--publish", action="store_true", help="publish at once (needs a headline)"
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="a file imported before updates its story instead of being skipped",
        )

    def handle(self, *args, paths, section, language, headline, publish, update, **options):
        files = story_files(paths)
        if not files:
            raise CommandError(f"no files in {', '.join(paths)}")
        counts = {"imported": 0, "updated": 0, "already imported": 0, "refused": 0}
        progress = tqdm(files, unit="story", disable=len(files) < 2, file=sys.stderr)
        for path in progress:
            try:
                result = import_story(
                    path,
                    section=section,
                    language=language,
                    headline=headline,
                    publish_now=publish,
                    update=update,
                )
            except StoryImportError as error:
                counts["refused"] += 1
                with tqdm.external_write_mode(file=sys.stderr):
                    self.stderr.write(self.style.ERROR(f"refused: {error}"))
                continue
            counts[result.outcome] += 1
            with tqdm.external_write_mode(file=sys.stderr):
                self.stdout.write(self._line(path, result))
        self.stdout.write(
            f"{counts['imported']} imported, {counts['updated']} updated, "
            f"{counts['already imported']} already imported, {counts['refused']} refused"
        )
        if counts["refused"]:
            raise CommandError(f"{counts['refused']} of {len(files)} file(s) were refused")

    @staticmethod
    def _line(path: Path, result) -> str:
        article = result.article
        if result.outcome == "already imported":
            return f"{path}: already imported as #{article.pk} (--update to bring it up to date)"
        what = f"#{article.pk} “{article.headline}”" if article.headline else f"#{article.pk}"
        line = f"{path}: {result.outcome} {what} as {article.status}"
        if result.needs_headline:
            line += " – it has no headline: write one in the admin before it goes out"
        return line
