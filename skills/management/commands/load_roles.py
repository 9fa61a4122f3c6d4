from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skills.services import ROLES_FILE, RolesError, roles_load


class Command(BaseCommand):
    help = (
        "Load the sectors and AI-era target roles (finance, health, marketing, design) from the "
        "versioned roles file, linked to ESCO skills by uri. Needs import_esco first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=ROLES_FILE, help="roles JSON file")

    def handle(self, *args, file: Path, **options):
        try:
            report = roles_load(path=file)
        except RolesError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
