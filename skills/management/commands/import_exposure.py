from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skills.importers.published import import_published


class Command(BaseCommand):
    help = (
        "Store published AI exposure (Eloundou et al. 2024 β, Tomlinson et al. 2025) and US "
        "median pay (BLS OEWS May 2021) on every ESCO and O*NET occupation, from the shared data "
        "folder (ai-exposure/, labour-market/, crosswalk/, esco/broaderRelationsOccPillar.csv). "
        "Run after import_esco, import_onet and load_roles. Idempotent and all-or-nothing; "
        "prints each row or code that did not map, then a one-line summary."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the shared data folder (../shared/data)")

    def handle(self, *args, folder: Path, verbosity: int, **options):
        try:
            report = import_published(folder)
        except CommandError:
            raise
        except (OSError, ValueError) as exc:
            raise CommandError(f"{folder}: {exc}") from exc
        if verbosity > 0:
            for line in report.problems:
                self.stdout.write(f"  did not map: {line}")
            for line in report.notes:
                self.stdout.write(f"  note: {line}")
        self.stdout.write(report.summary())
