"""CSV exports. Column lists are a documented contract (docs/counselling.md, "CSV columns"):
never rename."""

import csv
import io

from advisor.selectors import steps_explained

from . import selectors

CASELOAD_COLUMNS = [
    "client_id",
    "username",
    "full_name",
    "email",
    "target_role_code",
    "target_role",
    "readiness_pct",
    "steps_done",
    "steps_total",
    "progress_pct",
    "last_activity",
    "access_granted_at",
    "stalled",
    "awaiting_approval",
]

PLAN_COLUMNS = [
    "step",
    "resource_id",
    "title",
    "kind",
    "provider",
    "url",
    "language",
    "format",
    "planned_hours",
    "price",
    "currency",
    "week_start",
    "week_end",
    "status",
    "why_this_step",
    "skills_closed",
    "counsellor_change",
    "counsellor_reason",
    "approved_at",
]


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _text(value: str) -> str:
    # Spreadsheet apps run cells starting with these as formulas (CSV injection).
    value = str(value or "")
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def caseload_rows(counsellor) -> list[dict]:
    rows = []
    for c in selectors.caseload_filtered(counsellor, ordering="name"):
        rows.append(
            {
                "client_id": c.pk,
                "username": _text(c.username),
                "full_name": _text(c.get_full_name()),
                "email": _text(c.email),
                "target_role_code": _text(c.target_code or ""),
                "target_role": _text(c.target_title or ""),
                "readiness_pct": "" if c.readiness is None else round(c.readiness * 100),
                "steps_done": c.steps_done,
                "steps_total": c.steps_total,
                "progress_pct": round(100 * c.steps_done / c.steps_total) if c.steps_total else "",
                "last_activity": _iso(c.last_activity if c.last_activity.year > 2000 else None),
                "access_granted_at": _iso(c.granted_at),
                "stalled": int(c.stalled),
                "awaiting_approval": int(c.awaiting_approval),
            }
        )
    return rows


def _skills_raised(raised, names: dict[int, str]) -> str:
    """The stored [skill id, from level, to level] triples as "SQL querying 0→3" in the
    reader's language; a skill deleted since shows by its id."""
    return "; ".join(
        f"{names.get(skill_id, f'#{skill_id}')} {low}→{high}" for skill_id, low, high in raised
    )


def plan_rows(path) -> list[dict]:
    edits = list(selectors.path_edits(path))
    steps = steps_explained(list(selectors.path_steps(path)))
    rows = []
    for step, step_edits in selectors.steps_with_reasons(steps, edits):
        last = step_edits[-1] if step_edits else None
        r = step.resource
        rows.append(
            {
                "step": step.order,
                "resource_id": r.pk,
                "title": _text(r.title),
                "kind": r.kind,
                "provider": _text(r.provider.name),
                "url": r.url,
                "language": r.language,
                "format": r.format,
                "planned_hours": step.planned_hours,
                "price": r.price,
                "currency": r.currency,
                "week_start": step.week_start,
                "week_end": step.week_end,
                "status": step.status,
                "why_this_step": _text(step.why),
                "skills_closed": _text(_skills_raised(step.skills_closed or [], step.skill_names)),
                "counsellor_change": last.action if last else "",
                "counsellor_reason": _text(last.reason) if last else "",
                "approved_at": _iso(path.approved_at),
            }
        )
    return rows


def to_csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
