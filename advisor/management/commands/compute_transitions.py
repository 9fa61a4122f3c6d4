from django.core.management.base import BaseCommand, CommandError

from advisor.transitions import transitions_compute
from skills.models import Source


class Command(BaseCommand):
    help = "Precompute occupation transitions for each imported taxonomy (or --source only)."

    def add_arguments(self, parser):
        parser.add_argument("--source", choices=Source.values, help="Only this taxonomy.")
        parser.add_argument("--top", type=int, default=10, help="Transitions kept per occupation.")

    def handle(self, *args, source=None, top=10, **options):
        if not 1 <= top <= 100:
            raise CommandError("--top must be from 1 to 100")
        report = transitions_compute(source=source, top_n=top)
        for src, figures in report.items():
            self.stdout.write(
                f"{src}: {figures['transitions']} transitions for {figures['occupations']} "
                f"occupations (version {figures['version']})"
            )
        if not report:
            self.stdout.write("No occupations: import a taxonomy first.")
