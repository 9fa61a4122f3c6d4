"""Caseload and staff analytics with pandas: a handful of flat queries, then frames.

`caseload_analytics(counsellor)` covers one counsellor's clients; `staff_analytics()` covers
every job-seeker but only in groups (sector × role) of at least MIN_GROUP people, so no row
describes a single person.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pandas as pd
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from advisor.models import Assessment, LearningPath, PathStep, ProfileSkill
from skills.models import OccupationSkill, Skill

from . import selectors

READINESS_BINS = [0, 0.2, 0.4, 0.6, 0.8, 1.0000001]
READINESS_LABELS = ["0–19%", "20–39%", "40–59%", "60–79%", "80–100%"]
PROGRESS_WEEKS = 12
TOP_MISSING = 10
# Staff page: groups smaller than this are merged into "other" so nobody is identifiable.
MIN_GROUP = 3


@dataclass
class Analytics:
    clients: int = 0
    readiness_distribution: dict[str, int] = field(default_factory=dict)
    missing_skills: list[tuple[str, int]] = field(default_factory=list)
    planned_weeks_to_ready: float | None = None
    observed_weeks_to_ready: float | None = None
    ready_clients: int = 0
    progress: list[tuple[str, int]] = field(default_factory=list)


def _assessments_frame(users: QuerySet[User]) -> pd.DataFrame:
    rows = Assessment.objects.filter(
        profile__user__in=users.values("pk"), status=Assessment.Status.DONE
    ).values("id", "profile__user_id", "target_id", "readiness", "created_at", "profile_id")
    df = pd.DataFrame.from_records(
        list(rows),
        columns=["id", "profile__user_id", "target_id", "readiness", "created_at", "profile_id"],
    )
    return df.rename(columns={"profile__user_id": "user_id"}).sort_values(["created_at", "id"])


def _latest(df: pd.DataFrame) -> pd.DataFrame:
    return df.groupby("user_id", as_index=False).tail(1) if len(df) else df


def readiness_distribution(latest: pd.DataFrame) -> dict[str, int]:
    values = latest["readiness"].dropna() if len(latest) else pd.Series(dtype=float)
    bins = pd.cut(values, READINESS_BINS, labels=READINESS_LABELS, right=False)
    counts = bins.value_counts().reindex(READINESS_LABELS, fill_value=0)
    return {k: int(v) for k, v in counts.items()}


def missing_skills(latest: pd.DataFrame, *, top: int = TOP_MISSING) -> list[tuple[str, int]]:
    """Skills most often below the required level, counted once per client (latest target)."""
    if not len(latest):
        return []
    req = pd.DataFrame.from_records(
        list(
            OccupationSkill.objects.filter(occupation_id__in=set(latest["target_id"])).values(
                "occupation_id", "skill_id", "level"
            )
        ),
        columns=["occupation_id", "skill_id", "level"],
    )
    have = pd.DataFrame.from_records(
        list(
            ProfileSkill.objects.filter(profile_id__in=set(latest["profile_id"])).values(
                "profile_id", "skill_id", "level"
            )
        ),
        columns=["profile_id", "skill_id", "level"],
    )
    merged = latest[["user_id", "profile_id", "target_id"]].merge(
        req, left_on="target_id", right_on="occupation_id"
    )
    merged = merged.merge(
        have, on=["profile_id", "skill_id"], how="left", suffixes=("_required", "_current")
    )
    merged["level_current"] = merged["level_current"].fillna(0)
    gaps = merged[merged["level_required"] > merged["level_current"]]
    counts = gaps.groupby("skill_id")["user_id"].nunique()
    # Named in the reader's language; ties broken by name so the order is stable.
    skills = Skill.objects.in_bulk([int(k) for k in counts.index])
    named = sorted(((skills[int(k)].label, int(v)) for k, v in counts.items()), key=lambda x: x[0])
    return sorted(named, key=lambda x: -x[1])[:top]


def weeks_to_ready(df: pd.DataFrame) -> tuple[float | None, int]:
    """Observed: weeks from a client's first assessment to the first one at READY_THRESHOLD."""
    if not len(df):
        return None, 0
    first = df.groupby("user_id")["created_at"].min()
    ready = df[df["readiness"] >= selectors.READY_THRESHOLD].groupby("user_id")["created_at"].min()
    if not len(ready):
        return None, 0
    delta = (ready - first.loc[ready.index]).dt.total_seconds() / (7 * 86400)
    return round(float(delta.mean()), 1), int(len(ready))


def planned_weeks(users: QuerySet[User]) -> float | None:
    rows = list(
        LearningPath.objects.filter(profile__user__in=users.values("pk"))
        .order_by("profile_id", "created_at", "id")
        .values("profile_id", "weeks_to_ready")
    )
    df = pd.DataFrame.from_records(rows, columns=["profile_id", "weeks_to_ready"])
    if not len(df):
        return None
    latest = df.groupby("profile_id").tail(1)["weeks_to_ready"].dropna()
    return round(float(latest.mean()), 1) if len(latest) else None


def progress_over_time(
    users: QuerySet[User], *, weeks: int = PROGRESS_WEEKS, now=None
) -> list[tuple[str, int]]:
    """Steps completed per week over the last `weeks` weeks, each week named by its first day
    in the reader's language (Django's MONTH_DAY_FORMAT: "March 2" / "2 mars")."""
    now = now or timezone.now()
    start = now - timedelta(weeks=weeks)
    done = list(
        PathStep.objects.filter(
            path__profile__user__in=users.values("pk"),
            status=PathStep.Status.DONE,
            status_changed_at__gte=start,
        ).values_list("status_changed_at", flat=True)
    )
    index = pd.period_range(start=start.date(), end=now.date(), freq="W-SUN")
    series = pd.Series(1, index=pd.DatetimeIndex(pd.to_datetime(done, utc=True)).tz_localize(None))
    counts = series.groupby(series.index.to_period("W-SUN")).sum() if len(series) else series
    counts = counts.reindex(index, fill_value=0)
    return [
        (date_format(p.start_time.date(), "MONTH_DAY_FORMAT"), int(v)) for p, v in counts.items()
    ]


def analytics_for(users: QuerySet[User], *, now=None) -> Analytics:
    df = _assessments_frame(users)
    latest = _latest(df)
    observed, ready = weeks_to_ready(df)
    return Analytics(
        clients=users.count(),
        readiness_distribution=readiness_distribution(latest),
        missing_skills=missing_skills(latest),
        planned_weeks_to_ready=planned_weeks(users),
        observed_weeks_to_ready=observed,
        ready_clients=ready,
        progress=progress_over_time(users, now=now),
    )


def caseload_analytics(counsellor, *, now=None) -> Analytics:
    return analytics_for(selectors.clients_visible_to(counsellor), now=now)


def job_seekers() -> QuerySet[User]:
    return User.objects.filter(role=User.Role.JOB_SEEKER, is_active=True)


def staff_groups(*, min_group: int = MIN_GROUP) -> list[dict]:
    """Per sector × target role: clients, mean/median readiness, ready share, planned weeks.

    Groups under `min_group` clients are folded into one "Other (small groups)" row per sector,
    and that row too is dropped if it stays under the threshold.
    """
    df = _latest(_assessments_frame(job_seekers()))
    if not len(df):
        return []
    from skills.models import Occupation

    roles = {
        o.pk: (o.label, [s.label for s in o.sectors.all()] or ["—"])
        for o in Occupation.objects.filter(pk__in=set(df["target_id"])).prefetch_related("sectors")
    }
    df["role"] = df["target_id"].map(lambda t: roles[t][0])
    df["sector"] = df["target_id"].map(lambda t: roles[t][1])
    df = df.explode("sector")
    paths = pd.DataFrame.from_records(
        list(
            LearningPath.objects.filter(assessment_id__in=set(df["id"])).values(
                "assessment_id", "weeks_to_ready"
            )
        ),
        columns=["assessment_id", "weeks_to_ready"],
    )
    df = df.merge(paths, left_on="id", right_on="assessment_id", how="left")
    sizes = df.groupby(["sector", "role"])["user_id"].transform("nunique")
    df.loc[sizes < min_group, "role"] = _("Other (small groups)")
    grouped = df.groupby(["sector", "role"]).agg(
        clients=("user_id", "nunique"),
        mean_readiness=("readiness", "mean"),
        median_readiness=("readiness", "median"),
        ready_share=("readiness", lambda s: (s >= selectors.READY_THRESHOLD).mean()),
        planned_weeks=("weeks_to_ready", "mean"),
    )
    grouped = grouped[grouped["clients"] >= min_group].reset_index()
    out = []
    for row in grouped.itertuples(index=False):
        out.append(
            {
                "sector": row.sector,
                "role": row.role,
                "clients": int(row.clients),
                "mean_readiness": round(float(row.mean_readiness) * 100),
                "median_readiness": round(float(row.median_readiness) * 100),
                "ready_share": round(float(row.ready_share) * 100),
                "planned_weeks": None
                if pd.isna(row.planned_weeks)
                else round(float(row.planned_weeks), 1),
            }
        )
    return out
