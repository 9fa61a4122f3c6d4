"""`/api/v1/counsellor/clients/`: the caseload and one client's file, for counsellors only.

The queryset is `selectors.caseload(user)`, built on `clients_visible_to`: a client whose grant
is missing or revoked is a 404 on every route here, exactly as on the HTML pages.
"""

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from advisor.models import Assessment, LearningPath, PathStep, ProfileSkill
from advisor.selectors import SkillGapRow
from courses.models import Resource

from . import selectors
from .models import Note, PathApproval, PathEdit
from .services import notes, plans, rules


def _signed_in(request: Request) -> User:
    # IsAuthenticated runs before every route here: the user is an account, never anonymous.
    return cast(User, request.user)


class IsCounsellor(permissions.BasePermission):
    message = "This API is for career counsellors."

    def has_permission(self, request: Request, view: object) -> bool:
        return selectors.is_counsellor(request.user)


# --- serializers ----------------------------------------------------------------------------


class CaseloadClientSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    target_role_code = serializers.CharField(source="target_code", allow_null=True)
    target_role = serializers.CharField(source="target_title", allow_null=True)
    readiness = serializers.FloatField(allow_null=True)
    steps_done = serializers.IntegerField()
    steps_total = serializers.IntegerField()
    last_activity = serializers.DateTimeField()
    granted_at = serializers.DateTimeField()
    stalled = serializers.BooleanField()
    awaiting_approval = serializers.BooleanField()


class ClientSkillSerializer(serializers.ModelSerializer):
    skill = serializers.CharField(source="skill.name")
    skill_uri = serializers.CharField(source="skill.uri")
    # Plain strings: an enum here would collide with skills' own "source" enum in the schema.
    source = serializers.CharField(read_only=True)  # type: ignore[assignment]  # Field.source
    validated = serializers.SerializerMethodField()

    class Meta:
        model = ProfileSkill
        fields = [
            "id",
            "skill",
            "skill_uri",
            "level",
            "source",
            "validated",
            "validated_at",
            "validation_note",
        ]

    def get_validated(self, obj: ProfileSkill) -> bool:
        return obj.validated_at is not None


class ClientPathStepSerializer(serializers.ModelSerializer):
    resource_title = serializers.CharField(source="resource.title")

    class Meta:
        model = PathStep
        fields = [
            "id",
            "order",
            "resource",
            "resource_title",
            "week_start",
            "week_end",
            "planned_hours",
            "rationale",
            "status",
        ]


class PathEditSerializer(serializers.ModelSerializer):
    resource_title = serializers.CharField(source="resource.title")
    author = serializers.CharField(source="author.username", allow_null=True)

    class Meta:
        model = PathEdit
        fields = [
            "id",
            "action",
            "step",
            "resource",
            "resource_title",
            "from_position",
            "to_position",
            "reason",
            "author",
            "created_at",
            "carried_from",
        ]


class PathApprovalSerializer(serializers.ModelSerializer):
    counsellor = serializers.CharField(source="counsellor.username", allow_null=True)

    class Meta:
        model = PathApproval
        fields = ["id", "counsellor", "comment", "approved_at", "withdrawn_at"]


class ClientPathSerializer(serializers.ModelSerializer):
    steps = serializers.SerializerMethodField()
    edits = serializers.SerializerMethodField()
    approvals = serializers.SerializerMethodField()

    class Meta:
        model = LearningPath
        fields = [
            "id",
            "assessment",
            "created_at",
            "total_hours",
            "total_cost",
            "weeks_to_ready",
            "approved_at",
            "steps",
            "edits",
            "approvals",
        ]

    @extend_schema_field(ClientPathStepSerializer(many=True))
    def get_steps(self, obj: LearningPath) -> list[dict[str, Any]]:
        return list(ClientPathStepSerializer(selectors.path_steps(obj), many=True).data)

    @extend_schema_field(PathEditSerializer(many=True))
    def get_edits(self, obj: LearningPath) -> list[dict[str, Any]]:
        return list(PathEditSerializer(selectors.path_edits(obj), many=True).data)

    @extend_schema_field(PathApprovalSerializer(many=True))
    def get_approvals(self, obj: LearningPath) -> list[dict[str, Any]]:
        approvals = obj.approvals.select_related("counsellor")
        return list(PathApprovalSerializer(approvals, many=True).data)


class ClientAssessmentSerializer(serializers.ModelSerializer):
    target_code = serializers.CharField(source="target.code")
    target = serializers.CharField(source="target.title")

    class Meta:
        model = Assessment
        fields = ["id", "target", "target_code", "status", "readiness", "created_at"]


class ClientNoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = Note
        fields = ["id", "body", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]
        extra_kwargs = {"body": {"max_length": notes.MAX_NOTE}}


class ClientGapSerializer(serializers.Serializer):
    """One required skill of the client's latest done assessment (advisor's SkillGapRow)."""

    skill = serializers.CharField(source="skill.label", help_text="Skill name.")
    required = serializers.IntegerField()  # type: ignore[assignment]  # Field.required
    current = serializers.IntegerField()
    gap = serializers.IntegerField()
    weight = serializers.FloatField()
    validated = serializers.BooleanField()


@dataclass
class ClientFile:
    """One client's file: their caseload row (annotated by selectors.caseload) and the rest."""

    row: User
    skills: QuerySet[ProfileSkill]
    gap: list[SkillGapRow]
    assessments: QuerySet[Assessment]
    path: LearningPath | None
    notes: QuerySet[Note]

    def __getattr__(self, name: str) -> Any:  # the caseload fields
        return getattr(self.row, name)


class ClientDetailSerializer(CaseloadClientSerializer):
    """One client's file (a ClientFile): the caseload fields and the client's details."""

    skills = ClientSkillSerializer(many=True)
    gap = ClientGapSerializer(many=True)
    assessments = ClientAssessmentSerializer(many=True)
    path = ClientPathSerializer(allow_null=True)
    notes = ClientNoteSerializer(many=True)


class PathEditInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=PathEdit.Action.choices)
    step = serializers.IntegerField(required=False, min_value=1)
    resource = serializers.IntegerField(required=False, min_value=1)
    position = serializers.IntegerField(required=False, min_value=1, max_value=500)
    reason = serializers.CharField(max_length=rules.MAX_REASON)

    def validate(self, data: dict) -> dict:
        act = data["action"]
        if act in (PathEdit.Action.REMOVE, PathEdit.Action.MOVE) and "step" not in data:
            raise ValidationError({"step": "Which step? Give its id."})
        if act in (PathEdit.Action.ADD, PathEdit.Action.MOVE) and "position" not in data:
            raise ValidationError({"position": "Give the position (1 = first)."})
        if act == PathEdit.Action.ADD and "resource" not in data:
            raise ValidationError({"resource": "Which resource? Give its id."})
        return data


class ApproveInputSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=rules.MAX_REASON, required=False, allow_blank=True, default=""
    )


class ValidateSkillInputSerializer(serializers.Serializer):
    profile_skill = serializers.IntegerField(min_value=1)
    level = serializers.IntegerField(min_value=0, max_value=5)
    note = serializers.CharField(max_length=rules.MAX_REASON)


# --- the viewset ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("flag", str, enum=list(selectors.CASELOAD_FLAGS)),
            OpenApiParameter("target", str, description="Target role code."),
            OpenApiParameter("search", str, description="Name or username."),
            OpenApiParameter("ordering", str, enum=list(selectors.CASELOAD_ORDERINGS)),
        ]
    )
)
class CounsellorClientViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Clients who granted you access (list), and one client's file (retrieve)."""

    permission_classes = [permissions.IsAuthenticated, IsCounsellor]
    serializer_class = CaseloadClientSerializer
    filter_backends: list = []
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[User]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no counsellor
            return User.objects.none()
        params = self.request.query_params
        flag = params.get("flag", "")
        ordering = params.get("ordering", "")
        errors = {}
        if flag and flag not in selectors.CASELOAD_FLAGS:
            errors["flag"] = f"Use one of: {', '.join(selectors.CASELOAD_FLAGS)}."
        if ordering and ordering not in selectors.CASELOAD_ORDERINGS:
            errors["ordering"] = f"Use one of: {', '.join(selectors.CASELOAD_ORDERINGS)}."
        if errors and self.action == "list":
            raise ValidationError(errors)
        return selectors.caseload_filtered(
            _signed_in(self.request),
            flag=flag,
            target=params.get("target", "")[:64],
            search=params.get("search", "")[:100],
            ordering=ordering,
        )

    def _client(self) -> User:
        return selectors.client_get(counsellor=self.request.user, client_id=self.kwargs["pk"])

    def _path(self, client: User) -> LearningPath:
        path = selectors.latest_path(client)
        if path is None:
            raise ValidationError({"path": "This client has no learning path yet."})
        return path

    @extend_schema(responses={200: ClientDetailSerializer})
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        client = self._client()
        row = self.get_queryset().get(pk=client.pk)
        path = selectors.latest_path(client)
        latest_done = (
            selectors.client_assessments(client).filter(status=Assessment.Status.DONE).first()
        )
        file = ClientFile(
            row=row,
            skills=selectors.client_skills(client),
            gap=selectors.assessment_gap_rows(latest_done) if latest_done else [],
            assessments=selectors.client_assessments(client)[:20],
            path=path,
            notes=selectors.notes_visible_to(request.user).filter(client=client),
        )
        return Response(ClientDetailSerializer(file).data)

    @extend_schema(methods=["GET"], responses={200: ClientNoteSerializer(many=True)})
    @extend_schema(
        methods=["POST"], request=ClientNoteSerializer, responses={201: ClientNoteSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def notes(self, request: Request, pk: str | None = None) -> Response:
        client = self._client()
        if request.method == "GET":
            qs = selectors.notes_visible_to(request.user).filter(client=client)
            return Response(ClientNoteSerializer(qs, many=True).data)
        ser = ClientNoteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        note = notes.note_create(
            counsellor=_signed_in(request), client=client, body=ser.validated_data["body"]
        )
        return Response(ClientNoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: PathEditSerializer(many=True)})
    @extend_schema(
        methods=["POST"], request=PathEditInputSerializer, responses={201: PathEditSerializer}
    )
    @action(detail=True, methods=["get", "post"], url_path="path-edits", pagination_class=None)
    def path_edits(self, request: Request, pk: str | None = None) -> Response:
        client = self._client()
        path = self._path(client)
        if request.method == "GET":
            return Response(PathEditSerializer(selectors.path_edits(path), many=True).data)
        ser = PathEditInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        step = None
        if "step" in d:
            step = selectors.steps_visible_to(request.user).filter(pk=d["step"], path=path).first()
            if step is None:
                raise ValidationError({"step": "No such step in this client's current plan."})
        counsellor = _signed_in(request)
        if d["action"] == PathEdit.Action.REMOVE:
            assert step is not None  # PathEditInputSerializer requires it for a removal
            edit = plans.path_step_remove(counsellor=counsellor, step=step, reason=d["reason"])
        elif d["action"] == PathEdit.Action.MOVE:
            assert step is not None  # and for a move
            edit = plans.path_step_move(
                counsellor=counsellor, step=step, position=d["position"], reason=d["reason"]
            )
        else:
            resource = Resource.objects.published().filter(pk=d["resource"]).first()
            if resource is None:
                raise ValidationError({"resource": "No published resource with this id."})
            edit = plans.path_step_add(
                counsellor=counsellor,
                path=path,
                resource=resource,
                position=d["position"],
                reason=d["reason"],
            )
        return Response(PathEditSerializer(edit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ApproveInputSerializer, responses={201: PathApprovalSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        client = self._client()
        path = self._path(client)
        ser = ApproveInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        approval = plans.path_approve(
            counsellor=_signed_in(request), path=path, comment=ser.validated_data["comment"]
        )
        return Response(PathApprovalSerializer(approval).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ValidateSkillInputSerializer, responses={200: ClientSkillSerializer})
    @action(detail=True, methods=["post"], url_path="validate-skill")
    def validate_skill(self, request: Request, pk: str | None = None) -> Response:
        client = self._client()
        ser = ValidateSkillInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        ps = (
            selectors.profile_skills_visible_to(request.user)
            .filter(pk=d["profile_skill"], profile__user=client)
            .select_related("profile__user", "skill")
            .first()
        )
        if ps is None:
            raise ValidationError({"profile_skill": "No such skill on this client's profile."})
        ps = notes.profile_skill_validate(
            counsellor=_signed_in(request), profile_skill=ps, level=d["level"], note=d["note"]
        )
        return Response(ClientSkillSerializer(ps).data)
