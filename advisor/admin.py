from django.contrib import admin

from .models import (
    Assessment,
    CounsellorAccess,
    LearningPath,
    PathStep,
    Profile,
    ProfileSkill,
    Transition,
)


class ProfileSkillInline(admin.TabularInline):
    model = ProfileSkill
    extra = 0
    autocomplete_fields = ("skill",)
    raw_id_fields = ("validated_by",)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "current_occupation", "weekly_hours", "budget", "horizon_weeks")
    search_fields = ("user__username", "user__email", "current_occupation__title")
    list_select_related = ("user", "current_occupation")
    raw_id_fields = ("user", "current_occupation")
    filter_horizontal = ("sectors",)
    inlines = [ProfileSkillInline]


@admin.register(ProfileSkill)
class ProfileSkillAdmin(admin.ModelAdmin):
    list_display = ("profile", "skill", "level", "source", "validated_at")
    list_filter = ("source", "level")
    search_fields = ("profile__user__username", "skill__name")
    raw_id_fields = ("profile", "skill", "validated_by")
    list_select_related = ("profile__user", "skill")


@admin.register(CounsellorAccess)
class CounsellorAccessAdmin(admin.ModelAdmin):
    list_display = ("client", "counsellor", "granted_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("client__username", "counsellor__username")
    raw_id_fields = ("client", "counsellor", "revoked_by")
    list_select_related = ("client", "counsellor")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("id", "profile", "target", "status", "readiness", "created_at", "finished_at")
    list_filter = ("status", "engine_version")
    search_fields = ("profile__user__username", "target__title", "target__code")
    raw_id_fields = ("profile", "target")
    list_select_related = ("profile__user", "target")
    readonly_fields = ("created_at", "started_at", "finished_at")


class PathStepInline(admin.TabularInline):
    model = PathStep
    extra = 0
    raw_id_fields = ("resource",)


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin):
    list_display = ("id", "profile", "total_hours", "total_cost", "weeks_to_ready", "approved_at")
    list_filter = ("approved_at",)
    search_fields = ("profile__user__username",)
    raw_id_fields = ("assessment", "profile", "approved_by")
    list_select_related = ("profile__user",)
    inlines = [PathStepInline]


@admin.register(PathStep)
class PathStepAdmin(admin.ModelAdmin):
    list_display = ("path", "order", "resource", "status", "week_start", "week_end")
    list_filter = ("status",)
    search_fields = ("resource__title", "path__profile__user__username")
    raw_id_fields = ("path", "resource")
    list_select_related = ("path", "resource")


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    """Computed by `compute_transitions`; shown for checking, never edited by hand."""

    list_display = ("source", "rank", "target", "score", "skill_score", "text_score", "version")
    list_filter = ("version",)
    search_fields = ("source__title", "source__code", "target__title", "target__code")
    list_select_related = ("source", "target")
    raw_id_fields = ("source", "target")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
