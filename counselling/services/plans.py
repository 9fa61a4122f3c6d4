"""Plan edits: a counsellor adds, moves or removes steps and approves the plan; after a
re-assessment their approved decisions are replayed on the new path (the carry-over)."""

import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from advisor.engine.catalogue import to_eur
from advisor.engine.planner.schedule import week_spans
from advisor.models import LearningPath, PathStep
from courses.models import Resource

from ..models import PathApproval, PathCarryOver, PathEdit
from .rules import MAX_REASON, clean_text, require_access

# Orders are renumbered through this offset so the (path, order) unique constraint never
# sees two steps on one number mid-update (PostgreSQL checks it row by row).
_ORDER_OFFSET = 1000


def _reschedule(path: LearningPath, ordered: list[PathStep]) -> None:
    """Renumber steps 1..n in the given order and lay them out week by week again.

    Weeks follow the planner's one rule (`week_spans`) at the profile's weekly hours. Steps
    carried over from an earlier path (already done) stay in week 0 and cost nothing, as the
    advisor stores them.
    """
    # Two passes: every step first gets a unique number above the offset, then its final one.
    for i, step in enumerate(ordered, start=1):
        PathStep.objects.filter(pk=step.pk).update(order=_ORDER_OFFSET + i)
    planned = [step for step in ordered if not step.carried_over]
    spans = dict(
        zip(
            (step.pk for step in planned),
            week_spans((float(step.planned_hours) for step in planned), path.profile.weekly_hours),
            strict=True,
        )
    )
    for i, step in enumerate(ordered, start=1):
        week_start, week_end = spans.get(step.pk, (0, 0))
        step.order, step.week_start, step.week_end = i, week_start, week_end
        PathStep.objects.filter(pk=step.pk).update(
            order=i, week_start=week_start, week_end=week_end
        )
    path.total_hours = sum((step.planned_hours for step in planned), Decimal(0))
    path.total_cost = sum((step.price for step in planned), Decimal(0))
    # Skills left open by the engine stay open whatever the order: no "ready in" then.
    path.weeks_to_ready = (
        None if path.open_skills else max((e for _s, e in spans.values()), default=0)
    )
    path.save(update_fields=["total_hours", "total_cost", "weeks_to_ready"])


def _reopen(path: LearningPath) -> None:
    """An edit after approval puts the plan back in the counsellor's queue."""
    if path.approved_at:
        path.approved_at = None
        path.approved_by = None
        path.save(update_fields=["approved_at", "approved_by"])
        PathApproval.objects.filter(path=path, withdrawn_at=None).update(
            withdrawn_at=timezone.now()
        )


def _locked_path(path: LearningPath, counsellor: User | None) -> tuple[LearningPath, list]:
    if counsellor is not None:
        require_access(counsellor, path.profile.user)
    path = LearningPath.objects.select_for_update().select_related("profile__user").get(pk=path.pk)
    steps = list(path.steps.select_related("resource").order_by("order"))
    return path, steps


def _position(value: Any, *, upper: int) -> int:
    """`value` as given (form, JSON or None) as a position from 1 to `upper`, else the error."""
    try:
        position = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"position": _("Enter a whole number.")}) from None
    if not 1 <= position <= upper:
        raise ValidationError({"position": _("Choose a position from 1 to %(n)d.") % {"n": upper}})
    return position


@transaction.atomic
def path_step_remove(
    *, counsellor: User | None, step: PathStep, reason: str, carried_from: PathEdit | None = None
) -> PathEdit:
    reason = clean_text(reason, field="reason", max_length=MAX_REASON)
    path, steps = _locked_path(step.path, counsellor)
    remaining = [s for s in steps if s.pk != step.pk]
    if len(remaining) == len(steps):
        raise ValidationError({"step": _("This step is not in the plan any more.")})
    edit = PathEdit.objects.create(
        path=path,
        step=None,
        resource_id=step.resource_id,
        action=PathEdit.Action.REMOVE,
        from_position=step.order,
        reason=reason,
        author=counsellor or (carried_from.author if carried_from else None),
        carried_from=carried_from,
    )
    PathStep.objects.filter(pk=step.pk).delete()
    _reschedule(path, remaining)
    _reopen(path)
    return edit


def _price_eur(resource: Resource) -> Decimal:
    """Plans add prices up in EUR: converted with the planner's one table (docs/prices.md)."""
    eur = to_eur(float(resource.price), resource.currency)
    if math.isinf(eur):
        raise ValidationError(
            {
                "resource": _(
                    "This resource is priced in %(currency)s, which plans cannot convert to "
                    "EUR yet."
                )
                % {"currency": resource.currency}
            }
        )
    return Decimal(str(round(eur, 2)))


@transaction.atomic
def path_step_add(
    *,
    counsellor: User | None,
    path: LearningPath,
    resource: Resource,
    position: int | str | None,
    reason: str,
    carried_from: PathEdit | None = None,
) -> PathEdit:
    reason = clean_text(reason, field="reason", max_length=MAX_REASON)
    path, steps = _locked_path(path, counsellor)
    if resource.status != Resource.Status.PUBLISHED:
        raise ValidationError({"resource": _("Only published resources can join a plan.")})
    if any(s.resource_id == resource.pk for s in steps):
        raise ValidationError({"resource": _("This resource is already in the plan.")})
    position = _position(position, upper=len(steps) + 1)
    step = PathStep.objects.create(
        path=path,
        resource=resource,
        order=_ORDER_OFFSET * 2,
        planned_hours=resource.hours,
        price=_price_eur(resource),
        rationale=reason,
        reason={"key": "counsellor", "params": {}},
    )
    step.resource = resource
    steps.insert(position - 1, step)
    _reschedule(path, steps)
    _reopen(path)
    return PathEdit.objects.create(
        path=path,
        step=step,
        resource=resource,
        action=PathEdit.Action.ADD,
        to_position=position,
        reason=reason,
        author=counsellor or (carried_from.author if carried_from else None),
        carried_from=carried_from,
    )


@transaction.atomic
def path_step_move(
    *,
    counsellor: User | None,
    step: PathStep,
    position: int | str | None,
    reason: str,
    carried_from: PathEdit | None = None,
) -> PathEdit:
    reason = clean_text(reason, field="reason", max_length=MAX_REASON)
    path, steps = _locked_path(step.path, counsellor)
    position = _position(position, upper=len(steps))
    current = next((s for s in steps if s.pk == step.pk), None)
    if current is None:
        raise ValidationError({"step": _("This step is not in the plan any more.")})
    old = steps.index(current) + 1
    if old == position:
        raise ValidationError({"position": _("The step is already at this position.")})
    steps.remove(current)
    steps.insert(position - 1, current)
    _reschedule(path, steps)
    _reopen(path)
    return PathEdit.objects.create(
        path=path,
        step=current,
        resource_id=current.resource_id,
        action=PathEdit.Action.MOVE,
        from_position=old,
        to_position=position,
        reason=reason,
        author=counsellor or (carried_from.author if carried_from else None),
        carried_from=carried_from,
    )


@transaction.atomic
def path_approve(*, counsellor: User, path: LearningPath, comment: str = "") -> PathApproval:
    """Approve the plan as it stands now; the client sees it with every reason given."""
    comment = clean_text(comment, field="comment", max_length=MAX_REASON, required=False)
    path, steps = _locked_path(path, counsellor)
    if not steps:
        raise ValidationError({"path": _("An empty plan cannot be approved.")})
    now = timezone.now()
    PathApproval.objects.filter(path=path, withdrawn_at=None).update(withdrawn_at=now)
    approval = PathApproval.objects.create(path=path, counsellor=counsellor, comment=comment)
    path.approved_by = counsellor
    path.approved_at = approval.approved_at
    path.save(update_fields=["approved_by", "approved_at"])
    return approval


@transaction.atomic
def path_carry_over(*, path_id: int) -> PathCarryOver | None:
    """After a re-assessment: replay the counsellor's approved decisions on the new path.

    Kept only when the target role is unchanged; either way the record says what changed
    (target, readiness, resources the engine added or dropped, decisions replayed). Idempotent.
    """
    path = (
        LearningPath.objects.select_related("assessment__target", "profile")
        .filter(pk=path_id)
        .first()
    )
    if path is None or PathCarryOver.objects.filter(path=path).exists():
        return None
    previous = (
        LearningPath.objects.filter(
            profile=path.profile, approved_at__isnull=False, created_at__lte=path.created_at
        )
        .exclude(pk=path.pk)
        .select_related("assessment__target")
        .order_by("-created_at", "-id")
        .first()
    )
    if previous is None:
        return None
    old_target, new_target = previous.assessment.target, path.assessment.target
    summary: list[dict] = []
    if previous.assessment.readiness is not None and path.assessment.readiness is not None:
        summary.append(
            {
                "what": "readiness",
                "from": round(previous.assessment.readiness * 100),
                "to": round(path.assessment.readiness * 100),
            }
        )
    if old_target.pk != new_target.pk:
        summary.insert(0, {"what": "target", "from": old_target.label, "to": new_target.label})
        return PathCarryOver.objects.create(
            path=path, previous_path=previous, kept=False, summary=summary
        )
    old_resources = set(previous.steps.values_list("resource__title", flat=True))
    new_resources = set(path.steps.values_list("resource__title", flat=True))
    decided = set(previous.edits.values_list("resource__title", flat=True))
    engine_added = sorted(new_resources - old_resources - decided)
    engine_dropped = sorted(old_resources - new_resources - decided)
    if engine_added:
        summary.append({"what": "engine_added", "resources": engine_added})
    if engine_dropped:
        summary.append({"what": "engine_dropped", "resources": engine_dropped})
    # Replayed edits are included: they are the decisions kept through earlier re-assessments.
    for edit in previous.edits.select_related("resource").order_by("created_at", "id"):
        applied = _replay(path, edit)
        summary.append(
            {
                "what": "decision",
                "action": edit.action,
                "resource": edit.resource.title,
                "reason": edit.reason,
                "applied": applied,
            }
        )
    return PathCarryOver.objects.create(
        path=path, previous_path=previous, kept=True, summary=summary
    )


def _replay(path: LearningPath, edit: PathEdit) -> bool:
    """Apply one earlier decision to the new path; False when it no longer applies."""
    path.refresh_from_db()
    step = path.steps.filter(resource_id=edit.resource_id).first()
    count = path.steps.count()
    try:
        if edit.action == PathEdit.Action.REMOVE and step:
            path_step_remove(counsellor=None, step=step, reason=edit.reason, carried_from=edit)
            return True
        if edit.action == PathEdit.Action.ADD and step is None:
            position = min(edit.to_position or count + 1, count + 1)
            path_step_add(
                counsellor=None,
                path=path,
                resource=edit.resource,
                position=position,
                reason=edit.reason,
                carried_from=edit,
            )
            return True
        if edit.action == PathEdit.Action.MOVE and step:
            position = min(edit.to_position or 1, count)
            if step.order != position:
                path_step_move(
                    counsellor=None,
                    step=step,
                    position=position,
                    reason=edit.reason,
                    carried_from=edit,
                )
            return True
    except ValidationError:
        return False
    return False
