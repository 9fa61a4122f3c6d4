import json
from pathlib import Path

from django.core.management.base import BaseCommand

from courses.linking import catalogue_link, print_progress


class Command(BaseCommand):
    help = (
        "Link every resource (drafts and published) to skills from its provider's labels and its "
        "text; publish those that gain a sure link, queue weaker ones for the curators. "
        "Idempotent; never touches a curator's link."
    )

    def add_arguments(self, parser):
        parser.add_argument("--report", type=Path, help="write the JSON report here")

    def handle(self, *args, report: Path | None, verbosity: int, **options):
        result = catalogue_link(progress=print_progress if verbosity > 0 else None)
        if report:
            report.write_text(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        for line in result.lines():
            self.stdout.write(line)
