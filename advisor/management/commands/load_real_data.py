from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from advisor.real_data import STAGE_KEYS, real_data_load


class Command(BaseCommand):
    help = (
        "Load the real data sets from DIR (e.g. ../shared/data) in order: ESCO (EN, then FR "
        "labels), O*NET, skill twins, AI-era roles and regulated skills, the Coursera/edX/Udemy "
        "scrapes, practice (Kaggle competitions, project briefs), skill linking and publishing, "
        "then transitions. Idempotent: a second run creates nothing. Each stage runs in one "
        "transaction; a failed stage writes nothing, is named in the summary, and exits 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="folder holding esco/, esco-fr/, onet/, …")
        parser.add_argument(
            "--stage",
            action="append",
            choices=STAGE_KEYS,
            dest="stages",
            help="run only this stage (repeatable); default: all, in order",
        )

    def handle(self, *args, folder: Path, stages, verbosity: int, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder}: not a folder (expected the shared data folder)")
        report = real_data_load(
            folder=folder.resolve(), only=tuple(stages or ()), progress=verbosity > 0
        )
        for line in report.lines(details=verbosity > 1):
            self.stdout.write(line)
        if report.failed:
            raise CommandError(
                "; ".join(f"stage {s.key} failed: {s.message}" for s in report.failed)
            )
