"""REST API of the advisor: thin views over selectors and services."""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from skills.api import PublishedFiguresSerializer
from skills.levels import LEVEL_CHOICES
from skills.models import Occupation, Sector, Skill
from skills.selectors import published_change, skill_ids_by_reference

from . import moves, selectors, services
from .models import Assessment, PathStep, Profile


def _bad_request(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "message_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({"non_field_errors": exc.messages})


def profile_data(profile: Profile) -> dict:
    skills = profile.skills.select_related("skill").order_by("skill__name")
    return {
        "current_occupation": profile.current_occupation.code
        if profile.current_occupation
        else None,
        "sectors": sorted(profile.sectors.values_list("slug", flat=True)),
        "weekly_hours": profile.weekly_hours,
        "budget": str(profile.budget),
        "horizon_weeks": profile.horizon_weeks,
        "languages": profile.languages,
        "formats": profile.formats,
        "start_date": profile.start_date.isoformat() if profile.start_date else None,
        "wants_certificates": profile.wants_certificates,
        "priority": profile.priority,
        "skills": [
            {
                "skill": ps.skill.uri,
                "skill_id": ps.skill_id,
                "name": ps.skill.label,
                "level": ps.level,
                "source": ps.source,
            }
            for ps in skills
        ],
    }


class StrictBooleanField(serializers.BooleanField):
    """true or false, nothing else: "yes" or 1 is refused rather than read as a choice."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class SkillLevelInputSerializer(serializers.Serializer):
    skill = serializers.CharField(help_text="The skill's URI, or its id.")
    level = serializers.ChoiceField(choices=LEVEL_CHOICES)


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

    @extend_schema(responses={200: dict})
    def get(self, request):
        profile = selectors.profile_get_or_create(user=request.user)
        return Response(profile_data(profile))

    @extend_schema(request=ProfileInputSerializer, responses={200: dict, 400: dict})
    def put(self, request):
        profile = selectors.profile_get_or_create(user=request.user)
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        given = ProfileInputSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        try:
            profile = services.profile_update(profile=profile, **given.validated_data)
        except DjangoValidationError as exc:
            raise _bad_request(exc) from exc
        return Response(profile_data(profile))


def _skill_ref(skill: Skill) -> dict:
    return {"id": skill.id, "uri": skill.uri, "name": skill.label}


def _published_change(current: Occupation, move: Occupation) -> dict:
    change = published_change(current=current, move=move)
    return {
        "ai_exposure_eloundou_beta_points": change.exposure_points,
        "us_median_annual_pay_usd": change.pay_usd,
    }


class RoleSuggestionsView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        profile = selectors.profile_get_or_create(user=request.user)
        suggestions = selectors.role_suggestions(profile=profile)
        return Response(
            [
                {
                    "occupation": {"code": s.occupation.code, "title": s.occupation.label},
                    # Regulated roles the person lacks the qualification for are never listed
                    # here (courses cannot get them there); a listed regulated role is theirs.
                    "regulated": s.occupation.regulated,
                    "readiness": round(s.readiness, 4),
                    "readiness_percent": s.readiness_percent,
                    "similarity": round(s.similarity, 4),
                    "sector_match": s.sector_match,
                    "score": round(s.score, 4),
                    "transferable": [_skill_ref(k) for k in s.transferable],
                    "missing": [
                        {**_skill_ref(m.skill), "current": m.current, "required": m.required}
                        for m in s.missing
                    ],
                    "reason": s.reason,
                    "published_figures": PublishedFiguresSerializer(
                        s.occupation.published_figures_from
                    ).data,
                }
                for s in suggestions
            ]
        )


class AssessmentCreateSerializer(serializers.Serializer):
    target = serializers.CharField(max_length=64, help_text="Occupation code.")


def assessment_data(assessment: Assessment) -> dict:
    data = {
        "id": assessment.id,
        "status": assessment.status,
        "target": {"code": assessment.target.code, "title": assessment.target.label},
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
    steps = selectors.steps_explained(selectors.path_steps_for(assessment=assessment))
    path = getattr(assessment, "path", None)
    data.update(
        {
            "gap": [
                {
                    **_skill_ref(row.skill),
                    "current": row.current,
                    "required": row.required,
                    "weight": row.weight,
                    "gap": row.gap,
                }
                for row in gap.items
            ],
            "transferable": [_skill_ref(row.skill) for row in gap.transferable],
            "missing": [_skill_ref(row.skill) for row in gap.missing],
            "path": {
                "start_date": path.start_date if path else None,
                "total_hours": str(path.total_hours) if path else "0",
                "total_cost": str(path.total_cost) if path else "0",
                "currency": "EUR",
                "weeks_to_ready": path.weeks_to_ready if path else None,
                "steps": [
                    {
                        "id": s.id,
                        "order": s.order,
                        "status": s.status,
                        "carried_over": s.carried_over,
                        "resource": {
                            "id": s.resource_id,
                            "title": s.resource.title,
                            "kind": s.resource.kind,
                            "url": s.resource.url,
                            "provider": s.resource.provider.name,
                        },
                        "week_start": s.week_start,
                        "week_end": s.week_end,
                        "hours": str(s.planned_hours),
                        "price": str(s.price),
                        "reason": s.why,
                        "skills_raised": [
                            {
                                "skill": s.skill_names.get(k, f"#{k}"),
                                "skill_id": k,
                                "from": a,
                                "to": b,
                            }
                            for k, a, b in s.skills_closed
                        ],
                    }
                    for s in steps
                ],
            },
            "open_skills": [
                {
                    **_skill_ref(o["skill"]),
                    "current": o["current"],
                    "reached": o["reached"],
                    "required": o["required"],
                    "reason": o["reason"],
                    "why": o["why"],
                }
                for o in gap.open_skills
            ],
            "objective": assessment.objective,
            "readiness_after_percent": gap.readiness_after_percent,
            "alternatives": [asdict(a) for a in selectors.path_alternatives(assessment)],
        }
    )
    return data


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
    target = serializers.DictField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(allow_blank=True)
    readiness = serializers.FloatField(allow_null=True)
    readiness_percent = serializers.IntegerField(allow_null=True)
    objective = serializers.ChoiceField(choices=Profile.Priority.choices, required=False)
    readiness_after_percent = serializers.IntegerField(allow_null=True, required=False)
    gap = serializers.ListField(child=serializers.DictField(), required=False)
    transferable = serializers.ListField(child=serializers.DictField(), required=False)
    missing = serializers.ListField(child=serializers.DictField(), required=False)
    path = serializers.DictField(required=False)
    open_skills = serializers.ListField(child=serializers.DictField(), required=False)
    alternatives = PathAlternativeSerializer(many=True, required=False)


class AssessmentCreateView(APIView):
    @extend_schema(
        request=AssessmentCreateSerializer, responses={201: AssessmentSerializer, 400: dict}
    )
    def post(self, request):
        serializer = AssessmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = Occupation.objects.filter(code=serializer.validated_data["target"]).first()
        if target is None:
            raise ValidationError({"target": ["Unknown occupation code."]})
        profile = selectors.profile_get_or_create(user=request.user)
        assessment = services.assessment_create(profile=profile, target=target)
        return Response(
            {"id": assessment.id, "status": assessment.status}, status=status.HTTP_201_CREATED
        )


class AssessmentDetailView(APIView):
    @extend_schema(responses={200: AssessmentSerializer, 404: dict})
    def get(self, request, pk: int):
        assessment = get_object_or_404(selectors.assessments_visible_to(request.user), pk=pk)
        return Response(assessment_data(assessment))


class PathStepStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PathStep.Status.choices)


class PathStepView(APIView):
    @extend_schema(request=PathStepStatusSerializer, responses={200: dict, 400: dict, 404: dict})
    def patch(self, request, pk: int):
        # Only the person following the path changes it: others (counsellors too) get 404 here.
        qs = selectors.path_steps_visible_to(request.user)
        if not request.user.is_staff:
            qs = qs.filter(path__profile__user=request.user)
        step = get_object_or_404(qs, pk=pk)
        serializer = PathStepStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        step = services.path_step_status_set(
            step=step, status=serializer.validated_data["status"], user=request.user
        )
        return Response({"id": step.id, "status": step.status})


class OccupationTransitionsView(APIView):
    """Ranked moves from an occupation; public reference data like the occupations."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: dict, 400: dict, 404: dict})
    def get(self, request, code: str):
        occupation = get_object_or_404(Occupation, code=code)
        raw = request.query_params.get("limit", "12")  # 10 moves and up to 2 AI-era roles
        if not raw.isdecimal() or len(raw) > 3 or not 1 <= int(raw) <= 100:
            raise ValidationError({"limit": ["Give a whole number from 1 to 100."]})
        transitions = moves.transitions_for(occupation=occupation, limit=int(raw))
        skill_ids = {s for t in transitions for s in t.shared} | {
            m[0] for t in transitions for m in t.missing
        }
        skills = Skill.objects.in_bulk(skill_ids)
        return Response(
            {
                "occupation": {
                    "code": occupation.code,
                    "title": occupation.label,
                    "published_figures": PublishedFiguresSerializer(
                        occupation.published_figures_from
                    ).data,
                },
                "results": [
                    {
                        "rank": t.rank,
                        "target": {"code": t.target.code, "title": t.target.label},
                        "score": round(t.score, 4),
                        "skill_score": round(t.skill_score, 4),
                        "text_score": round(t.text_score, 4),
                        "version": t.version,
                        "published_figures": PublishedFiguresSerializer(
                            t.target.published_figures_from
                        ).data,
                        "change": _published_change(occupation, t.target),
                        "safer": moves.safer_move(
                            current=occupation,
                            change=published_change(current=occupation, move=t.target),
                        ),
                        "ai_era_role": t.target.is_target,
                        "shared": [_skill_ref(skills[s]) for s in t.shared if s in skills],
                        "missing": [
                            {**_skill_ref(skills[s]), "level": lvl}
                            for s, lvl in t.missing
                            if s in skills
                        ],
                    }
                    for t in transitions
                ],
            }
        )
