import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.importing import FORMATS, MAPPINGS, UnreadableFile, resources_import


class Command(BaseCommand):
    help = (
        "Import learning resources from a CSV/JSON resource file, or from a Coursera, edX or "
        "Udemy scrape with --mapping. Invalid rows are reported and skipped; exit code 0 when "
        "the file was processed, 1 when it could not be read (nothing is written then)."
    )

    # False where a subclass fixes the file's layout (import_practice).
    layout_options = True

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        if self.layout_options:
            parser.add_argument("--format", choices=FORMATS, help="default: from the file name")
            parser.add_argument(
                "--mapping", choices=sorted(MAPPINGS), help="a built-in scrape layout"
            )
            parser.add_argument("--provider", help="provider name for rows that give none")
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
                fmt=options["format"],
                mapping=options["mapping"],
                provider=options["provider"],
                publish=options["publish"],
                dry_run=options["dry_run"],
                progress=options["verbosity"] > 0,
            )
        except UnreadableFile as exc:
            raise CommandError(f"{path}: {exc} Nothing was imported.") from None
        if options["report"]:
            options["report"].write_text(
                json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
            )
        self.stdout.write(report.summary())
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
