from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skills.importers.onet import import_onet
from skills.signals import taxonomy_changed


class Command(BaseCommand):
    help = (
        "Import or refresh O*NET from the unzipped text-file download: occupations (job zone, "
        "reported titles), Skills and Knowledge at levels, Technology Skills as tools. "
        "Idempotent and all-or-nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="folder holding 'Occupation Data.txt' etc.")

    def handle(self, *args, folder: Path, verbosity: int, **options):
        try:
            report = import_onet(folder, show_progress=verbosity > 0)
        except CommandError:
            raise
        except (OSError, ValueError) as exc:
            raise CommandError(f"{folder}: {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            taxonomy_changed.send(sender=self.__class__, source="onet")
