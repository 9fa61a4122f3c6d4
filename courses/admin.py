from django.contrib import admin

from .models import Provider, Resource, ResourceSkill


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "url")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class ResourceSkillInline(admin.TabularInline):
    model = ResourceSkill
    extra = 1
    autocomplete_fields = ("skill",)


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "provider",
        "kind",
        "status",
        "language",
        "format",
        "hours",
        "price",
        "currency",
        "level",
        "rating",
    )
    list_filter = ("status", "kind", "format", "level", "language", "certificate", "provider")
    search_fields = ("title", "description", "external_id", "url", "provider__name")
    list_select_related = ("provider",)
    readonly_fields = ("status_changed_at", "status_changed_by", "created_at", "updated_at")
    autocomplete_fields = ("provider",)
    inlines = [ResourceSkillInline]
    list_per_page = 50


@admin.register(ResourceSkill)
class ResourceSkillAdmin(admin.ModelAdmin):
    list_display = ("resource", "skill", "level_required", "level_taught")
    list_filter = ("level_taught", "resource__kind")
    search_fields = ("resource__title", "skill__name")
    autocomplete_fields = ("resource", "skill")
    list_select_related = ("resource", "skill")
