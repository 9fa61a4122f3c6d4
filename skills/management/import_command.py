from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skills.signals import taxonomy_changed


class TaxonomyImportCommand(BaseCommand):
    """What every taxonomy import command does around its importer: a folder argument, read
    errors as a CommandError naming the folder, the report printed, and `taxonomy_changed` sent
    (with `source`) only when something changed."""

    source = ""
    folder_help = ""

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help=self.folder_help)

    def run_import(self, folder: Path, *, show_progress: bool, **options):
        raise NotImplementedError

    def handle(self, *args, folder: Path, verbosity: int, **options):
        try:
            report = self.run_import(folder, show_progress=verbosity > 0, **options)
        except CommandError:
            raise
        except (OSError, ValueError) as exc:
            raise CommandError(f"{folder}: {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            taxonomy_changed.send(sender=self.__class__, source=self.source)
