"""Transitions worth taking (issue 11 item 7): similarity on what the job is, a skill either
shared or missing, no generic padding, reachable AI-era roles, "safer" from the figures."""

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from advisor.engine import transitions as engine
from advisor.engine.transitions import Job, SkillKinds, compute_transitions, is_safer
from advisor.models import Transition
from advisor.transitions import transitions_compute
from skills.models import Skill, SkillGroup, Source
from tests.skills.factories import OccupationFactory, OccupationSkillFactory, SkillFactory


@pytest.mark.parametrize(
    ("exposure", "pay_change", "pay", "safer"),
    [
        (-0.05, -7_725, 77_250, True),  # 5 points lower, pay exactly 10 % lower
        (-0.12, 8_000, 77_250, True),
        (-0.04, 8_000, 77_250, False),  # not lower enough
        (-0.20, -7_726, 77_250, False),  # pay more than 10 % lower
        (0.10, 30_000, 77_250, False),  # more exposed
        (-0.20, None, 77_250, False),  # pay unknown (or a lower bound): cannot tell
        (None, 5_000, 77_250, False),
    ],
)
def test_safer_is_lower_exposure_without_a_pay_cut_beyond_the_margin(
    exposure, pay_change, pay, safer
):
    assert is_safer(exposure, pay_change, pay) is safer


def test_each_move_carries_the_change_in_published_figures():
    accountant = Job([(1, 3, 1.0), (2, 3, 1.0)], "accountant ledgers", 0.52, 77_250)
    auditor = Job([(1, 3, 1.0), (3, 3, 1.0)], "auditor ledgers", 0.40, 85_250)
    banker = Job([(2, 3, 1.0)], "banker", 0.60, 300_000, pay_at_least=True)
    rows = compute_transitions([accountant, auditor, banker], top_n=2)
    move = next(r for r in rows if (r.source, r.target) == (0, 1))
    assert (move.exposure_change, move.pay_change, move.safer) == (-0.12, 8_000, True)
    lower_bound = next(r for r in rows if (r.source, r.target) == (0, 2))
    assert lower_bound.pay_change is None and not lower_bound.safer


# A small world shaped like ESCO: skills 0–19, 20–24 generic (transversal), 30–34 O*NET twins
# of 0–4; occupations of 3–10 requirements at levels 2–3, weights 0.5–1; a few AI-era roles.
requirement = st.tuples(
    st.one_of(st.integers(0, 24), st.integers(30, 34)),
    st.integers(1, 5),
    st.sampled_from([0.5, 1.0]),
)
world = st.lists(st.lists(requirement, min_size=3, max_size=10), min_size=3, max_size=12)
KINDS = SkillKinds(
    tools=frozenset({18, 19}),
    generic=frozenset(range(20, 25)),
    same_as={30 + i: i for i in range(5)},
)


@hyp_settings(max_examples=40, deadline=None)
@given(world, st.lists(st.tuples(st.integers(0, 11), st.lists(requirement, max_size=4))))
def test_a_skill_is_shared_or_missing_never_both_and_never_generic(occupations, roles):
    jobs = [Job(reqs, f"job {i}") for i, reqs in enumerate(occupations)]
    jobs += [
        Job(reqs, "AI-era role", extends=extends)
        for extends, reqs in roles[:3]
        if extends < len(occupations)
    ]
    rows = compute_transitions(jobs, KINDS, top_n=3)

    def key(skill):
        return KINDS.same_as.get(skill, skill)

    def levels(job):
        out = {}
        for skill, level, _w in job.requirements:
            out[key(skill)] = max(out.get(key(skill), 0), level)
        return out

    for row in rows:
        assert jobs[row.source].extends is None, "an AI-era role is a target only"
        shared = {key(s) for s in row.shared}
        missing = {key(s) for s, _level in row.missing}
        assert not shared & missing
        assert not missing & KINDS.generic
        mine = levels(jobs[row.source])
        for skill, level in row.missing:
            assert mine.get(key(skill), 0) < level
        for skill in row.shared:
            assert key(skill) in mine


def test_shared_office_tools_do_not_make_a_truck_driver_a_tree_trimmer():
    """O*NET-shaped: 68-element-like profiles rated for every job, tools on the side."""
    transport, control, safety, mechanical, biology, clerical, speaking = range(7)
    excel, outlook, quickbooks, facebook, fleet, gps = range(100, 106)
    everyone = [(speaking, 3, 0.6), (clerical, 2, 0.3)]
    truck = Job(
        [(transport, 4, 0.9), (control, 3, 0.8), (safety, 3, 0.7), (mechanical, 2, 0.4)]
        + everyone
        + [(t, 2, 0.25) for t in (excel, outlook, quickbooks, facebook, fleet)],
        "truck driver",
    )
    bus = Job(
        [(transport, 4, 0.9), (control, 3, 0.7), (safety, 3, 0.8), (mechanical, 1, 0.3)]
        + everyone
        + [(gps, 2, 0.25)],
        "bus driver",
    )
    tree = Job(
        [(mechanical, 3, 0.7), (biology, 3, 0.7), (safety, 2, 0.5), (transport, 1, 0.3)]
        + everyone
        + [(t, 2, 0.25) for t in (excel, outlook, quickbooks, facebook)],
        "tree trimmer",
    )
    clerk = Job([(clerical, 4, 0.9), (speaking, 3, 0.7), (excel, 3, 0.5)], "clerk")
    tools = frozenset(range(100, 106))
    rows = compute_transitions(
        [truck, bus, tree, clerk], SkillKinds(tools=tools), top_n=2, centre=True
    )
    first = next(r for r in rows if r.source == 0 and r.rank == 1)
    assert first.target == 1


@pytest.fixture
def esco_world(db):
    """Accountant, auditor (close, safer), a chef; a role extending the auditor and one
    extending the chef; a transversal skill and one filed under ESCO's transversal group."""

    def job(code, title, beta, pay, **extra):
        return OccupationFactory(
            source=Source.ESCO,
            code=code,
            title=title,
            ai_exposure_beta=beta,
            us_median_pay=pay,
            published_codes=[code],
            **extra,
        )

    accountant = job("2411.1", "accountant", 0.52, 77_250, description="keeps ledgers")
    auditor = job("2411.2", "auditor", 0.40, 85_250, description="audits ledgers")
    chef = job("3434.1", "chef", 0.10, 50_000, description="cooks meals")
    skill = {
        name: SkillFactory(source=Source.ESCO, name=name)
        for name in ("ledgers", "tax law", "audit", "risk", "cooking", "menus", "AI audit tools")
    }
    initiative = SkillFactory(source=Source.ESCO, name="show initiative", kind="transversal")
    languages = SkillFactory(source=Source.ESCO, name="speak different languages")
    languages.groups.add(SkillGroup.objects.create(uri="urn:t1", source="esco", code="T1.1"))
    for occupation, names in (
        (accountant, ["ledgers", "tax law"]),
        (auditor, ["ledgers", "audit", "risk"]),
        (chef, ["cooking", "menus"]),
    ):
        for name in names:
            OccupationSkillFactory(occupation=occupation, skill=skill[name], level=3)
    OccupationSkillFactory(occupation=accountant, skill=skill["risk"], level=2, weight=0.5)
    for generic in (initiative, languages):
        OccupationSkillFactory(occupation=auditor, skill=generic, level=3)
    ai_auditor = OccupationFactory(
        code="AI-FIN-X", title="AI-assisted auditor", is_target=True, extends=auditor
    )
    OccupationSkillFactory(occupation=ai_auditor, skill=skill["AI audit tools"], level=3)
    ai_chef = OccupationFactory(
        code="AI-FOOD-X", title="AI menu planner", is_target=True, extends=chef
    )
    OccupationSkillFactory(occupation=ai_chef, skill=skill["menus"], level=4)
    return {"accountant": accountant, "auditor": auditor, "chef": chef, "skill": skill} | {
        "ai_auditor": ai_auditor,
        "ai_chef": ai_chef,
        "initiative": initiative,
        "languages": languages,
    }


def names(ids):
    return [Skill.objects.get(id=i).name for i in ids]


def test_missing_skills_leave_out_transversal_ones_and_never_repeat_shared_ones(esco_world):
    transitions_compute(source=Source.ESCO, top_n=2)
    move = Transition.objects.get(source=esco_world["accountant"], target=esco_world["auditor"])
    missing = names(s for s, _level in move.missing)
    # "risk": the accountant needs it at level 2, the auditor at 3 — to build, not "shared".
    assert sorted(missing) == ["audit", "risk"]
    assert names(move.shared) == ["ledgers"]
    assert "show initiative" not in missing and "speak different languages" not in missing


def test_a_reachable_ai_era_role_is_listed_and_an_unrelated_one_is_not(esco_world):
    transitions_compute(source=Source.ESCO, top_n=2)
    targets = set(
        Transition.objects.filter(source=esco_world["accountant"]).values_list(
            "target__code", flat=True
        )
    )
    assert "AI-FIN-X" in targets
    assert "AI-FOOD-X" not in targets
    role_move = Transition.objects.get(source=esco_world["accountant"], target__code="AI-FIN-X")
    assert names(s for s, _l in role_move.missing)[:2] == ["AI audit tools", "audit"]
    # Roles are targets only: no transitions of their own.
    assert not Transition.objects.filter(source__is_target=True).exists()


def test_the_page_marks_safer_moves_and_ai_era_roles_in_english_and_french(client, esco_world):
    transitions_compute(source=Source.ESCO, top_n=2)
    move = Transition.objects.get(source=esco_world["accountant"], target=esco_world["auditor"])
    assert move.safer and move.exposure_change == pytest.approx(-0.12)
    assert move.pay_change == 8_000
    url = reverse("advisor:transitions", args=[esco_world["accountant"].pk])
    page = client.get(url).content.decode()
    # The rule, the auditor and the AI-era role built on it (same figures); not the chef (pay)
    assert page.count("Safer move") == 3
    assert "AI-era role" in page and "AI-assisted auditor" in page
    assert "at least 5 points lower, and US pay not lower by more than 10 %" in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(url).content.decode()
    assert "Changement plus sûr" in page and "Rôle de l'ère de l'IA" in page


def test_the_api_says_which_moves_are_safer_and_which_are_ai_era_roles(api_client, esco_world):
    transitions_compute(source=Source.ESCO, top_n=2)
    moves = api_client.get("/api/v1/occupations/2411.1/transitions/").json()["results"]
    by_code = {m["target"]["code"]: m for m in moves}
    assert by_code["2411.2"]["safer"] is True and by_code["2411.2"]["ai_era_role"] is False
    assert by_code["AI-FIN-X"]["ai_era_role"] is True


@pytest.mark.slow
def test_on_the_real_esco_data_no_missing_skill_is_shared_or_generic(shared_data):
    from bench.transitions import esco_jobs, read_esco

    jobs, kinds = esco_jobs(read_esco(shared_data / "esco"))
    rows = compute_transitions(jobs, kinds, top_n=10)
    occupations = sum(job.extends is None for job in jobs)
    assert len({r.source for r in rows}) == occupations == 3007
    for row in rows:
        missing = {s for s, _level in row.missing}
        assert not missing & set(row.shared), row
        assert not missing & kinds.generic, row
    assert any(r.is_target for r in rows), "some AI-era role is reachable from some job"
    follow = "follow work schedule"
    assert engine.COMMON_SHARE * occupations <= 51, f"{follow} (51 jobs) counts as generic"


def test_a_job_o_net_did_not_rate_is_not_close_to_every_below_average_job():
    rated = [
        Job([(0, 4, 0.9), (1, 1, 0.2)], "a"),
        Job([(0, 1, 0.2), (1, 4, 0.9)], "b"),
        Job([(0, 1, 0.2), (1, 1, 0.2)], "c"),  # below average in everything
    ]
    unrated = Job([(100, 2, 0.25)], "d")  # tools only, as 44 "All Other" O*NET codes
    rows = compute_transitions(
        [*rated, unrated], SkillKinds(tools=frozenset({100})), top_n=3, centre=True
    )
    move = next(r for r in rows if (r.source, r.target) == (2, 3))
    assert move.skill_score == 0.0


def test_a_tool_with_an_esco_twin_still_counts_as_a_tool():
    kinds = SkillKinds(tools=frozenset({100}), same_as={100: 5})
    jobs = [
        Job([(0, 3, 1.0), (100, 2, 0.5)], "a"),
        Job([(1, 3, 1.0), (100, 2, 0.5)], "b"),
        Job([(2, 3, 1.0)], "c"),
    ]
    rows = compute_transitions(jobs, kinds, top_n=2)
    move = next(r for r in rows if (r.source, r.target) == (0, 1))
    assert move.skill_score == pytest.approx(engine.TOOL_SHARE)
