"""The catalogue's API: published resources for everyone, the import for staff."""

from typing import cast

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import limits

from .filters import ResourceFilter
from .forms import ImportForm
from .importing import FORMATS, MAPPINGS
from .models import Resource, ResourceSkill
from .services import resources_import


class ResourceSkillSerializer(serializers.ModelSerializer):
    skill_uri = serializers.CharField(source="skill.uri", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)

    class Meta:
        model = ResourceSkill
        fields = ["skill", "skill_uri", "skill_name", "level_required", "level_taught"]


class ResourceSerializer(serializers.ModelSerializer):
    provider: serializers.SlugRelatedField = serializers.SlugRelatedField(
        read_only=True, slug_field="slug"
    )
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    skills = ResourceSkillSerializer(source="skill_links", many=True, read_only=True)

    class Meta:
        model = Resource
        fields = [
            "id",
            "provider",
            "provider_name",
            "external_id",
            "kind",
            "title",
            "description",
            "url",
            "language",
            "format",
            "hours",
            "price",
            "certificate_price",
            "currency",
            "level",
            "rating",
            "rating_count",
            "certificate",
            "starts_on",
            "ends_on",
            "status",
            "skills",
        ]


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    field = serializers.CharField()
    message = serializers.CharField()


class ImportDuplicateSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    first_row = serializers.IntegerField()
    key = serializers.CharField(help_text="Provider and the id or URL the rows share.")
    message = serializers.CharField()


class UnmatchedSkillSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    skill = serializers.CharField(help_text="The skill name as the file gives it.")


class ImportReportSerializer(serializers.Serializer):
    """What an import did (courses.services.ImportReport); in a dry run, what it would do."""

    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    invalid = ImportProblemSerializer(many=True)
    left_out = serializers.DictField(
        child=serializers.IntegerField(), help_text="Rows not offered, counted by reason."
    )
    duplicates = ImportDuplicateSerializer(many=True)
    unmatched_skills = UnmatchedSkillSerializer(many=True)
    warnings = ImportProblemSerializer(many=True)


SKILL_LINKS = Prefetch("skill_links", queryset=ResourceSkill.objects.select_related("skill"))


class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue: published resources for everyone, drafts and archives for staff too."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = limits.SEARCH
    serializer_class = ResourceSerializer
    # Search, filters and ordering come from selectors.resource_search, through ResourceFilter.
    filter_backends = [DjangoFilterBackend]
    filterset_class = ResourceFilter

    def get_queryset(self) -> QuerySet:
        return Resource.objects.visible_to(self.request.user).select_related("provider")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if self.action == "list":  # one resource is read by id alone, as before
            queryset = super().filter_queryset(queryset)
        return queryset.prefetch_related(SKILL_LINKS)

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "ImportRequest",
                {
                    "file": serializers.FileField(),
                    "format": serializers.ChoiceField(sorted(FORMATS), required=False),
                    "mapping": serializers.ChoiceField(sorted(MAPPINGS), required=False),
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
        throttle_classes=[limits.CatalogueImports],
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request: Request) -> Response:
        """Staff only: import a resource file; answers the same report as the command."""
        data = cast(QueryDict, request.data)  # a multipart or form body (parser_classes)
        form = ImportForm(data, request.FILES)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        dry_run = str(data.get("dry_run", "")).lower() in {"1", "true", "yes", "on"}
        upload = form.cleaned_data["file"]
        # An unreadable file raises UnreadableFile: a 400 naming `file` (reconversion.api_errors).
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
        return Response(ImportReportSerializer(report).data)
