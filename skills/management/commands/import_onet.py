from pathlib import Path

from skills.importers.onet import import_onet
from skills.management.import_command import TaxonomyImportCommand


class Command(TaxonomyImportCommand):
    help = (
        "Import or refresh O*NET from the unzipped text-file download: occupations (job zone, "
        "reported titles), Skills and Knowledge at levels, Technology Skills as tools. "
        "Idempotent and all-or-nothing."
    )
    source = "onet"
    folder_help = "folder holding 'Occupation Data.txt' etc."

    def run_import(self, folder: Path, *, show_progress: bool, **options):
        return import_onet(folder, show_progress=show_progress)
