from pathlib import Path

from skills.importers.esco import import_esco
from skills.management.import_command import TaxonomyImportCommand

LANGUAGES = ("en", "fr")


class Command(TaxonomyImportCommand):
    help = (
        "Import or refresh the ESCO taxonomy from the unzipped CSV download (occupations, "
        "skills, skill groups, occupation→skill relations). Idempotent and all-or-nothing. "
        "--language fr adds French labels to concepts already imported in English."
    )
    source = "esco"
    folder_help = "folder holding occupations_en.csv etc."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--language", default="en", choices=LANGUAGES)

    def run_import(self, folder: Path, *, show_progress: bool, **options):
        return import_esco(folder, language=options["language"], show_progress=show_progress)
