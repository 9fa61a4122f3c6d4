"""Load the real data sets (../shared/data) in order, idempotently: `load_real_data DIR`.

It lives in advisor because advisor is the one domain app allowed to call into all three
(`skills` ← `courses` ← `advisor`) and its last stage, transitions, is the advisor's own;
`reconversion/` is wiring only. It adds no logic of its own: each stage calls the owning app's
service, inside one transaction, so a stage that fails writes nothing, is reported by name, and
the later stages still run. Calling the services (not the commands) also means no
`taxonomy_changed` signal fires mid-run: transitions are computed once, at the end, and only
for taxonomies whose content changed.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from tqdm import tqdm

from courses.briefs import briefs_load
from courses.linking import catalogue_link
from courses.services import resources_import
from skills.importers.esco import import_esco
from skills.importers.onet import import_onet
from skills.importers.published import import_published
from skills.models import Occupation, OccupationSkill, Skill, Source
from skills.services import regulated_skills_load, roles_load, skill_twins_link

from .transitions import transitions_compute

SCRAPES = ("coursera", "edx", "udemy")


@dataclass
class StageResult:
    key: str
    title: str
    status: str = "done"  # done | failed
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    message: str = ""
    notes: list[str] = field(default_factory=list)  # always printed
    details: list[str] = field(default_factory=list)  # printed with -v 2

    def discard_counts(self) -> None:
        """The stage's transaction rolled back: nothing it counted was written."""
        self.created = self.updated = self.unchanged = self.deleted = 0
        self.skipped.clear()
        self.notes.clear()
        self.details.clear()


@dataclass(frozen=True)
class Stage:
    key: str
    title: str
    folders: tuple[str, ...]  # the sub-folders of DIR it reads, checked before it runs
    run: Callable[[Path, StageResult, bool], None]


@dataclass
class LoadReport:
    folder: Path
    stages: list[StageResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[StageResult]:
        return [s for s in self.stages if s.status == "failed"]

    @property
    def created(self) -> int:
        return sum(s.created for s in self.stages)

    def lines(self, *, details: bool = False) -> list[str]:
        out = [
            f"Real data from {self.folder}: {len(self.stages)} stages in {self.seconds:.1f} s",
            f"{'stage':<12} {'created':>8} {'updated':>8} {'unchanged':>9} {'skipped':>8}"
            f" {'time':>8}",
        ]
        for s in self.stages:
            if s.status != "done":
                out.append(f"{s.key:<12} {s.status.upper()}: {s.message} ({s.seconds:.1f} s)")
                continue
            out.append(
                f"{s.key:<12} {s.created:>8} {s.updated:>8} {s.unchanged:>9}"
                f" {sum(s.skipped.values()):>8} {s.seconds:>6.1f} s   {s.title}"
            )
            if s.deleted:
                out.append(f"{'':<12} {s.deleted} removed (no longer in the files, or replaced)")
            for reason, count in s.skipped.most_common():
                out.append(f"{'':<12} skipped {count}: {reason}")
            out.extend(f"{'':<12} {line}" for line in s.notes + (s.details if details else []))
        out.append(
            f"Total: {self.created} created, {sum(s.updated for s in self.stages)} updated, "
            f"{sum(s.unchanged for s in self.stages)} unchanged"
            + (f"; FAILED: {', '.join(s.key for s in self.failed)}" if self.failed else "")
        )
        return out


# --- helpers ------------------------------------------------------------------------------------


def _add_taxonomy_report(result: StageResult, report) -> None:
    """skills.importers.report.ImportReport: one tally per kind of row."""
    for entity, tally in report.tallies.items():
        result.created += tally.created
        result.updated += tally.updated
        result.unchanged += tally.unchanged
        result.deleted += tally.deleted
        for reason, count in tally.skipped.items():
            result.skipped[f"{entity}: {reason}"] += count
    result.details.extend(line.strip() for line in report.lines()[1:])


# --- the stages ---------------------------------------------------------------------------------


def _esco(data: Path, result: StageResult, progress: bool) -> None:
    _add_taxonomy_report(result, import_esco(data / "esco", language="en", show_progress=progress))


def _esco_fr(data: Path, result: StageResult, progress: bool) -> None:
    report = import_esco(data / "esco-fr", language="fr", show_progress=progress)
    _add_taxonomy_report(result, report)


def _onet(data: Path, result: StageResult, progress: bool) -> None:
    _add_taxonomy_report(result, import_onet(data / "onet", show_progress=progress))


def _twins(data: Path, result: StageResult, progress: bool) -> None:
    changed = skill_twins_link()  # how many O*NET rows got (or lost) an ESCO twin
    twins = Skill.objects.filter(source=Source.ONET, same_as__isnull=False).count()
    result.updated += changed
    result.unchanged += max(twins - changed, 0)
    result.notes.append(f"{twins} O*NET skills and tools point at their ESCO twin")


def _roles_snapshot() -> dict[str, tuple]:
    """What roles_load writes, per target role code: to tell refreshed from really changed."""
    roles = Occupation.objects.filter(is_target=True).prefetch_related("sectors")
    requirements: dict[int, list] = {}
    for occ_id, *values in OccupationSkill.objects.filter(occupation__is_target=True).values_list(
        "occupation_id", "skill_id", "level", "weight", "essential"
    ):
        requirements.setdefault(occ_id, []).append(tuple(values))
    return {
        role.code: (
            role.title,
            role.title_fr,
            role.description,
            role.description_fr,
            role.extends_id,
            role.regulated,
            sorted(sector.slug for sector in role.sectors.all()),
            sorted(requirements.get(role.id, [])),
        )
        for role in roles
    }


def _roles(data: Path, result: StageResult, progress: bool) -> None:
    before = _roles_snapshot()
    roles = roles_load()
    after = _roles_snapshot()
    result.created += roles.sectors_created + sum(1 for code in after if code not in before)
    changed = sum(1 for code, values in after.items() if code in before and before[code] != values)
    result.updated += changed
    result.unchanged += len(after.keys() & before.keys()) - changed
    for code in roles.roles_hand_edited:
        result.skipped["role hand-edited in the admin (curated): left as it is"] += 1
        result.details.append(f"hand-edited role kept: {code}")
    result.details.extend(roles.lines())
    regulated = regulated_skills_load()
    result.updated += regulated.flagged
    result.unchanged += regulated.unchanged
    for reason, count in regulated.skipped.items():
        result.skipped[f"regulated skills: {reason}"] += count
    result.details.extend(regulated.lines())


def _exposure(data: Path, result: StageResult, progress: bool) -> None:
    report = import_published(data)
    result.updated += report.updated
    result.unchanged += report.unchanged
    if report.problems:
        result.skipped["a source row or code that did not map (-v 2 lists them)"] += len(
            report.problems
        )
    result.notes.append(report.summary())
    result.details.extend(f"did not map: {line}" for line in report.problems)
    result.details.extend(f"note: {line}" for line in report.notes)


def _resource_file(mapping: str, relative: str) -> Callable[[Path, StageResult, bool], None]:
    """A stage importing one provider file through a built-in mapping (courses.importing)."""

    def run(data: Path, result: StageResult, progress: bool) -> None:
        path = data / relative
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise OSError(f"{path}: {exc.strerror}") from exc
        report = resources_import(
            content=content, name=path.name, mapping=mapping, publish=True, progress=progress
        )
        result.created += report.created
        result.updated += report.updated
        result.unchanged += report.unchanged
        for reason, count in report.left_out.items():
            result.skipped[f"left out: {reason}"] += count
        if report.duplicates:
            result.skipped["same id or URL as an earlier row of the file"] += len(report.duplicates)
        first_problem: dict[int, dict] = {}
        for problem in report.invalid:
            first_problem.setdefault(problem["row"], problem)
        for problem in first_problem.values():
            result.skipped[f"invalid {problem['field']}: {problem['message']}"] += 1
        if report.warnings:
            result.notes.append(
                f"{len(report.warnings)} stay drafts for now: no skill linked yet "
                "(the linking stage decides)"
            )
        if report.unmatched_skills:
            result.notes.append(
                f"{len(report.unmatched_skills)} provider skill names matched no skill label"
            )

    return run


def _briefs(data: Path, result: StageResult, progress: bool) -> None:
    report = briefs_load()
    result.created += report.created
    result.updated += report.updated
    result.unchanged += report.unchanged
    for problem in report.problems:
        result.skipped[problem] += 1
    result.details.extend(report.summary().splitlines())


def _linking(data: Path, result: StageResult, progress: bool) -> None:
    bar = tqdm(desc="linking", unit="resource", disable=not progress, leave=False)

    def advance(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        report = catalogue_link(progress=advance)
    finally:
        bar.close()
    result.created += report.links_created + report.suggestions_created
    result.updated += report.links_updated + report.suggestions_updated + report.published
    result.unchanged += report.already_published
    for item in report.unpublished:
        result.skipped[f"left unpublished: {item['reason_code']}"] += 1
    result.notes.append(
        f"{report.published} published now, {report.already_published} already; "
        f"{report.links_created} links and {report.suggestions_created} suggestions created"
    )
    result.details.extend(report.lines())


def _transitions(data: Path, result: StageResult, progress: bool) -> None:
    for source, figures in transitions_compute(only_if_changed=True).items():
        if figures["unchanged"]:
            result.unchanged += figures["transitions"]
        else:
            result.created += figures["transitions"]
            result.deleted += figures["replaced"]
        result.details.append(
            f"{source}: {figures['transitions']} transitions for {figures['occupations']} "
            f"occupations ({'unchanged' if figures['unchanged'] else 'recomputed'})"
        )


STAGES: tuple[Stage, ...] = (
    Stage("esco", "ESCO taxonomy, English", ("esco",), _esco),
    Stage("esco-fr", "ESCO French labels", ("esco-fr",), _esco_fr),
    Stage("onet", "O*NET taxonomy", ("onet",), _onet),
    Stage("twins", "ESCO/O*NET skill twins", (), _twins),
    Stage("roles", "AI-era roles and regulated skills", (), _roles),
    Stage(
        "exposure",
        "published AI exposure and US pay",
        ("ai-exposure", "labour-market", "crosswalk", "esco"),
        _exposure,
    ),
    *(
        Stage(
            name,
            f"{name} courses",
            ("courses",),
            _resource_file(name, f"courses/{name}_courses.csv"),
        )
        for name in SCRAPES
    ),
    Stage(
        "practice",
        "Kaggle competitions as practice",
        ("practice",),
        _resource_file("kaggle", "practice/kaggle_competitions.csv"),
    ),
    Stage("briefs", "project briefs", (), _briefs),
    Stage("linking", "skill links and publishing", (), _linking),
    Stage("transitions", "occupation transitions", (), _transitions),
)
STAGE_KEYS = tuple(stage.key for stage in STAGES)


def real_data_load(
    *, folder: Path, only: tuple[str, ...] = (), progress: bool = True
) -> LoadReport:
    """Run every stage (or those in `only`, in the fixed order) on `folder`; never raises for a
    stage: a failed stage is reported with its reason and wrote nothing."""
    started = time.monotonic()
    report = LoadReport(folder=folder)
    stages = [stage for stage in STAGES if not only or stage.key in only]
    bar = tqdm(stages, desc="load_real_data", unit="stage", disable=not progress)
    for stage in bar:
        bar.set_description(stage.title)
        result = StageResult(stage.key, stage.title)
        report.stages.append(result)
        stage_started = time.monotonic()
        missing = [folder / name for name in stage.folders if not (folder / name).is_dir()]
        if missing:
            result.status = "failed"
            result.message = (
                f"sub-folder {', '.join(map(str, missing))} is missing: "
                "nothing written for this stage"
            )
        else:
            try:
                with transaction.atomic():
                    stage.run(folder, result, progress)
            except Exception as exc:  # any failure: report it by stage, keep the others going
                result.status = "failed"
                result.message = f"{exc} ({type(exc).__name__}): nothing written for this stage"
                result.discard_counts()
        result.seconds = time.monotonic() - stage_started
    bar.close()
    report.seconds = time.monotonic() - started
    return report
