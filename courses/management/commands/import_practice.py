from pathlib import Path

from .import_resources import Command as ImportResources


class Command(ImportResources):
    """import_resources with the Kaggle competitions mapping fixed (courses/importing/practice)."""

    help = (
        "Import practice from Kaggle's competitions table (Meta Kaggle Competitions.csv): public, "
        "still-scorable competitions become resources of kind competition, as drafts until the "
        "linker gives them skills. Idempotent; bad rows are reported by row and field."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--publish", action="store_true", help="publish rows with skills")
        parser.add_argument("--dry-run", action="store_true", help="validate, write nothing")
        parser.add_argument("--report", type=Path, help="write the JSON report here")

    def handle(self, *args, **options):
        fixed = {"format": "csv", "mapping": "kaggle", "provider": None}
        return super().handle(*args, **{**options, **fixed})
