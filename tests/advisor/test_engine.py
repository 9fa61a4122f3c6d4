"""The engine on hand-built cases: no database."""

from datetime import date

import pandas as pd
import pytest

from advisor.engine.catalogue import build_catalogue, to_eur
from advisor.engine.exact import solve_exact
from advisor.engine.gap import Requirement, compute_gap
from advisor.engine.planner import Constraints, build_instance, path_cost, plan_path, unmet_gap
from advisor.engine.roles import RoleInput, rank_roles


def catalogue(rows, links):
    resources = pd.DataFrame(
        [
            {
                "currency": "EUR",
                "language": "en",
                "format": "online",
                "kind": "course",
                "price": 0,
                **r,
            }
            for r in rows
        ]
    )
    links = pd.DataFrame([{"level_required": 0, **link} for link in links])
    return build_catalogue(resources, links, "test")


def test_gap_and_readiness_on_a_hand_built_case():
    gap = compute_gap(
        [Requirement(1, 3, 1.0), Requirement(2, 2, 0.5), Requirement(3, 4, 1.0)],
        {1: 3, 2: 1, 3: 0, 9: 5},
    )
    by_skill = {i.skill_id: i for i in gap.items}
    assert (by_skill[2].current, by_skill[2].required, by_skill[2].gap) == (1, 2, 1)
    # weighted requirement 3 + 1 + 4 = 8; weighted gap 0 + 0.5 + 4 = 4.5
    assert gap.readiness == pytest.approx(1 - 4.5 / 8)
    assert gap.readiness_percent == 44
    assert [i.skill_id for i in gap.transferable] == [1]
    assert [i.skill_id for i in gap.missing] == [3, 2]  # heaviest weighted gap first


def test_readiness_is_full_when_every_level_is_met():
    gap = compute_gap([Requirement(1, 2, 1.0)], {1: 4})
    assert gap.readiness == 1.0 and gap.missing == []


def test_role_ranking_prefers_ready_roles_in_chosen_sectors_and_explains():
    roles = [
        RoleInput(10, (Requirement(1, 3), Requirement(2, 3)), frozenset({7})),
        RoleInput(11, (Requirement(1, 3), Requirement(3, 3)), frozenset({8})),
    ]
    ranked = rank_roles({1: 3, 2: 3}, roles, preferred_sectors=[7])
    assert [r.occupation_id for r in ranked] == [10, 11]
    assert ranked[0].readiness == 1.0 and ranked[0].sector_match == 1.0
    assert ranked[1].missing == [(3, 0, 3)] and ranked[1].transferable == [1]
    key, params = ranked[1].reason
    assert key == "role" and params["readiness_percent"] == 50


def test_prerequisites_come_first_even_when_chosen_only_to_unlock():
    cat = catalogue(
        [{"id": 1, "hours": 5}, {"id": 2, "hours": 10}],
        [
            {"resource_id": 1, "skill_id": 50, "level_taught": 2},  # unlocks resource 2
            {"resource_id": 2, "skill_id": 60, "level_taught": 3},
            {"resource_id": 2, "skill_id": 50, "level_taught": 0, "level_required": 2},
        ],
    )
    gap = compute_gap([Requirement(60, 2)], {})
    plan = plan_path(cat, gap, {}, Constraints(weekly_hours=5))
    assert [s.resource_id for s in plan.steps] == [1, 2]
    assert plan.steps[0].unlocks == [(2, 50, 2)]
    assert plan.open_skills == []
    assert plan.weeks_to_ready == 3 and plan.steps[1].week_start == 2


def test_budget_hours_horizon_language_and_format_are_respected():
    rows = [
        {"id": 1, "hours": 5, "price": 900},  # too expensive
        {"id": 2, "hours": 5, "language": "de"},  # wrong language
        {"id": 3, "hours": 5, "format": "onsite"},  # wrong format
        {"id": 4, "hours": 500},  # beyond weekly hours × horizon
        {"id": 5, "hours": 20, "price": 100, "currency": "USD"},  # fits: 92 EUR
    ]
    links = [{"resource_id": i, "skill_id": 70, "level_taught": 2} for i in range(1, 6)]
    cat = catalogue(rows, links)
    constraints = Constraints(
        budget_eur=100,
        weekly_hours=5,
        horizon_weeks=10,
        languages=frozenset({"en", "fr"}),
        formats=frozenset({"online"}),
    )
    plan = plan_path(cat, compute_gap([Requirement(70, 2)], {}), {}, constraints)
    assert [s.resource_id for s in plan.steps] == [5]
    assert plan.total_cost_eur == pytest.approx(92.0)
    assert plan.total_hours <= 5 * 10


@pytest.mark.parametrize(
    ("row", "constraints", "reason"),
    [
        ({"id": 1, "hours": 5, "price": 900}, Constraints(budget_eur=100), "over_budget"),
        ({"id": 1, "hours": 500}, Constraints(weekly_hours=5, horizon_weeks=4), "over_horizon"),
        (
            {"id": 1, "hours": 5, "language": "de"},
            Constraints(languages=frozenset({"fr"})),
            "language_format",
        ),
        (
            {"id": 1, "hours": 5, "format": "onsite"},
            Constraints(formats=frozenset({"online"})),
            "language_format",
        ),
    ],
)
def test_open_skills_say_why(row, constraints, reason):
    cat = catalogue([row], [{"resource_id": 1, "skill_id": 70, "level_taught": 2}])
    plan = plan_path(
        cat, compute_gap([Requirement(70, 2), Requirement(71, 1)], {}), {}, constraints
    )
    reasons = {o.skill_id: o.reason for o in plan.open_skills}
    assert reasons == {70: reason, 71: "no_resource"}
    assert plan.weeks_to_ready is None


def test_level_3_and_above_need_practice_after_the_course():
    cat = catalogue(
        [{"id": 1, "hours": 10}, {"id": 2, "hours": 30, "kind": "project"}],
        [
            {"resource_id": 1, "skill_id": 80, "level_taught": 5},  # a course: counts up to 2
            {"resource_id": 2, "skill_id": 80, "level_taught": 4, "level_required": 2},
        ],
    )
    for required in (3, 4):
        gap = compute_gap([Requirement(80, required)], {})
        plan = plan_path(cat, gap, {}, Constraints(weekly_hours=10))
        assert [s.resource_id for s in plan.steps] == [1, 2]
        assert plan.steps[0].raises == [(80, 0, 2)] and plan.steps[1].is_practice
        assert plan.open_skills == []
    only_course = catalogue(
        [{"id": 1, "hours": 10}], [{"resource_id": 1, "skill_id": 80, "level_taught": 5}]
    )
    plan = plan_path(only_course, compute_gap([Requirement(80, 3)], {}), {}, Constraints())
    assert [(o.skill_id, o.reached, o.reason) for o in plan.open_skills] == [(80, 2, "no_practice")]


def test_every_step_is_explained_and_scheduled_from_the_start_date():
    cat = catalogue(
        [{"id": 1, "hours": 8}, {"id": 2, "hours": 8}],
        [
            {"resource_id": 1, "skill_id": 1, "level_taught": 2},
            {"resource_id": 2, "skill_id": 2, "level_taught": 3},
            {"resource_id": 2, "skill_id": 1, "level_taught": 0, "level_required": 2},
        ],
    )
    plan = plan_path(
        cat,
        compute_gap([Requirement(1, 2), Requirement(2, 3)], {}),
        {},
        Constraints(weekly_hours=4, start_date=date(2026, 1, 5)),
    )
    for step in plan.steps:
        key, params = step.reason
        assert key == "step" and params["raises"]
    assert plan.steps[0].start_date == date(2026, 1, 5)
    assert (plan.steps[1].week_start, plan.steps[1].week_end) == (3, 4)
    assert plan.steps[1].end_date == date(2026, 2, 1)


def test_heuristic_matches_the_exact_optimum_on_a_trap():
    # Greedy by ratio alone would take the cheap narrow resources; one broad one is cheaper.
    cat = catalogue(
        [
            {"id": 1, "hours": 4},
            {"id": 2, "hours": 4},
            {"id": 3, "hours": 4},
            {"id": 4, "hours": 9},
        ],
        [
            {"resource_id": 1, "skill_id": 1, "level_taught": 2},
            {"resource_id": 2, "skill_id": 2, "level_taught": 2},
            {"resource_id": 3, "skill_id": 3, "level_taught": 2},
            {"resource_id": 4, "skill_id": 1, "level_taught": 2},
            {"resource_id": 4, "skill_id": 2, "level_taught": 2},
            {"resource_id": 4, "skill_id": 3, "level_taught": 2},
        ],
    )
    gap = compute_gap([Requirement(1, 2), Requirement(2, 2), Requirement(3, 2)], {})
    inst, _reasons, _cheapest = build_instance(cat, gap, {}, Constraints())
    exact = solve_exact(inst)
    plan = plan_path(cat, gap, {}, Constraints(), exact_max=0)
    assert unmet_gap(inst, exact) == 0
    # The heuristic alone (exact_max=0) finds the exact optimum: the one broad resource.
    assert [s.resource_id for s in plan.steps] == inst.resource_ids[exact].tolist() == [4]
    assert plan.total_hours == 9
    assert path_cost(inst, exact) == pytest.approx(
        path_cost(inst, [inst.resource_ids.tolist().index(4)])
    )


def test_unknown_currency_is_never_assumed_affordable():
    assert to_eur(10, "XXX") == float("inf")
    assert to_eur(0, "XXX") == 0.0
    assert to_eur(100, "usd") == pytest.approx(92)


def _tie_catalogue(**second):
    """Two courses teaching the same skill to the same level in the same hours, at the same
    price: the first (lower id) poorly rated and advanced, the second as given."""
    rows = [
        {"id": 1, "hours": 10, "rating": 3.1, "rating_count": 900, "start_level": 3},
        {"id": 2, "hours": 10, "rating": 4.8, "rating_count": 12000, "start_level": 0},
    ]
    rows[1].update(second)
    links = [
        {"resource_id": 1, "skill_id": 7, "level_taught": 2},
        {"resource_id": 2, "skill_id": 7, "level_taught": 2},
    ]
    return catalogue(rows, links)


def test_a_tie_goes_to_the_better_rated_level_fitting_resource_not_the_lower_id():
    cat = _tie_catalogue()
    gap = compute_gap([Requirement(7, 2)], {})
    plan = plan_path(cat, gap, {}, Constraints())
    assert [s.resource_id for s in plan.steps] == [2]
    assert {"foundations", "rated"} <= set(plan.steps[0].reason[1]["fit"])


def test_a_level_0_learner_starts_with_foundations_even_when_both_are_rated_alike():
    cat = _tie_catalogue(rating=3.1, rating_count=900)
    gap = compute_gap([Requirement(7, 2)], {})
    plan = plan_path(cat, gap, {}, Constraints())
    assert [s.resource_id for s in plan.steps] == [2]
    assert plan.steps[0].reason[1]["fit"][0] == "foundations"


def test_a_much_shorter_resource_still_beats_a_slightly_better_fitting_one():
    cat = _tie_catalogue(hours=40)
    gap = compute_gap([Requirement(7, 2)], {})
    plan = plan_path(cat, gap, {}, Constraints())
    assert [s.resource_id for s in plan.steps] == [1]


def test_the_why_of_a_step_names_what_decided_in_the_readers_language():
    from django.utils import translation

    from advisor.explain import step_reason

    reason = {"key": "step", "params": {"raises": [[7, 0, 2]], "fit": ["foundations", "rated"]}}
    english = step_reason(reason, {7: "typography"}, {})
    assert "Chosen because it starts from the foundations, where you are; learners rate" in english
    with translation.override("fr"):
        french = step_reason(reason, {7: "typographie"}, {})
    assert "Choisie car elle part des bases" in french and "Chosen" not in french


def test_a_skill_kept_open_by_a_prerequisite_in_another_language_says_language():
    """Benchmark finding: a French project reaches the level, but the course it builds on is
    only in English; the reason is the language, not "a prerequisite nothing teaches"."""
    cat = catalogue(
        [
            {"id": 1, "hours": 10, "language": "en"},
            {"id": 2, "hours": 20, "language": "fr", "kind": "project"},
        ],
        [
            {"resource_id": 1, "skill_id": 50, "level_taught": 2},
            {"resource_id": 2, "skill_id": 60, "level_taught": 3},
            {"resource_id": 2, "skill_id": 50, "level_taught": 0, "level_required": 2},
        ],
    )
    gap = compute_gap([Requirement(60, 3)], {})
    french_only = Constraints(languages=frozenset({"fr"}), weekly_hours=10)
    plan = plan_path(cat, gap, {}, french_only)
    assert [(o.skill_id, o.reason) for o in plan.open_skills] == [(60, "language_format")]
    # With nothing anywhere teaching the prerequisite, the reason stays "prerequisite".
    no_course = catalogue(
        [{"id": 2, "hours": 20, "language": "fr", "kind": "project"}],
        [
            {"resource_id": 2, "skill_id": 60, "level_taught": 3},
            {"resource_id": 2, "skill_id": 50, "level_taught": 0, "level_required": 2},
        ],
    )
    plan = plan_path(no_course, gap, {}, french_only)
    assert [(o.skill_id, o.reason) for o in plan.open_skills] == [(60, "prerequisite")]


def test_an_open_skill_says_which_change_would_close_it():
    """Issue 11 item 3: the real reason and a concrete next move ("at 8 h a week, X fits")."""
    cat = catalogue(
        [
            {"id": 1, "hours": 60, "price": 0},  # fits the budget, not 4 h × 10 weeks
            {"id": 2, "hours": 10, "price": 300},  # fits the time, not a 100 € budget
            {"id": 3, "hours": 10, "price": 0, "language": "de"},
        ],
        [
            {"resource_id": 1, "skill_id": 90, "level_taught": 2},
            {"resource_id": 2, "skill_id": 91, "level_taught": 2},
            {"resource_id": 3, "skill_id": 92, "level_taught": 2},
        ],
    )
    gap = compute_gap([Requirement(90, 2), Requirement(91, 2), Requirement(92, 2)], {})
    tight = Constraints(
        budget_eur=100, weekly_hours=4, horizon_weeks=10, languages=frozenset({"en"})
    )
    plan = plan_path(cat, gap, {}, tight)
    moves = {o.skill_id: (o.reason, o.next_move) for o in plan.open_skills}
    assert moves[90] == ("over_horizon", {"resource_id": 1, "kind": "weekly_hours", "amount": 6})
    assert moves[91] == ("over_budget", {"resource_id": 2, "kind": "budget", "amount": 300})
    assert moves[92] == (
        "language_format",
        {"resource_id": 3, "kind": "language_format", "language": "de", "format": "online"},
    )


def test_the_next_move_is_rendered_in_the_readers_language():
    from django.utils import translation

    from advisor.explain import open_reason

    move = {"resource_id": 7, "kind": "weekly_hours", "amount": 8}
    english = open_reason("over_horizon", move, {7: "Intro to SQL"})
    assert english.endswith("at 8 h a week, “Intro to SQL” would fit")
    with translation.override("fr"):
        french = open_reason("over_horizon", move, {7: "Intro to SQL"})
    assert "8 h par semaine" in french and "would fit" not in french


def _three_ways():
    rows = [
        {"id": 1, "hours": 10, "price": 200, "certificate": False},  # soonest
        {"id": 2, "hours": 30, "price": 0, "certificate": False},  # cheapest
        {"id": 3, "hours": 16, "price": 90, "certificate": True},  # recognised
    ]
    links = [{"resource_id": i, "skill_id": 5, "level_taught": 2} for i in (1, 2, 3)]
    return catalogue(rows, links)


@pytest.mark.parametrize(
    ("objective", "expected"), [("soonest", 1), ("cheapest", 2), ("recognised", 3)]
)
def test_each_objective_gives_its_own_path(objective, expected):
    """Issue 11 item 8: soonest ready, lowest cost, most recognised (a certificate)."""
    plan = plan_path(
        _three_ways(), compute_gap([Requirement(5, 2)], {}), {}, Constraints(objective=objective)
    )
    assert [s.resource_id for s in plan.steps] == [expected]


def test_every_open_skill_gets_a_specific_reason_even_past_the_explained_few():
    """French projects each reach a skill, all building on a course only given in English: every
    open skill is kept open by the language, also past the MOVES_EXPLAINED heaviest."""
    from advisor.engine.planner import MOVES_EXPLAINED

    count = MOVES_EXPLAINED + 2
    rows = [{"id": 1, "hours": 5, "language": "en"}] + [
        {"id": 1 + i, "hours": 5, "language": "fr", "kind": "project"} for i in range(1, count + 1)
    ]
    links = [{"resource_id": 1, "skill_id": 99, "level_taught": 2}]
    for i in range(1, count + 1):
        links += [
            {"resource_id": 1 + i, "skill_id": 100 + i, "level_taught": 3},
            {"resource_id": 1 + i, "skill_id": 99, "level_taught": 0, "level_required": 2},
        ]
    gap = compute_gap([Requirement(100 + i, 3) for i in range(1, count + 1)], {})
    french = Constraints(languages=frozenset({"fr"}), weekly_hours=40)
    plan = plan_path(catalogue(rows, links), gap, {}, french)
    assert [o.reason for o in plan.open_skills] == ["language_format"] * count
    assert sum(o.next_move is not None for o in plan.open_skills) == MOVES_EXPLAINED
