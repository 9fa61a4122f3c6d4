"""Published AI exposure and US pay where a person reads them: role cards, the role page,
transitions and the API — with the source named, in English and French."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from advisor.transitions import transitions_compute
from skills.models import Source
from tests.skills.factories import OccupationFactory, OccupationSkillFactory, SkillFactory


@pytest.fixture
def jobs(db):
    """An accountant (figures through the crosswalk), a close job with other figures, and an
    AI-era role that builds on the accountant."""
    accountant = OccupationFactory(
        source=Source.ESCO,
        code="2411.1",
        title="accountant",
        title_fr="comptable",
        ai_exposure_beta=0.52,
        ai_applicability=0.2032,
        us_median_pay=77_250,
        published_codes=["13-2011.00"],
        published_via="crosswalk",
    )
    auditor = OccupationFactory(
        source=Source.ESCO,
        code="2411.2",
        title="auditor",
        ai_exposure_beta=0.40,
        ai_applicability=0.25,
        us_median_pay=85_250,
        published_codes=["13-2011.00", "13-2041.00"],
        published_via="parent",
    )
    role = OccupationFactory(
        code="AI-FIN-X", title="AI-assisted accountant", is_target=True, extends=accountant
    )
    ledgers, audits = SkillFactory(name="ledgers"), SkillFactory(name="audits")
    for job in (accountant, auditor, role):
        OccupationSkillFactory(occupation=job, skill=ledgers)
    OccupationSkillFactory(occupation=auditor, skill=audits)
    return {"accountant": accountant, "auditor": auditor, "role": role}


def french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"


def test_role_page_shows_the_figures_of_the_job_it_builds_on_with_sources(client, user, jobs):
    client.force_login(user)
    page = client.get(reverse("advisor:role", args=[jobs["role"].pk])).content.decode()

    assert "Published figures of “accountant”, the occupation this role builds on" in page
    assert (
        "AI exposure (Eloundou et al., 2024): 52 % of this job's tasks could be done much "
        "faster with an LLM — it measures tasks AI can help with, not whether the job "
        "disappears." in page
    )
    assert "AI applicability (Tomlinson et al., 2025): 0.20 on a scale from 0 to 1" in page
    assert "US median pay (BLS, May 2021): $77,250 a year — a US figure, not a French salary." in (
        page
    )
    assert "13-2011.00, reached through the ESCO → O*NET crosswalk" in page


def test_role_page_in_french(client, user, jobs):
    client.force_login(user)
    french(client)
    page = client.get(reverse("advisor:role", args=[jobs["role"].pk])).content.decode()

    with translation.override("fr"):
        pay = formats.number_format(77_250, 0, force_grouping=True)
    assert "Chiffres publiés pour « comptable », le métier sur lequel ce rôle s'appuie" in page
    assert "Exposition à l'IA (Eloundou et al., 2024) : 52 % des tâches" in page
    assert "pas la disparition du métier" in page
    assert f"Salaire médian aux États-Unis (BLS, mai 2021) : {pay} $ par an" in page
    assert "Applicabilité de l'IA (Tomlinson et al., 2025) : 0,20" in page


def test_role_card_names_the_sources(client, user, jobs):
    client.force_login(user)
    page = client.get(reverse("advisor:roles")).content.decode()
    assert "AI exposure (Eloundou et al., 2024): 52 %" in page
    assert "US median pay (BLS, May 2021): $77,250 a year" in page


def test_role_without_published_figures_says_so(client, user, jobs):
    role = OccupationFactory(title="AI whisperer", is_target=True)
    client.force_login(user)
    page = client.get(reverse("advisor:role", args=[role.pk])).content.decode()
    assert "No published AI exposure or US pay figure covers this occupation yet." in page
    assert "Eloundou" not in page


def test_stranger_is_sent_to_log_in_and_sees_no_role_figures(client, jobs):
    for url in (reverse("advisor:role", args=[jobs["role"].pk]), reverse("advisor:roles")):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
        assert b"Eloundou" not in response.content


def test_transitions_show_figures_and_the_change_from_the_current_job(client, jobs):
    transitions_compute(source="esco", top_n=3)
    page = client.get(reverse("advisor:transitions", args=[jobs["accountant"].pk]))
    page = page.content.decode()

    # The current job, in full, then each move in one line with its change.
    assert "AI exposure (Eloundou et al., 2024): 52 %" in page
    assert "AI exposure 40 % (Eloundou et al., 2024)" in page
    assert "AI applicability 0.25 (Tomlinson et al., 2025)" in page
    assert "US median pay $85,250 (BLS, May 2021)" in page
    assert "Compared with this job: AI exposure −12 points, US pay +$8,000 a year" in page


def test_a_move_to_the_same_us_occupation_says_so_instead_of_zero_changes(client, jobs):
    auditor = jobs["auditor"]
    auditor.ai_exposure_beta, auditor.us_median_pay = 0.52, 77_250
    auditor.published_codes = ["13-2011.00"]
    auditor.save()
    transitions_compute(source="esco", top_n=3)
    page = client.get(reverse("advisor:transitions", args=[jobs["accountant"].pk]))
    page = page.content.decode()
    assert "the same US occupation, so the same published figures" in page
    assert "+0 points" not in page and "0 points" not in page


def test_api_serializes_the_figures_with_clear_names(api_client, user, jobs):
    data = api_client.get(f"/api/v1/occupations/{jobs['role'].code}/").json()
    figures = data["published_figures"]
    assert figures == {
        "figures_of": "2411.1",
        "ai_exposure_eloundou_beta": 0.52,
        "ai_applicability_tomlinson": 0.2032,
        "us_median_annual_pay_usd": 77_250,
        "us_median_annual_pay_is_lower_bound": False,
        "onet_soc_codes": ["13-2011.00"],
        "carried_by": "crosswalk",
    }

    assert api_client.get("/api/v1/profiles/me/role-suggestions/").status_code in (401, 403)
    api_client.force_login(user)
    [suggestion] = api_client.get("/api/v1/profiles/me/role-suggestions/").json()
    assert suggestion["published_figures"] == figures

    transitions_compute(source="esco", top_n=3)
    moves = api_client.get("/api/v1/occupations/2411.1/transitions/").json()
    [move] = [m for m in moves["results"] if m["target"]["code"] == "2411.2"]
    assert move["published_figures"]["ai_exposure_eloundou_beta"] == 0.40
    assert move["change"] == {
        "ai_exposure_eloundou_beta_points": -12,
        "us_median_annual_pay_usd": 8_000,
    }
