from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from .forms import ImportForm, ResourceSearchForm
from .importing import UnreadableFile, resources_import
from .importing.uploads import upload_too_large
from .models import RESOURCE_DETAIL_FIELDS, Resource, ResourceSkill
from .selectors import resource_search


class ImportTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE


class ResourceSkillSerializer(serializers.ModelSerializer):
    skill_uri = serializers.CharField(source="skill.uri", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)

    class Meta:
        model = ResourceSkill
        fields = ["skill", "skill_uri", "skill_name", "level_required", "level_taught"]


class ResourceSerializer(serializers.ModelSerializer):
    provider = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    skills = ResourceSkillSerializer(source="skill_links", many=True, read_only=True)

    class Meta:
        model = Resource
        fields = [
            "id",
            "provider",
            "provider_name",
            "external_id",
            *RESOURCE_DETAIL_FIELDS,
            "status",
            "skills",
        ]


SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Full-text query (ranked)."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=Resource.Kind.values),
    OpenApiParameter("language", OpenApiTypes.STR, description="ISO 639-1 code."),
    OpenApiParameter("format", OpenApiTypes.STR, enum=Resource.Format.values),
    OpenApiParameter("level", OpenApiTypes.STR, enum=Resource.Level.values),
    OpenApiParameter("provider", OpenApiTypes.STR, description="Provider slug."),
    OpenApiParameter("skill", OpenApiTypes.STR, description="Taught skill: id or URI."),
    OpenApiParameter("price_min", OpenApiTypes.NUMBER),
    OpenApiParameter("price_max", OpenApiTypes.NUMBER),
    OpenApiParameter("hours_min", OpenApiTypes.NUMBER),
    OpenApiParameter("hours_max", OpenApiTypes.NUMBER),
]

ImportReportSerializer = inline_serializer(
    "ImportReport",
    {
        "dry_run": serializers.BooleanField(),
        "rows": serializers.IntegerField(),
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
        "invalid": serializers.ListField(child=serializers.DictField()),
        "duplicates": serializers.ListField(child=serializers.DictField()),
        "unmatched_skills": serializers.ListField(child=serializers.DictField()),
        "warnings": serializers.ListField(child=serializers.DictField()),
    },
)


@extend_schema_view(list=extend_schema(parameters=SEARCH_PARAMETERS))
class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue: published resources for everyone, drafts and archives for staff too."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ResourceSerializer
    # Search, filters and ordering come from selectors.resource_search.
    filter_backends: list = []

    def initial(self, request, *args, **kwargs):
        # The import's size limit before authentication: a session's CSRF check reads the body.
        if self.action == "import_file" and (refusal := upload_too_large(request.META)):
            raise ImportTooLarge({"file": [refusal]})
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        if self.action == "list":
            form = ResourceSearchForm(self.request.query_params)
            if not form.is_valid():
                raise ValidationError(form.errors.get_json_data())
            queryset = resource_search(user=self.request.user, **form.filters())
        else:
            queryset = Resource.objects.visible_to(self.request.user).select_related("provider")
        return queryset.prefetch_related(
            Prefetch("skill_links", queryset=ResourceSkill.objects.select_related("skill"))
        )

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "ImportRequest",
                {
                    "file": serializers.FileField(),
                    "format": serializers.ChoiceField(["csv", "json"], required=False),
                    "mapping": serializers.ChoiceField(
                        ["coursera", "edx", "udemy"], required=False
                    ),
                    "provider": serializers.CharField(required=False),
                    "publish": serializers.BooleanField(required=False),
                    "dry_run": serializers.BooleanField(required=False),
                },
            )
        },
        responses={200: ImportReportSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        permission_classes=[permissions.IsAdminUser],
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        """Staff only: import a resource file; answers the same report as the command."""
        form = ImportForm(request.data, request.FILES)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        dry_run = str(request.data.get("dry_run", "")).lower() in {"1", "true", "yes", "on"}
        upload = form.cleaned_data["file"]
        try:
            report = resources_import(
                content=upload.read(),
                name=upload.name,
                fmt=form.cleaned_data["format"] or None,
                mapping=form.cleaned_data["mapping"] or None,
                provider=form.cleaned_data["provider"] or None,
                publish=form.cleaned_data["publish"],
                dry_run=dry_run,
                user=request.user,
            )
        except UnreadableFile as exc:
            return Response({"file": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(report.as_dict())
