from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.briefs import BRIEFS_FILE, BriefsError, briefs_load


class Command(BaseCommand):
    help = (
        "Load our project briefs (courses/data/project_briefs.json, in French and English) as "
        "published practice projects linked to ESCO skills. Needs import_esco first; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=BRIEFS_FILE, help="briefs JSON file")

    def handle(self, *args, file: Path, **options):
        try:
            report = briefs_load(path=file)
        except BriefsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
