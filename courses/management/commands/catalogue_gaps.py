import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from courses.selectors import catalogue_gaps


class Command(BaseCommand):
    help = (
        "For every target role's required skills, whether a published resource reaches the "
        "required level; lists the skills no resource can close, by sector and role."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")

    def handle(self, *args, **options):
        roles = catalogue_gaps()
        if options["json"]:
            self.stdout.write(json.dumps([asdict(role) for role in roles], indent=2))
            return
        open_skills: dict[str, set[str]] = {}
        current_sector = None
        for role in roles:
            sector = role.sectors[0] if role.sectors else "(no sector)"
            if sector != current_sector:
                self.stdout.write(f"\n== {sector}")
                current_sector = sector
            self.stdout.write(
                f"{role.title} ({role.code}): {role.closable}/{role.required} skills covered"
            )
            for gap in role.gaps:
                self.stdout.write(
                    f"  - {gap.skill}: needs {gap.required_level}, best taught {gap.best_level}"
                )
                open_skills.setdefault(gap.skill, set()).add(role.title)
        self.stdout.write(
            f"\n{len(roles)} target roles; {sum(1 for r in roles if r.gaps)} with gaps; "
            f"{len(open_skills)} distinct skills no published resource can close."
        )
