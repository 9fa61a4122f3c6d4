"""Skill linking over the catalogue: provider labels, text in its language, twins, curation."""

import pytest

from courses.linking import catalogue_link
from courses.models import Resource, ResourceSkill, ResourceStatusChange, SkillSuggestion
from courses.tagging import suggest_skills
from skills.models import Source
from skills.services import skill_twins_link
from tests.courses.factories import ResourceFactory, ResourceSkillFactory
from tests.skills.factories import SkillFactory

pytestmark = pytest.mark.django_db

# Real ESCO URIs: the curated alias table (courses/data/skill_aliases.csv) points at them.
AI_URI = "http://data.europa.eu/esco/skill/e465a154-93f7-4973-9ce1-31659fe16dd2"
PYTHON_URI = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
ML_URI = "http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43"


def esco(name, uri=None, **fields):
    extra = {"uri": uri} if uri else {}
    return SkillFactory(name=name, source=Source.ESCO, **extra, **fields)


def draft(**fields):
    values = {"status": Resource.Status.DRAFT, "description": "", "topics": [], **fields}
    return ResourceFactory(**values)


def links(resource):
    return {
        link.skill.name: link
        for link in ResourceSkill.objects.filter(resource=resource).select_related("skill")
    }


def test_provider_labels_go_through_the_alias_table_and_publish_the_draft():
    ai = esco("principles of artificial intelligence", AI_URI)
    python = esco("Python (computer programming)", PYTHON_URI)
    ml = esco("machine learning", ML_URI)
    course = draft(
        title="AI For Everyone",
        description="AI is not only for engineers. You will try a few lines of Python.",
        topics=["Artificial Intelligence (AI)", "Python Programming", "Machine Learning"],
        level="beginner",
    )

    report = catalogue_link()

    found = links(course)
    assert set(found) == {ai.name, python.name}
    # A provider label the course never mentions is a side topic: a curator decides.
    queued = SkillSuggestion.objects.get(resource=course)
    assert queued.skill == ml and queued.evidence == "alias · topic: Machine Learning"
    assert found[ai.name].origin == ResourceSkill.Origin.ALIAS
    # A beginner course starts from nothing and takes you to foundations.
    assert (found[ai.name].level_required, found[ai.name].level_taught) == (0, 2)
    assert 0.8 <= found[ai.name].confidence <= 1
    course.refresh_from_db()
    assert course.status == Resource.Status.PUBLISHED
    change = ResourceStatusChange.objects.get(resource=course, to_status="published")
    assert change.from_status == "draft" and change.note == "skill linking"
    assert report.published == 1 and report.matches["alias"] == 2


def test_a_provider_label_equal_to_a_skill_label_is_the_providers_own_tag():
    sql = esco("SQL")
    course = draft(title="Databases for analysts", topics=["SQL"], level="intermediate")
    catalogue_link()
    link = links(course)[sql.name]
    assert link.origin == ResourceSkill.Origin.PROVIDER
    assert (link.level_required, link.level_taught) == (1, 3)


def test_labels_in_another_word_order_or_spelling_are_matched_as_fuzzy():
    analysis = esco("perform data analysis", alt_labels=["data analysis"])
    excel = esco("Microsoft Excel spreadsheets")
    reordered = draft(title="Week one", topics=["Analysis of data"])
    misspelt = draft(title="Week two", topics=["Microsoft Excell spreadsheet"])
    catalogue_link()
    assert links(reordered)[analysis.name].origin == ResourceSkill.Origin.FUZZY
    assert links(misspelt)[excel.name].origin == ResourceSkill.Origin.FUZZY


def test_title_outweighs_a_passing_mention_in_the_body():
    accounting = esco("accounting")
    marketing = esco("digital marketing techniques", alt_labels=["digital marketing"])
    course = draft(
        title="Digital Marketing for small shops",
        description="Plan campaigns. We leave accounting aside.",
    )
    catalogue_link()
    assert set(links(course)) == {marketing.name}
    # The passing mention waits in the review queue instead, with where it was found.
    queued = SkillSuggestion.objects.get(resource=course)
    assert queued.skill == accounting and "accounting" in queued.evidence


def test_udemy_lecture_counts_are_not_read_as_a_skill():
    esco("perform lectures", alt_labels=["lectures"])
    course = draft(title="Piano chords", description="Musical Instruments · 24 lectures")
    catalogue_link()
    assert links(course) == {}
    assert not SkillSuggestion.objects.filter(resource=course).exists()


def test_french_text_is_matched_against_french_labels():
    accounting = esco("accounting", name_fr="comptabilité", alt_labels_fr=["tenue des comptes"])
    course = draft(
        title="Introduction à la comptabilité",
        description="Dans ce cours vous apprendrez la comptabilité des petites entreprises.",
        language="fr",
    )
    catalogue_link()
    assert set(links(course)) == {accounting.name}
    found = suggest_skills("J'ai tenu la comptabilité d'une boulangerie pendant dix ans.")
    assert [(s.skill_id, s.label) for s in found] == [(accounting.id, "comptabilité")]


def test_spanish_text_is_not_matched_against_english_labels():
    esco("use databases", alt_labels=["databases", "bases"])
    python = esco("Python (computer programming)", PYTHON_URI)
    words = draft(
        title="Bases de datos para todos",
        description="En este curso aprenderás las bases de datos y cómo se usan en la empresa.",
        language="es",
    )
    names = draft(
        title="Python: aprender a programar",
        description="En este curso aprenderás a programar con Python desde cero.",
        language="es",
    )

    report = catalogue_link()

    assert links(words) == {}
    reasons = {item["resource"]: item["reason_code"] for item in report.unpublished}
    assert reasons[words.id] == "language without labels"
    # A product name is the same in every language.
    assert set(links(names)) == {python.name}
    assert suggest_skills("Aprenderás las bases de datos con la mejor práctica del sector") == []


def test_spanish_text_declared_english_is_recognised_by_its_words():
    esco("use databases", alt_labels=["databases", "bases"])
    course = draft(
        title="Introducción a las bases de datos",
        description="En este curso aprenderás los conceptos de las bases de datos y su uso.",
        language="en",  # Coursera declares no language: the mapping says English
    )
    catalogue_link()
    assert links(course) == {}


def test_twins_become_one_skill_and_only_the_esco_one_is_suggested():
    photoshop = esco("Adobe Photoshop")
    twin = SkillFactory(
        name="Adobe Photoshop",
        source=Source.ONET,
        kind="tool",
        uri="onet:technology:Adobe Photoshop",
    )
    unrelated = SkillFactory(name="Keras", source=Source.ONET, kind="tool", uri="onet:technology:K")
    esco("computer vision", alt_labels=["Keras"])

    assert skill_twins_link() == 1
    twin.refresh_from_db()
    unrelated.refresh_from_db()
    assert twin.same_as == photoshop
    # An alternative label of a broader ESCO skill is not the same concept.
    assert unrelated.same_as is None
    assert skill_twins_link() == 0

    found = suggest_skills("Retouch photos in Adobe Photoshop", limit=5)
    assert [s.skill_id for s in found] == [photoshop.id]
    course = draft(title="Adobe Photoshop in a weekend")
    catalogue_link()
    assert set(links(course)) == {"Adobe Photoshop"}
    assert links(course)["Adobe Photoshop"].skill == photoshop


def test_linking_twice_creates_nothing_new():
    esco("principles of artificial intelligence", AI_URI)
    esco("accounting")
    draft(title="AI For Everyone", topics=["AI"])
    draft(title="Week one", description="We leave accounting aside.")
    first = catalogue_link()
    counts = (
        ResourceSkill.objects.count(),
        SkillSuggestion.objects.count(),
        ResourceStatusChange.objects.count(),
    )

    again = catalogue_link()

    assert first.links_created == 1 and first.suggestions_created == 1
    assert (again.links_created, again.links_updated, again.links_removed) == (0, 0, 0)
    assert (again.suggestions_created, again.suggestions_updated, again.published) == (0, 0, 0)
    assert counts == (
        ResourceSkill.objects.count(),
        SkillSuggestion.objects.count(),
        ResourceStatusChange.objects.count(),
    )


def test_a_curators_link_is_never_overwritten():
    sql = esco("SQL")
    course = draft(title="SQL for analysts", topics=["SQL"], level="beginner")
    ResourceSkillFactory(resource=course, skill=sql, level_taught=4, level_required=2)

    report = catalogue_link()

    link = ResourceSkill.objects.get(resource=course, skill=sql)
    assert (link.origin, link.level_required, link.level_taught) == ("curator", 2, 4)
    assert link.confidence == 1.0
    assert report.links_kept_curated == 1


def test_a_rejected_suggestion_is_never_linked_again():
    sql = esco("SQL")
    course = draft(title="SQL for analysts", topics=["SQL"])
    SkillSuggestion.objects.create(
        resource=course, skill=sql, score=0.5, decision=SkillSuggestion.Decision.REJECTED
    )
    catalogue_link()
    assert links(course) == {}
    course.refresh_from_db()
    assert course.status == Resource.Status.DRAFT


def test_a_resource_a_person_moved_back_to_draft_stays_a_draft(staff_user):
    sql = esco("SQL")
    course = draft(title="SQL for analysts", topics=["SQL"])
    ResourceStatusChange.objects.create(
        resource=course,
        from_status="published",
        to_status="draft",
        changed_by=staff_user,
        changed_at=course.created_at,
    )
    report = catalogue_link()
    course.refresh_from_db()
    assert course.status == Resource.Status.DRAFT
    assert sql.name in links(course)  # the link is there for when they change their mind
    assert [item["reason_code"] for item in report.unpublished] == ["curator draft"]


def test_only_the_given_resources_are_linked_and_progress_is_reported():
    sql = esco("SQL")
    chosen = draft(title="SQL basics", topics=["SQL"])
    other = draft(title="SQL again", topics=["SQL"])
    calls = []
    catalogue_link(
        resource_ids=[chosen.id], progress=lambda done, total: calls.append((done, total))
    )
    assert sql.name in links(chosen) and links(other) == {}
    assert calls[0] == (0, 1) and calls[-1] == (1, 1)


def test_a_link_the_linker_no_longer_stands_by_is_removed_and_its_publication_undone():
    sql = esco("SQL")
    old = esco("play the violin")
    linked = draft(title="SQL basics", topics=["SQL"])
    orphan = draft(title="Week one")
    # What an earlier run (an older alias table) left behind.
    ResourceSkill.objects.create(
        resource=linked, skill=old, level_taught=2, origin="alias", confidence=0.9
    )
    ResourceSkill.objects.create(
        resource=orphan, skill=old, level_taught=2, origin="tagger", confidence=0.8
    )
    curated = draft(title="Week two")
    ResourceSkillFactory(resource=curated, skill=old)  # a curator's: never removed
    first = catalogue_link()
    assert first.links_removed == 2
    assert set(links(linked)) == {sql.name} and links(orphan) == {}
    assert set(links(curated)) == {old.name}

    # Published by the linker, then the only link goes (here: a curator rejects it).
    SkillSuggestion.objects.create(
        resource=linked, skill=sql, score=0.9, decision=SkillSuggestion.Decision.REJECTED
    )
    again = catalogue_link()
    linked.refresh_from_db()
    assert linked.status == Resource.Status.DRAFT and links(linked) == {}
    assert again.unpublished_again == 1
    note = ResourceStatusChange.objects.filter(resource=linked).order_by("-id").first().note
    assert note == "skill linking: no sure link left"


def test_a_brief_from_our_curated_file_gets_no_automatic_links():
    """The benchmark found "post" (a stop-word-trimmed "Post Once") read in "poster" on a brief."""
    design = esco("graphic design")
    esco("Post Once")
    brief = ResourceFactory(
        kind=Resource.Kind.PROJECT,
        status=Resource.Status.PUBLISHED,
        title="An infographic poster made with generative tools",
        description="Design a poster; post once on the portfolio; graphic design choices.",
        topics=["Post Once"],
    )
    ResourceSkillFactory(
        resource=brief, skill=design, level_taught=3, level_required=1,
        origin=ResourceSkill.Origin.CURATED_FILE,
    )  # fmt: skip
    catalogue_link()
    assert set(links(brief)) == {"graphic design"}
    assert not SkillSuggestion.objects.filter(resource=brief).exists()
