"""Public, read-only reference data: visitors browse before signing up."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from rest_framework import permissions, serializers, viewsets

from .models import Occupation, OccupationSkill, Sector, Skill
from .selectors import (
    occupations_visible_to,
    sectors_visible_to,
    skill_search,
    skills_visible_to,
)


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name", "name_fr", "description", "description_fr"]


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = [
            "id",
            "uri",
            "source",
            "name",
            "name_fr",
            "kind",
            "description",
            "alt_labels",
            "is_ai",
            "is_digital",
            "is_hot",
            "ai_exposure",
        ]


class RequiredSkillSerializer(serializers.ModelSerializer):
    skill = SkillSerializer(read_only=True)

    class Meta:
        model = OccupationSkill
        fields = ["skill", "level", "weight", "essential", "in_demand"]


class OccupationSerializer(serializers.ModelSerializer):
    sectors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    extends = serializers.SlugRelatedField(read_only=True, slug_field="code")

    class Meta:
        model = Occupation
        fields = [
            "code",
            "uri",
            "source",
            "title",
            "title_fr",
            "description",
            "alt_labels",
            "isco_group",
            "job_zone",
            "sectors",
            "is_target",
            "extends",
            "ai_exposure",
        ]


class OccupationDetailSerializer(OccupationSerializer):
    required_skills = RequiredSkillSerializer(many=True, read_only=True)

    class Meta(OccupationSerializer.Meta):
        fields = [*OccupationSerializer.Meta.fields, "description_fr", "required_skills"]


class ReadOnlyPublic(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]


class SectorViewSet(ReadOnlyPublic):
    serializer_class = SectorSerializer
    lookup_field = "slug"
    search_fields = ["name", "name_fr"]

    def get_queryset(self):
        return sectors_visible_to(self.request.user)


class SkillFilter(filters.FilterSet):
    class Meta:
        model = Skill
        fields = ["kind", "source", "is_ai", "is_digital"]


class SkillViewSet(ReadOnlyPublic):
    """Skills; `?search=` matches labels and alternative labels, best match first
    (autocompletes)."""

    serializer_class = SkillSerializer
    filterset_class = SkillFilter
    # `search` is handled by skill_search (labels, alternative labels, trigram index), not by
    # DRF's SearchFilter, which has no field list here and so leaves the queryset alone.
    search_fields = None
    ordering_fields = ["name"]

    def get_queryset(self):
        queryset = skills_visible_to(self.request.user)
        query = self.request.query_params.get("search", "")
        if query.strip():
            return skill_search(query, queryset=queryset)
        return queryset


class OccupationFilter(filters.FilterSet):
    sector = filters.CharFilter(field_name="sectors__slug", label="sector slug")

    class Meta:
        model = Occupation
        fields = ["sector", "is_target", "source"]


class OccupationViewSet(ReadOnlyPublic):
    serializer_class = OccupationSerializer
    filterset_class = OccupationFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    search_fields = ["title", "title_fr", "code"]
    ordering_fields = ["title", "code"]

    def get_queryset(self):
        queryset = (
            occupations_visible_to(self.request.user)
            .select_related("extends")
            .prefetch_related("sectors")
            .distinct()
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "required_skills",
                    queryset=OccupationSkill.objects.select_related("skill"),
                )
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return OccupationDetailSerializer
        return OccupationSerializer
