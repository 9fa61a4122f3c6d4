from django.core.management.base import BaseCommand

from courses.demo import DEMO_FILE, demo_catalogue_load


class Command(BaseCommand):
    help = "Load the demo catalogue (sectors, AI-era roles, skills, resources). Safe to re-run."

    def handle(self, *args, **options):
        counts = demo_catalogue_load(DEMO_FILE)
        created = sum(v for k, v in counts.items() if k.endswith("_created"))
        kept = sum(v for k, v in counts.items() if k.endswith("_kept"))
        message = f"Demo catalogue loaded: {created} rows created, {kept} already there."
        self.stdout.write(self.style.SUCCESS(message))
        for key in sorted(counts):
            self.stdout.write(f"  {key}: {counts[key]}")
