"""Public, read-only reference data: visitors browse before signing up."""

from django.db.models import Prefetch, QuerySet
from django_filters import rest_framework as filters
from rest_framework import permissions, serializers, viewsets

from accounts import limits

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
        ]


class RequiredSkillSerializer(serializers.ModelSerializer):
    skill = SkillSerializer(read_only=True)

    class Meta:
        model = OccupationSkill
        fields = ["skill", "level", "weight", "essential", "in_demand"]


class PublishedFiguresSerializer(serializers.ModelSerializer):
    """Published AI exposure and US pay of an occupation (docs/ai-exposure-and-pay.md).

    Serialize `occupation.published_figures_from`: an AI-era role has none of its own and
    carries those of the occupation it extends, named in `figures_of`.
    """

    figures_of = serializers.CharField(source="code", read_only=True)
    ai_exposure_eloundou_beta = serializers.FloatField(
        source="ai_exposure_beta",
        read_only=True,
        allow_null=True,
        help_text="Eloundou et al. 2024 (GPTs are GPTs), human-rated β, 0–1: share of the "
        "job's tasks an LLM could do at least twice as fast. Tasks AI can help with, not job loss.",
    )
    ai_applicability_tomlinson = serializers.FloatField(
        source="ai_applicability",
        read_only=True,
        allow_null=True,
        help_text="Tomlinson et al. 2025 (Working with AI), 0–1: how much of the job's work "
        "activities people already do with an AI assistant, and how successfully.",
    )
    us_median_annual_pay_usd = serializers.IntegerField(
        source="us_median_pay",
        read_only=True,
        allow_null=True,
        help_text="BLS OEWS May 2021, US national annual median wage in USD (not a French salary).",
    )
    us_median_annual_pay_is_lower_bound = serializers.BooleanField(
        source="us_median_pay_at_least",
        read_only=True,
        help_text="True where BLS publishes only '$208,000 or more'.",
    )
    onet_soc_codes = serializers.ListField(
        source="published_codes", child=serializers.CharField(), read_only=True
    )
    carried_by = serializers.CharField(
        source="published_via",
        read_only=True,
        help_text="direct (O*NET code), crosswalk (ESCO → O*NET), parent (the crosswalk of the "
        "broader ESCO occupation), or empty when no source covers the occupation.",
    )

    class Meta:
        model = Occupation
        fields = [
            "figures_of",
            "ai_exposure_eloundou_beta",
            "ai_applicability_tomlinson",
            "us_median_annual_pay_usd",
            "us_median_annual_pay_is_lower_bound",
            "onet_soc_codes",
            "carried_by",
        ]


class OccupationSerializer(serializers.ModelSerializer):
    sectors: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    extends: serializers.SlugRelatedField = serializers.SlugRelatedField(
        read_only=True, slug_field="code", allow_null=True
    )
    published_figures = PublishedFiguresSerializer(source="published_figures_from", read_only=True)

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
            "published_figures",
        ]


class OccupationDetailSerializer(OccupationSerializer):
    required_skills = RequiredSkillSerializer(many=True, read_only=True)

    class Meta(OccupationSerializer.Meta):
        fields = [*OccupationSerializer.Meta.fields, "description_fr", "required_skills"]


class ReadOnlyPublic(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    throttle_classes = limits.SEARCH


class SectorViewSet(ReadOnlyPublic):
    serializer_class = SectorSerializer
    lookup_field = "slug"
    search_fields = ["name", "name_fr"]

    def get_queryset(self) -> QuerySet:
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

    def get_queryset(self) -> QuerySet:
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

    def get_queryset(self) -> QuerySet:
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

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "retrieve":
            return OccupationDetailSerializer
        return OccupationSerializer
