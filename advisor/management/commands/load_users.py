"""Job-seekers for the load benchmark (bench/load.py): each with a profile and a finished plan."""

import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from advisor import selectors, services
from advisor.models import Assessment, ProfileSkill
from skills.models import Occupation, Sector

DEFAULT_PASSWORD = "load-bench-password"
# Levels given to the current job's skills, in turn: people know their own job unevenly.
LEVELS = (3, 2, 4, 3, 1)


class Command(BaseCommand):
    help = (
        "Create (or reuse) N job-seekers named PREFIX-001… with a profile built on the demo "
        "catalogue (run seed_demo first) and one finished assessment toward their best role. "
        "Safe to re-run. Needs the Celery worker when a broker is configured."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=50)
        parser.add_argument("--prefix", default="load")
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument(
            "--wait", type=int, default=180, help="Seconds to wait for the plans (default 180)."
        )

    def handle(self, *args, count, prefix, password, wait, **options):
        jobs = list(
            Occupation.objects.filter(code__startswith="DEMO-CUR-", is_target=False).order_by(
                "code"
            )
        )
        sectors = list(Sector.objects.order_by("slug"))
        if not jobs or not sectors:
            raise CommandError("No demo jobs or sectors: run `manage.py seed_demo` first.")
        created = 0
        waiting: list[int] = []
        for i in range(1, count + 1):
            user, new = self._user(f"{prefix}-{i:03d}", password)
            created += new
            assessment = self._assessment(user, jobs[i % len(jobs)], sectors[i % len(sectors)], i)
            if assessment.status != Assessment.Status.DONE:
                waiting.append(assessment.pk)
        self._wait(waiting, wait)
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} job-seekers ready ({created} created), password {password!r}, "
                f"each with a finished plan."
            )
        )

    def _user(self, username: str, password: str) -> tuple[User, bool]:
        user, new = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@load.invalid", "role": User.Role.JOB_SEEKER},
        )
        if new or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        return user, new

    def _assessment(self, user: User, job: Occupation, sector: Sector, i: int) -> Assessment:
        with transaction.atomic():
            profile = selectors.profile_get_or_create(user=user)
            if profile.current_occupation_id is None:
                services.profile_update(
                    profile=profile,
                    current_occupation=job,
                    sectors=[sector],
                    weekly_hours=4 + i % 8,
                    budget=Decimal(100 * (i % 6)),
                    horizon_weeks=20 + i % 20,
                    languages=["en", "fr"] if i % 2 else ["en"],
                )
                skills = [
                    (link.skill_id, LEVELS[n % len(LEVELS)])
                    for n, link in enumerate(selectors.job_skills(occupation=job))
                ]
                services.profile_skills_set(
                    profile=profile, skills=skills, source=ProfileSkill.Source.SELF
                )
            done = Assessment.objects.filter(profile=profile, status=Assessment.Status.DONE)
            latest = done.order_by("-created_at").first()
            if latest is not None:
                return latest
            best = selectors.role_suggestions(profile=profile, limit=1)
            return services.assessment_create(profile=profile, target=best[0].occupation)

    def _wait(self, ids: list[int], seconds: int) -> None:
        deadline = time.monotonic() + seconds
        while ids:
            left = Assessment.objects.filter(pk__in=ids).exclude(status=Assessment.Status.DONE)
            failed = list(left.filter(status=Assessment.Status.FAILED).values_list("pk", "error"))
            if failed:
                raise CommandError(f"Assessments failed: {failed[:3]}")
            ids = list(left.values_list("pk", flat=True))
            if not ids:
                return
            if time.monotonic() > deadline:
                raise CommandError(
                    f"{len(ids)} plans still not done after {seconds} s: is the Celery worker "
                    "running on this broker?"
                )
            time.sleep(1)
