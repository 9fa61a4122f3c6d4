"""REST API of the advisor: thin views over selectors and services."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import limits
from accounts.access import signed_in_user
from skills.levels import LEVEL_CHOICES
from skills.models import Occupation, Sector, Skill
from skills.selectors import published_change, skill_ids_by_reference

from . import moves, selectors, services
from .models import Assessment, Profile
from .serializers import (
    AssessmentCreatedSerializer,
    AssessmentCreateSerializer,
    AssessmentSerializer,
    PathStepStatusSerializer,
    ProfileSerializer,
    RoleSuggestionSerializer,
    TransitionsSerializer,
)


class StrictBooleanField(serializers.BooleanField):
    """true or false, nothing else: "yes" or 1 is refused rather than read as a choice."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class SkillLevelInputSerializer(serializers.Serializer):
    skill = serializers.CharField(help_text="The skill's URI, or its id.")
    level = serializers.ChoiceField(choices=LEVEL_CHOICES)

    def validate(self, attrs: dict) -> dict:
        # A partial update (PUT takes any of the profile's fields) makes DRF skip the required
        # fields of nested items too: each skill still needs both, or it is a 400, not a 500.
        missing = {
            name: [field.error_messages["required"]]
            for name, field in self.fields.items()
            if name not in attrs
        }
        if missing:
            raise ValidationError(missing)
        return attrs


class ProfileInputSerializer(serializers.ModelSerializer):
    """The fields a person may change (any of them); bounds are the model's validators."""

    current_occupation = serializers.SlugRelatedField(
        slug_field="code", queryset=Occupation.objects.all(), allow_null=True
    )
    sectors = serializers.SlugRelatedField(
        slug_field="slug", queryset=Sector.objects.all(), many=True
    )
    wants_certificates = StrictBooleanField()
    skills = SkillLevelInputSerializer(many=True)

    class Meta:
        model = Profile
        fields = [
            "current_occupation",
            "sectors",
            "weekly_hours",
            "budget",
            "horizon_weeks",
            "languages",
            "formats",
            "start_date",
            "wants_certificates",
            "priority",
            "skills",
        ]

    def validate_skills(self, value: list[dict]) -> list[tuple[int, int]]:
        ids = skill_ids_by_reference(item["skill"] for item in value)
        unknown = [item["skill"] for item in value if item["skill"] not in ids]
        if unknown:
            raise ValidationError(
                _("Unknown skill: %(skills)s.") % {"skills": ", ".join(unknown[:5])}
            )
        return [(ids[item["skill"]], item["level"]) for item in value]

    def validate(self, attrs: dict) -> dict:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise ValidationError(
                {
                    "non_field_errors": _("Unknown field: %(fields)s.")
                    % {"fields": ", ".join(unknown)}
                }
            )
        return attrs


class ProfileMeView(APIView):
    """The signed-in person's profile."""

    @extend_schema(responses={200: ProfileSerializer})
    def get(self, request: Request) -> Response:
        profile = selectors.profile_get_or_create(user=signed_in_user(request))
        return Response(ProfileSerializer(profile).data)

    @extend_schema(request=ProfileInputSerializer, responses={200: ProfileSerializer})
    def put(self, request: Request) -> Response:
        profile = selectors.profile_get_or_create(user=signed_in_user(request))
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        given = ProfileInputSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        profile = services.profile_update(profile=profile, **given.validated_data)
        return Response(ProfileSerializer(profile).data)


class RoleSuggestionsView(APIView):
    @extend_schema(responses={200: RoleSuggestionSerializer(many=True)})
    def get(self, request: Request) -> Response:
        profile = selectors.profile_get_or_create(user=signed_in_user(request))
        suggestions = selectors.role_suggestions(profile=profile)
        return Response(RoleSuggestionSerializer(suggestions, many=True).data)


def assessment_data(assessment: Assessment) -> dict:
    """The assessment and, once it is done, its gap, path, open skills and alternatives, as the
    objects AssessmentSerializer reads."""
    data = {
        "id": assessment.id,
        "status": assessment.status,
        "target": assessment.target,
        "created_at": assessment.created_at,
        "finished_at": assessment.finished_at,
        "error": assessment.error,
        "readiness": assessment.readiness,
        "readiness_percent": None
        if assessment.readiness is None
        else round(assessment.readiness * 100),
    }
    if assessment.status != Assessment.Status.DONE:
        return data
    gap = selectors.assessment_gap(assessment=assessment)
    path = getattr(assessment, "path", None)
    data.update(
        gap=gap.items,
        transferable=gap.transferable,
        missing=gap.missing,
        path={
            "start_date": path.start_date if path else None,
            "total_hours": path.total_hours if path else 0,
            "total_cost": path.total_cost if path else 0,
            "currency": "EUR",
            "weeks_to_ready": path.weeks_to_ready if path else None,
            "steps": selectors.steps_explained(selectors.path_steps_for(assessment=assessment)),
        },
        open_skills=gap.open_skills,
        objective=assessment.objective,
        readiness_after_percent=gap.readiness_after_percent,
        alternatives=selectors.path_alternatives(assessment),
    )
    return data


class AssessmentCreateView(APIView):
    throttle_classes = [limits.AssessmentRequests]

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentCreatedSerializer})
    def post(self, request: Request) -> Response:
        serializer = AssessmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = Occupation.objects.filter(code=serializer.validated_data["target"]).first()
        if target is None:
            raise ValidationError({"target": ["Unknown occupation code."]})
        profile = selectors.profile_get_or_create(user=signed_in_user(request))
        assessment = services.assessment_create(profile=profile, target=target)
        return Response(
            AssessmentCreatedSerializer(assessment).data, status=status.HTTP_201_CREATED
        )


class AssessmentDetailView(APIView):
    @extend_schema(responses={200: AssessmentSerializer})
    def get(self, request: Request, pk: int) -> Response:
        assessment = get_object_or_404(selectors.assessments_visible_to(request.user), pk=pk)
        return Response(AssessmentSerializer(assessment_data(assessment)).data)


class PathStepView(APIView):
    @extend_schema(request=PathStepStatusSerializer, responses={200: PathStepStatusSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        # Only the person following the path changes it: others (counsellors too) get 404 here.
        qs = selectors.path_steps_visible_to(request.user)
        if not request.user.is_staff:
            qs = qs.filter(path__profile__user=signed_in_user(request))
        step = get_object_or_404(qs, pk=pk)
        serializer = PathStepStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        step = services.path_step_status_set(
            step=step, status=serializer.validated_data["status"], user=signed_in_user(request)
        )
        return Response(PathStepStatusSerializer(step).data)


class OccupationTransitionsView(APIView):
    """Ranked moves from an occupation; public reference data like the occupations."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "limit", int, description="How many moves, 1–100 (default 12).", required=False
            )
        ],
        responses={200: TransitionsSerializer},
    )
    def get(self, request: Request, code: str) -> Response:
        occupation = get_object_or_404(Occupation, code=code)
        raw = request.query_params.get("limit", "12")  # 10 moves and up to 2 AI-era roles
        if not raw.isdecimal() or len(raw) > 3 or not 1 <= int(raw) <= 100:
            raise ValidationError({"limit": ["Give a whole number from 1 to 100."]})
        transitions = moves.transitions_for(occupation=occupation, limit=int(raw))
        skill_ids = {s for t in transitions for s in t.shared} | {
            m[0] for t in transitions for m in t.missing
        }
        skills = Skill.objects.in_bulk(skill_ids)
        rows = []
        for t in transitions:
            change = published_change(current=occupation, move=t.target)
            rows.append(
                {
                    "transition": t,
                    "change": change,
                    "safer": moves.safer_move(current=occupation, change=change),
                    "shared": [skills[s] for s in t.shared if s in skills],
                    "missing": [
                        {"skill": skills[s], "level": lvl} for s, lvl in t.missing if s in skills
                    ],
                }
            )
        return Response(TransitionsSerializer({"occupation": occupation, "results": rows}).data)
