from django.contrib import admin

from .models import Occupation, OccupationSkill, Sector, Skill


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "name_fr", "slug")
    search_fields = ("name", "name_fr", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "source", "is_ai", "is_digital", "ai_exposure", "uri")
    list_filter = ("source", "kind", "is_ai", "is_digital")
    search_fields = ("name", "name_fr", "uri", "alt_labels")
    list_per_page = 50


class OccupationSkillInline(admin.TabularInline):
    model = OccupationSkill
    extra = 1
    autocomplete_fields = ("skill",)


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "source", "is_target", "isco_group", "ai_exposure")
    list_filter = ("source", "is_target", "sectors")
    search_fields = ("title", "title_fr", "code", "alt_labels")
    filter_horizontal = ("sectors",)
    autocomplete_fields = ("extends",)
    inlines = [OccupationSkillInline]
    list_per_page = 50


@admin.register(OccupationSkill)
class OccupationSkillAdmin(admin.ModelAdmin):
    list_display = ("occupation", "skill", "level", "weight", "essential")
    list_filter = ("essential", "level", "occupation__is_target")
    search_fields = ("occupation__title", "occupation__code", "skill__name")
    autocomplete_fields = ("occupation", "skill")
    list_select_related = ("occupation", "skill")
