import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.importing import UnreadableFile
from courses.services import resources_import


class Command(BaseCommand):
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
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        try:
            report = resources_import(
                content=content,
                name=path.name,
                fmt="csv",
                mapping="kaggle",
                publish=options["publish"],
                dry_run=options["dry_run"],
                progress=options["verbosity"] > 1,
            )
        except UnreadableFile as exc:
            raise CommandError(f"{path}: {exc} Nothing was imported.") from None
        if options["report"]:
            options["report"].write_text(
                json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
            )
        self.stdout.write(report.summary())
