from django.db.models import Prefetch
from django_filters import rest_framework as filters
from rest_framework import permissions, serializers, viewsets

from .models import Resource, ResourceSkill


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
            "kind",
            "title",
            "description",
            "url",
            "language",
            "format",
            "hours",
            "price",
            "currency",
            "level",
            "rating",
            "rating_count",
            "certificate",
            "status",
            "skills",
        ]


class ResourceFilter(filters.FilterSet):
    provider = filters.CharFilter(field_name="provider__slug")
    price_min = filters.NumberFilter(field_name="price", lookup_expr="gte")
    price_max = filters.NumberFilter(field_name="price", lookup_expr="lte")
    hours_min = filters.NumberFilter(field_name="hours", lookup_expr="gte")
    hours_max = filters.NumberFilter(field_name="hours", lookup_expr="lte")
    skill = filters.CharFilter(field_name="skills__uri", label="skill URI", distinct=True)

    class Meta:
        model = Resource
        fields = ["kind", "language", "format", "level", "provider", "skill"]


class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue: published resources for everyone, drafts and archives for staff too."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ResourceSerializer
    filterset_class = ResourceFilter
    search_fields = ["title", "description", "provider__name"]
    ordering_fields = ["title", "price", "hours", "rating"]

    def get_queryset(self):
        return (
            Resource.objects.visible_to(self.request.user)
            .select_related("provider")
            .prefetch_related(
                Prefetch("skill_links", queryset=ResourceSkill.objects.select_related("skill"))
            )
            .order_by("title", "id")
        )
