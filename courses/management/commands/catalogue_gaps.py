import json
from dataclasses import asdict

from django.conf import settings
from django.core.management.base import BaseCommand

from courses.selectors import catalogue_gaps, demanded_skills


class Command(BaseCommand):
    help = (
        "For every target role's required skills, whether a published resource reaches the "
        "required level; each gap says how many drafts (or pending suggestions) would close it "
        "once accepted, with the link to that review queue, or that it needs a regulated "
        "qualification rather than a course. Ends with one line per demanded skill."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")

    def handle(self, *args, **options):
        roles = catalogue_gaps()
        if options["json"]:
            data = [
                {
                    **asdict(role),
                    "gaps": [{**asdict(g), "review_url": g.review_url} for g in role.gaps],
                }
                for role in roles
            ]
            self.stdout.write(json.dumps(data, indent=2))
            return
        site = settings.SITE_URL.rstrip("/")
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
                line = f"  - {gap.skill}: needs {gap.required_level}, best taught {gap.best_level}"
                if gap.regulated:
                    line += "; needs a regulated qualification, not a course"
                elif gap.drafts:
                    line += f"; {gap.drafts} draft(s) would close it: {site}{gap.review_url}"
                else:
                    line += "; no draft would close it"
                self.stdout.write(line)

        skills = demanded_skills()
        gaps = [s for s in skills if s.is_gap]
        self.stdout.write(
            f"\nDemanded skills ({len(skills)}): level needed, published resources reaching it, "
            "drafts that would close it, roles"
        )
        for s in skills:
            flag = "  [regulated qualification]" if s.regulated else ""
            mark = "GAP" if s.is_gap else "ok "
            self.stdout.write(
                f"  {mark} {s.skill}: needs {s.required_level}; published {s.published}; "
                f"drafts {s.drafts}; {len(s.roles)} role(s){flag}"
            )
        closable = [s for s in gaps if s.drafts and not s.regulated]
        self.stdout.write(
            f"\n{len(roles)} target roles; {sum(1 for r in roles if r.gaps)} with gaps; "
            f"{len(gaps)} distinct skills still open; "
            f"{len(closable)} of them would be closed by accepting drafts under review; "
            f"{sum(1 for s in gaps if s.regulated)} need a regulated qualification, "
            "which no course grants."
        )
