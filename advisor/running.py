"""Running assessments: enqueue, claim, compute and store, and the sweep that takes back what a
dead worker or a broker outage left behind. The Celery tasks in `tasks.py` call these."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import replace
from decimal import Decimal

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Resource
from skills.models import Skill

from . import explain, selectors
from .catalogue import catalogue_get
from .engine import ENGINE_VERSION
from .engine.gap import GapResult, compute_gap, readiness_after
from .engine.planner import OBJECTIVES, Constraints, plan_path
from .models import Assessment, LearningPath, PathStep
from .signals import path_created

logger = logging.getLogger(__name__)


def assessment_enqueue(assessment_id: int) -> None:
    """Sends the assessment to a worker and notes when; after a broker outage (logged) the sweep
    sends it later."""
    from .tasks import assessment_run_task

    try:
        assessment_run_task.delay(assessment_id)
    except Exception:  # noqa: BLE001 - the broker may be down; the sweep re-enqueues later
        logger.exception("could not enqueue assessment %s; the sweep will retry", assessment_id)
        return
    Assessment.objects.filter(id=assessment_id).update(queued_at=timezone.now())


def _claim(assessment_id: int, task_id: str) -> bool:
    """pending → running by a conditional UPDATE: exactly one message wins. The message that
    claimed it may claim it again: the broker re-delivers a message whose worker died mid-way,
    and that delivery is the quickest way back to `done`."""
    claimable = Q(status=Assessment.Status.PENDING)
    if task_id:
        claimable |= Q(status=Assessment.Status.RUNNING, task_id=task_id)
    return (
        Assessment.objects.filter(
            claimable, id=assessment_id, attempts__lt=settings.ADVISOR_MAX_ATTEMPTS
        ).update(
            status=Assessment.Status.RUNNING,
            task_id=task_id,
            started_at=timezone.now(),
            attempts=F("attempts") + 1,
            error="",
        )
        == 1
    )


def assessment_run(*, assessment_id: int, task_id: str = "") -> bool:
    """Computes one assessment if it is pending (or running for this same Celery task, re-delivered
    after its worker died). Returns False when there was nothing to do.

    Transient database errors put it back to pending and propagate (the task retries);
    anything else ends it failed with a message a person can read.
    """
    if not _claim(assessment_id, task_id):
        return False
    try:
        _compute_and_store(assessment_id)
    except OperationalError:
        Assessment.objects.filter(id=assessment_id, status=Assessment.Status.RUNNING).update(
            status=Assessment.Status.PENDING
        )
        raise
    except Exception as exc:  # noqa: BLE001 - a failure must be recorded, not lost
        logger.exception("assessment %s failed", assessment_id)
        Assessment.objects.filter(id=assessment_id, status=Assessment.Status.RUNNING).update(
            status=Assessment.Status.FAILED,
            finished_at=timezone.now(),
            error=_("The assessment could not be computed (%(error)s). Please try again later.")
            % {"error": type(exc).__name__},
        )
    return True


def _compute_and_store(assessment_id: int) -> None:
    assessment = Assessment.objects.select_related("profile", "target").get(id=assessment_id)
    profile = assessment.profile
    requirements = selectors.requirements_for(occupation=assessment.target)
    if not requirements:
        Assessment.objects.filter(id=assessment_id, status=Assessment.Status.RUNNING).update(
            status=Assessment.Status.FAILED,
            finished_at=timezone.now(),
            error=_(
                "This role has no required skills recorded yet, so there is nothing to compare "
                "your skills with. Choose another role or ask an administrator."
            ),
        )
        return
    levels = selectors.profile_levels(profile=profile)
    done_ids = selectors.done_resource_ids(profile=profile)
    gap = compute_gap(requirements, levels)
    catalogue = catalogue_get()
    if profile.wants_certificates:
        catalogue = catalogue.with_certificates()
    start = profile.start_date or timezone.localdate()
    constraints = Constraints(
        budget_eur=float(profile.budget),
        weekly_hours=float(profile.weekly_hours),
        horizon_weeks=int(profile.horizon_weeks),
        languages=frozenset(profile.languages or []) or None,
        formats=frozenset(profile.formats or []) or None,
        exclude=frozenset(done_ids),
        # The first language the person listed is the one they read most easily.
        preferred_language=(profile.languages or [None])[0],
        start_date=start,
    )
    # Three trade-offs, one path each; the assessment's objective is the one stored as steps.
    plans = {
        objective: plan_path(catalogue, gap, levels, replace(constraints, objective=objective))
        for objective in OBJECTIVES
    }
    plan = plans[assessment.objective]
    regulated = set(
        Skill.objects.filter(
            pk__in=[o.skill_id for o in plan.open_skills], regulated=True
        ).values_list("pk", flat=True)
    )
    results = {
        "gap": gap.as_dict(),
        "open_skills": [
            {
                "skill_id": o.skill_id,
                "current": o.current,
                "reached": o.reached,
                "required": o.required,
                # A skill only a regulated qualification grants: no course or project would do.
                "reason": "regulated" if o.skill_id in regulated else o.reason,
                "next": None if o.skill_id in regulated else o.next_move,
            }
            for o in plan.open_skills
        ],
        "method": plan.method,
        "catalogue_version": catalogue.version,
        "levels_after": {str(k): v for k, v in plan.levels_after.items()},
        "alternatives": alternatives_summary(plans, first=assessment.objective, gap=gap),
        "carried_over": done_ids,
    }
    skill_ids = {r[0] for s in plan.steps for r in s.raises} | {
        u[1] for s in plan.steps for u in s.unlocks
    }
    names = {i: s.label for i, s in Skill.objects.in_bulk(skill_ids).items()}
    resources = Resource.objects.in_bulk([s.resource_id for s in plan.steps] + done_ids)
    titles = {i: r.title for i, r in resources.items()}
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update()
            .filter(id=assessment_id, status=Assessment.Status.RUNNING)
            .first()
        )
        if locked is None or LearningPath.objects.filter(assessment_id=assessment_id).exists():
            return  # the sweep took it back meanwhile; whoever runs next stores the path
        path = LearningPath.objects.create(
            assessment=locked,
            profile=profile,
            start_date=start,
            total_hours=Decimal(str(round(plan.total_hours, 1))),
            total_cost=Decimal(str(round(plan.total_cost_eur, 2))),
            weeks_to_ready=plan.weeks_to_ready,
            open_skills=results["open_skills"],
        )
        steps = []
        for n, rid in enumerate(done_ids, start=1):
            reason = {"key": "carried_over", "params": {}}
            steps.append(
                PathStep(
                    path=path,
                    resource_id=rid,
                    order=n,
                    week_start=0,
                    week_end=0,
                    planned_hours=resources[rid].hours if rid in resources else 0,
                    price=0,
                    rationale=explain.step_reason(reason, names, titles),
                    reason=reason,
                    skills_closed=[],
                    status=PathStep.Status.DONE,
                    status_changed_at=timezone.now(),
                    carried_over=True,
                )
            )
        offset = len(steps)
        for s in plan.steps:
            reason = {"key": s.reason[0], "params": s.reason[1]}
            steps.append(
                PathStep(
                    path=path,
                    resource_id=s.resource_id,
                    order=offset + s.order,
                    week_start=s.week_start,
                    week_end=s.week_end,
                    planned_hours=Decimal(str(round(s.hours, 1))),
                    price=Decimal(str(round(s.price_eur, 2))),
                    rationale=explain.step_reason(reason, names, titles),
                    reason=reason,
                    skills_closed=[list(r) for r in s.raises],
                )
            )
        PathStep.objects.bulk_create(steps)
        # On commit: listeners read the path with its steps, never half of it.
        transaction.on_commit(functools.partial(path_created.send, LearningPath, path_id=path.pk))
        Assessment.objects.filter(id=assessment_id).update(
            status=Assessment.Status.DONE,
            finished_at=timezone.now(),
            engine_version=ENGINE_VERSION,
            readiness=gap.readiness,
            results=results,
            error="",
        )


def alternatives_summary(plans: dict, *, first: str, gap: GapResult) -> list[dict]:
    """The paths planned for each objective, `first` first, identical ones once (with every
    objective they are best for): what the plan page compares side by side, as data."""
    order = [first] + [o for o in OBJECTIVES if o != first]
    summary: list[dict] = []
    for objective in order:
        plan = plans[objective]
        resource_ids = [s.resource_id for s in plan.steps]
        same = next((a for a in summary if a["resource_ids"] == resource_ids), None)
        if same is not None:
            same["objectives"].append(objective)
            continue
        after = readiness_after(gap.items, plan.levels_after)
        summary.append(
            {
                "objectives": [objective],
                "resource_ids": resource_ids,
                "hours": round(plan.total_hours, 1),
                "cost_eur": round(plan.total_cost_eur, 2),
                "weeks_to_ready": plan.weeks_to_ready,
                "weeks": plan.steps[-1].week_end if plan.steps else 0,
                "readiness_after": round(after, 4),
                "practice_steps": sum(1 for s in plan.steps if s.is_practice),
                "open_skills": len(plan.open_skills),
            }
        )
    return summary


def assessments_sweep() -> int:
    """Frees assessments running past the run time limit (a live worker would have stopped
    them: theirs died) and re-enqueues pending ones whose last message is older than the pending
    delay (lost in a broker outage), so one assessment gets at most one message per delay and a
    backlog is not flooded with copies. A freed assessment's own message comes back by the
    broker's visibility timeout. Returns how many were re-enqueued."""
    now = timezone.now()
    freed = Assessment.objects.filter(
        status=Assessment.Status.RUNNING,
        started_at__lt=now - dt.timedelta(seconds=settings.ADVISOR_RUN_TIME_LIMIT),
    ).update(status=Assessment.Status.PENDING)
    if freed:
        logger.warning("took back %s assessments left running by a dead worker", freed)
    gave_up = Assessment.objects.filter(
        status=Assessment.Status.PENDING, attempts__gte=settings.ADVISOR_MAX_ATTEMPTS
    ).update(
        status=Assessment.Status.FAILED,
        finished_at=now,
        error=_("The assessment could not be computed after several attempts. Please try again."),
    )
    if gave_up:
        logger.warning("gave up on %s assessments", gave_up)
    ids = list(
        Assessment.objects.annotate(last_queued=Coalesce("queued_at", "created_at"))
        .filter(
            status=Assessment.Status.PENDING,
            last_queued__lt=now - dt.timedelta(minutes=settings.ADVISOR_PENDING_MINUTES),
        )
        .values_list("id", flat=True)
    )
    for assessment_id in ids:
        assessment_enqueue(assessment_id)
    return len(ids)
