"""What the advisor's API answers, field by field: the views serialize through these, and the
OpenAPI schema is generated from them, so the contract and the answers cannot drift apart."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skills.api import PublishedFiguresSerializer
from skills.levels import MAX_LEVEL, MIN_LEVEL

from .models import Assessment, PathStep, Profile


class RoundedFloatField(serializers.FloatField):
    """A score or a share, rounded to four decimals (more is noise to a reader)."""

    def to_representation(self, value: float) -> float:  # type: ignore[override]
        return round(float(value), 4)


def level_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=MIN_LEVEL, max_value=MAX_LEVEL, **kwargs)


class SkillRefSerializer(serializers.Serializer):
    """A skill as the advisor's answers name it."""

    id = serializers.IntegerField()
    uri = serializers.CharField()
    name = serializers.CharField(source="label")


class RowSkillSerializer(serializers.Serializer):
    """The skill of a row that carries one (a gap row, an open skill), named like SkillRef."""

    id = serializers.IntegerField(source="skill.id")
    uri = serializers.CharField(source="skill.uri")
    name = serializers.CharField(source="skill.label")


class SkillShortfallSerializer(RowSkillSerializer):
    current = level_field()
    required = level_field()  # type: ignore[assignment]  # a field named like Field.required


class SkillGapSerializer(SkillShortfallSerializer):
    weight = serializers.FloatField()
    gap = level_field()


class OpenSkillSerializer(SkillShortfallSerializer):
    reached = level_field(help_text="Level the path reaches.")
    reason = serializers.CharField(help_text="Why the path leaves it open, as a code.")
    why = serializers.CharField(help_text="The same in words.")


class OccupationRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField(source="label")


class ProfileSkillSerializer(serializers.Serializer):
    skill = serializers.CharField(source="skill.uri")
    skill_id = serializers.IntegerField()
    name = serializers.CharField(source="skill.label")
    level = level_field()
    source = serializers.CharField()  # type: ignore[assignment]  # named like Field.source


class ProfileSerializer(serializers.Serializer):
    """The profile as GET and PUT answer it (PUT takes the same fields, each optional)."""

    current_occupation = serializers.CharField(
        source="current_occupation.code", allow_null=True, help_text="Occupation code."
    )
    sectors = serializers.SerializerMethodField(help_text="Sector slugs.")
    weekly_hours = serializers.IntegerField()
    budget = serializers.DecimalField(max_digits=9, decimal_places=2, help_text="EUR.")
    horizon_weeks = serializers.IntegerField()
    languages = serializers.ListField(child=serializers.CharField(), help_text="ISO 639-1.")
    formats = serializers.ListField(child=serializers.CharField())
    start_date = serializers.DateField(allow_null=True)
    wants_certificates = serializers.BooleanField()
    priority = serializers.ChoiceField(choices=Profile.Priority.choices)
    skills = serializers.SerializerMethodField()

    def get_sectors(self, profile: Profile) -> list[str]:
        return sorted(profile.sectors.values_list("slug", flat=True))

    @extend_schema_field(ProfileSkillSerializer(many=True))
    def get_skills(self, profile: Profile) -> list[dict[str, Any]]:
        skills = profile.skills.select_related("skill").order_by("skill__name")
        return list(ProfileSkillSerializer(skills, many=True).data)


class RoleSuggestionSerializer(serializers.Serializer):
    """One role the person could aim for (advisor.selectors.RoleSuggestion)."""

    occupation = OccupationRefSerializer()
    # Regulated roles the person lacks the qualification for are never listed (courses cannot
    # get them there); a listed regulated role is theirs.
    regulated = serializers.BooleanField(source="occupation.regulated")
    readiness = RoundedFloatField(help_text="0–1.")
    readiness_percent = serializers.IntegerField()
    similarity = RoundedFloatField(help_text="0–1.")
    sector_match = serializers.FloatField(help_text="0, 0.5 (no preference) or 1.")
    score = RoundedFloatField()
    transferable = SkillRefSerializer(many=True)
    missing = SkillShortfallSerializer(many=True)
    reason = serializers.CharField()
    published_figures = PublishedFiguresSerializer(source="occupation.published_figures_from")


class AssessmentCreateSerializer(serializers.Serializer):
    target = serializers.CharField(max_length=64, help_text="Occupation code.")


class AssessmentCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Assessment.Status.choices)


class SkillRaisedSerializer(serializers.Serializer):
    skill = serializers.CharField(help_text="Skill name.")
    skill_id = serializers.IntegerField()
    # `from` is a Python keyword: declared through the class namespace.
    locals()["from"] = level_field()
    to = level_field()


class StepResourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    url = serializers.CharField()
    provider = serializers.CharField(source="provider.name")


class PlannedStepSerializer(serializers.Serializer):
    """One step of a planned path (a PathStep read through selectors.steps_explained)."""

    id = serializers.IntegerField()
    order = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PathStep.Status.choices)
    carried_over = serializers.BooleanField()
    resource = StepResourceSerializer()
    week_start = serializers.IntegerField()
    week_end = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=7, decimal_places=1, source="planned_hours")
    price = serializers.DecimalField(max_digits=9, decimal_places=2, help_text="EUR.")
    reason = serializers.CharField(source="why")
    skills_raised = serializers.SerializerMethodField()

    @extend_schema_field(SkillRaisedSerializer(many=True))
    def get_skills_raised(self, step: PathStep) -> list[dict[str, Any]]:
        rows = [
            {"skill": step.skill_names.get(k, f"#{k}"), "skill_id": k, "from": a, "to": b}
            for k, a, b in step.skills_closed
        ]
        return list(SkillRaisedSerializer(rows, many=True).data)


class PlannedPathSerializer(serializers.Serializer):
    """The assessment's stored path; empty totals when it has none (nothing left to learn)."""

    start_date = serializers.DateField(allow_null=True)
    total_hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    total_cost = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    weeks_to_ready = serializers.IntegerField(allow_null=True)
    steps = PlannedStepSerializer(many=True)


class PathAlternativeSerializer(serializers.Serializer):
    """One of the paths planned for a trade-off (advisor.selectors.PathAlternative)."""

    objectives = serializers.ListField(
        child=serializers.ChoiceField(choices=Profile.Priority.choices),
        help_text="The trade-offs this path is best for; identical paths are listed once.",
    )
    labels = serializers.ListField(child=serializers.CharField())
    hours = serializers.FloatField()
    cost_eur = serializers.FloatField()
    weeks = serializers.IntegerField()
    weeks_to_ready = serializers.IntegerField(allow_null=True)
    readiness_after_percent = serializers.IntegerField()
    practice_steps = serializers.IntegerField()
    open_skills = serializers.IntegerField()
    steps = serializers.IntegerField()
    current = serializers.BooleanField(help_text="The path this assessment stores as steps.")


class AssessmentSerializer(serializers.Serializer):
    """An assessment as the API returns it; the gap, path and open skills once it is done."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Assessment.Status.choices)
    target = OccupationRefSerializer()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(allow_blank=True)
    readiness = serializers.FloatField(allow_null=True, help_text="0–1, once done.")
    readiness_percent = serializers.IntegerField(allow_null=True)
    # Only once the assessment is done:
    objective = serializers.ChoiceField(choices=Profile.Priority.choices, required=False)
    readiness_after_percent = serializers.IntegerField(allow_null=True, required=False)
    gap = SkillGapSerializer(many=True, required=False)
    transferable = RowSkillSerializer(many=True, required=False)
    missing = RowSkillSerializer(many=True, required=False)
    path = PlannedPathSerializer(required=False)
    open_skills = OpenSkillSerializer(many=True, required=False)
    alternatives = PathAlternativeSerializer(many=True, required=False)


class PathStepStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=PathStep.Status.choices)


class PublishedChangeSerializer(serializers.Serializer):
    """How a move changes the published figures (skills.selectors.PublishedChange)."""

    ai_exposure_eloundou_beta_points = serializers.IntegerField(
        source="exposure_points", allow_null=True
    )
    us_median_annual_pay_usd = serializers.IntegerField(source="pay_usd", allow_null=True)


class SkillNeededSerializer(RowSkillSerializer):
    level = level_field(help_text="Level the target needs.")


class TransitionSerializer(serializers.Serializer):
    """One ranked move, read from a row the view prepares (see OccupationTransitionsView)."""

    rank = serializers.IntegerField(source="transition.rank")
    target = OccupationRefSerializer(source="transition.target")
    score = RoundedFloatField(source="transition.score")
    skill_score = RoundedFloatField(source="transition.skill_score")
    text_score = RoundedFloatField(source="transition.text_score")
    version = serializers.CharField(source="transition.version")
    published_figures = PublishedFiguresSerializer(
        source="transition.target.published_figures_from"
    )
    change = PublishedChangeSerializer()
    safer = serializers.BooleanField(
        help_text="Lower AI exposure, US pay not much lower, on today's figures."
    )
    ai_era_role = serializers.BooleanField(source="transition.target.is_target")
    shared = SkillRefSerializer(many=True)
    missing = SkillNeededSerializer(many=True)


class TransitionsOccupationSerializer(OccupationRefSerializer):
    published_figures = PublishedFiguresSerializer(source="published_figures_from")


class TransitionsSerializer(serializers.Serializer):
    occupation = TransitionsOccupationSerializer()
    results = TransitionSerializer(many=True)
