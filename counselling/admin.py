from django.contrib import admin

from .models import AccessEvent, AccessInvitation, Note, PathApproval, PathCarryOver, PathEdit


@admin.register(AccessInvitation)
class AccessInvitationAdmin(admin.ModelAdmin):
    list_display = ("code", "counsellor", "client", "created_at", "expires_at", "accepted_at")
    list_filter = ("accepted_at", "declined_at", "cancelled_at")
    search_fields = ("code", "counsellor__username", "client__username")
    raw_id_fields = ("counsellor", "client", "accepted_by")
    list_select_related = ("counsellor", "client")


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """The consent log is evidence: readable by staff, never edited."""

    list_display = ("at", "action", "client", "counsellor", "actor", "via")
    list_filter = ("action", "via")
    search_fields = ("client__username", "counsellor__username")
    list_select_related = ("client", "counsellor", "actor")
    readonly_fields = ("client", "counsellor", "actor", "action", "via", "invitation", "at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PathEdit)
class PathEditAdmin(admin.ModelAdmin):
    list_display = ("path", "action", "resource", "author", "created_at")
    list_filter = ("action",)
    search_fields = ("resource__title", "reason", "path__profile__user__username")
    raw_id_fields = ("path", "step", "resource", "author", "carried_from")
    list_select_related = ("path", "resource", "author")


@admin.register(PathApproval)
class PathApprovalAdmin(admin.ModelAdmin):
    list_display = ("path", "counsellor", "approved_at", "withdrawn_at")
    raw_id_fields = ("path", "counsellor")
    list_select_related = ("path", "counsellor")


@admin.register(PathCarryOver)
class PathCarryOverAdmin(admin.ModelAdmin):
    list_display = ("path", "previous_path", "kept", "created_at")
    list_filter = ("kept",)
    raw_id_fields = ("path", "previous_path")


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ("client", "author", "created_at")
    search_fields = ("client__username", "author__username", "body")
    raw_id_fields = ("client", "author")
    list_select_related = ("client", "author")
