from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skills.importers.esco import import_esco
from skills.signals import taxonomy_changed

LANGUAGES = ("en", "fr")


class Command(BaseCommand):
    help = (
        "Import or refresh the ESCO taxonomy from the unzipped CSV download (occupations, "
        "skills, skill groups, occupation→skill relations). Idempotent and all-or-nothing. "
        "--language fr adds French labels to concepts already imported in English."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="folder holding occupations_en.csv etc.")
        parser.add_argument("--language", default="en", choices=LANGUAGES)

    def handle(self, *args, folder: Path, language: str, verbosity: int, **options):
        try:
            report = import_esco(folder, language=language, show_progress=verbosity > 0)
        except CommandError:
            raise
        except (OSError, ValueError) as exc:
            raise CommandError(f"{folder}: {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            taxonomy_changed.send(sender=self.__class__, source="esco")
