from django.contrib import admin

from .models import Occupation, OccupationSkill, Sector, Skill, SkillGroup, SnapshotLoad


class MarksHandEdits(admin.ModelAdmin):
    """Saving an imported row by hand flags it `curated`, so re-imports leave the edit alone.

    A curator hands the row back to the importer by unticking "hand-edited" and saving.
    """

    def save_model(self, request, obj, form, change):
        if change and form.changed_data and "curated" not in form.changed_data:
            obj.curated = True
        super().save_model(request, obj, form, change)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "name_fr", "slug")
    search_fields = ("name", "name_fr", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(SkillGroup)
class SkillGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "source", "parent")
    list_filter = ("source",)
    search_fields = ("name", "code", "uri")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)


@admin.register(Skill)
class SkillAdmin(MarksHandEdits, admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "source",
        "is_ai",
        "is_digital",
        "is_hot",
        "curated",
        "uri",
    )
    list_filter = ("source", "kind", "is_ai", "is_digital", "is_hot", "curated")
    # search_text holds every label (English, French, alternative) lower-cased.
    search_fields = ("search_text", "uri")
    raw_id_fields = ("groups",)
    list_per_page = 50


class OccupationSkillInline(admin.TabularInline):
    model = OccupationSkill
    extra = 1
    autocomplete_fields = ("skill",)


@admin.register(Occupation)
class OccupationAdmin(MarksHandEdits, admin.ModelAdmin):
    list_display = (
        "title",
        "code",
        "source",
        "is_target",
        "isco_group",
        "ai_exposure_beta",
        "us_median_pay",
        "curated",
    )
    list_filter = ("source", "is_target", "sectors", "curated", "published_via")
    # Published figures come from the source files (import_exposure), never from a hand edit.
    readonly_fields = (
        "ai_exposure_beta",
        "ai_applicability",
        "us_median_pay",
        "us_median_pay_at_least",
        "published_codes",
        "published_via",
    )
    search_fields = ("title", "title_fr", "code", "alt_labels")
    filter_horizontal = ("sectors",)
    autocomplete_fields = ("extends",)
    inlines = [OccupationSkillInline]
    list_per_page = 50

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # Editing required skills by hand is a hand edit of the occupation too.
        if change and formset.has_changed() and "curated" not in form.changed_data:
            Occupation.objects.filter(pk=form.instance.pk).update(curated=True)


@admin.register(OccupationSkill)
class OccupationSkillAdmin(admin.ModelAdmin):
    list_display = ("occupation", "skill", "level", "weight", "essential", "in_demand")
    list_filter = ("essential", "in_demand", "level", "occupation__is_target")
    search_fields = ("occupation__title", "occupation__code", "skill__name")
    autocomplete_fields = ("occupation", "skill")
    list_select_related = ("occupation", "skill")


@admin.register(SnapshotLoad)
class SnapshotLoadAdmin(admin.ModelAdmin):
    """Which shipped taxonomy snapshot this database was loaded from, and when: read only."""

    list_display = ("name", "digest", "loaded_at")
    readonly_fields = ("name", "digest", "counts", "loaded_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
