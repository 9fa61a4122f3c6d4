from .import_resources import Command as ImportResources


class Command(ImportResources):
    """import_resources with the Kaggle competitions mapping fixed (courses/importing/practice)."""

    help = (
        "Import practice from Kaggle's competitions table (Meta Kaggle Competitions.csv): public, "
        "still-scorable competitions become resources of kind competition, as drafts until the "
        "linker gives them skills. Idempotent; bad rows are reported by row and field."
    )

    layout_options = False

    def handle(self, *args, **options):
        fixed = {"format": "csv", "mapping": "kaggle", "provider": None}
        return super().handle(*args, **{**options, **fixed})
