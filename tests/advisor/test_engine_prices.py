"""The engine's catalogue: certificate prices and competitions (no database)."""

import pandas as pd
import pytest

from advisor.engine.catalogue import build_catalogue
from advisor.engine.gap import Requirement, compute_gap
from advisor.engine.planner import Constraints, plan_path


def catalogue(rows, links):
    defaults = {"currency": "USD", "language": "en", "format": "online", "kind": "course"}
    resources = pd.DataFrame([{**defaults, "price": 0, **r} for r in rows])
    links = pd.DataFrame([{"level_required": 0, **link} for link in links])
    return build_catalogue(resources, links, "test")


def test_certificates_are_added_only_in_the_certificate_variant():
    cat = catalogue(
        [{"id": 1, "hours": 43.3, "certificate_price": 98}, {"id": 2, "hours": 5, "price": 20}],
        [
            {"resource_id": 1, "skill_id": 7, "level_taught": 2},
            {"resource_id": 2, "skill_id": 8, "level_taught": 2},
        ],
    )
    assert list(cat.price_eur) == pytest.approx([0, 20 * 0.92])
    paying = cat.with_certificates()
    assert list(paying.price_eur) == pytest.approx([98 * 0.92, 20 * 0.92])
    assert paying is cat.with_certificates()  # built once per catalogue version
    assert list(cat.price_eur) == pytest.approx([0, 20 * 0.92])  # the shared one is untouched


def test_a_catalogue_without_certificate_prices_is_its_own_certificate_variant():
    cat = catalogue([{"id": 1, "hours": 5}], [{"resource_id": 1, "skill_id": 7, "level_taught": 2}])
    assert cat.with_certificates() is cat


def test_a_competition_is_practice_that_takes_a_skill_past_what_courses_give():
    cat = catalogue(
        [{"id": 1, "hours": 10}, {"id": 2, "hours": 40, "kind": "competition"}],
        [
            {"resource_id": 1, "skill_id": 80, "level_taught": 3},
            {"resource_id": 2, "skill_id": 80, "level_taught": 4, "level_required": 2},
        ],
    )
    plan = plan_path(cat, compute_gap([Requirement(80, 4)], {}), {}, Constraints(weekly_hours=10))
    assert [s.resource_id for s in plan.steps] == [1, 2] and plan.steps[1].is_practice
    assert plan.open_skills == []
