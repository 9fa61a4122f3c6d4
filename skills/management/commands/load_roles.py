from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from skills.services import (
    AI_SKILLS_FILE,
    REGULATED_SKILLS_FILE,
    ROLES_FILE,
    RolesError,
    regulated_skills_load,
    roles_load,
)


class Command(BaseCommand):
    help = (
        "Load our AI-era skills (the ESCO gaps: prompt engineering, MLOps, EU AI Act…), then the "
        "sectors and AI-era target roles from the versioned roles file, linked to skills by uri, "
        "marking the roles that need a regulated qualification, and flag the skills of the "
        "curated regulated-skills file. Idempotent, all or nothing. Needs import_esco first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=ROLES_FILE, help="roles JSON file")
        parser.add_argument(
            "--skills",
            type=Path,
            default=AI_SKILLS_FILE,
            help="JSON file of our AI-era skills (urn:reconversion:skill:…), loaded first",
        )
        parser.add_argument(
            "--regulated",
            type=Path,
            default=REGULATED_SKILLS_FILE,
            help="CSV of skills only a regulated qualification grants (uri, label, why)",
        )

    def handle(self, *args, file: Path, skills: Path, regulated: Path, **options):
        try:
            with transaction.atomic():  # every file or none
                report = roles_load(path=file, skills_path=skills)
                regulated_report = regulated_skills_load(path=regulated)
        except RolesError as exc:
            raise CommandError(str(exc)) from exc
        for line in [*report.lines(), *regulated_report.lines()]:
            self.stdout.write(line)
