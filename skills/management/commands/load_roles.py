from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from skills.services import (
    REGULATED_SKILLS_FILE,
    ROLES_FILE,
    RolesError,
    regulated_skills_load,
    roles_load,
)


class Command(BaseCommand):
    help = (
        "Load the sectors and AI-era target roles (finance, health, marketing, design) from the "
        "versioned roles file, linked to ESCO skills by uri, and flag the skills of the curated "
        "regulated-skills file. Needs import_esco first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=ROLES_FILE, help="roles JSON file")
        parser.add_argument(
            "--regulated",
            type=Path,
            default=REGULATED_SKILLS_FILE,
            help="CSV of skills only a regulated qualification grants (uri, label, why)",
        )

    def handle(self, *args, file: Path, regulated: Path, **options):
        try:
            with transaction.atomic():  # both files or neither
                report = roles_load(path=file)
                regulated_report = regulated_skills_load(path=regulated)
        except RolesError as exc:
            raise CommandError(str(exc)) from exc
        for line in [*report.lines(), *regulated_report.lines()]:
            self.stdout.write(line)
