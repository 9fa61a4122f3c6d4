import json
import secrets
import tempfile
from pathlib import Path

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skills.levels import LEVEL_CHOICES, MAX_LEVEL
from skills.models import Skill

from .forms import ImportForm
from .importing import UnreadableFile
from .levels import link_levels
from .models import Provider, Resource, ResourceSkill, ResourceStatusChange, SkillSuggestion
from .selectors import catalogue_gaps, demanded_skills, resources_closing_gap
from .services import (
    resource_suggestions_refresh,
    resources_import,
    resources_status_set,
    skill_suggestion_accept,
    skill_suggestion_reject,
)

# Uploads wait here between the dry run and the confirmation; outside MEDIA so never served.
UPLOAD_DIR = Path(tempfile.gettempdir()) / "reconversion-imports"
SESSION_KEY = "courses_pending_imports"


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "url")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class ResourceSkillInline(admin.TabularInline):
    model = ResourceSkill
    extra = 1
    autocomplete_fields = ("skill",)


class StatusChangeInline(admin.TabularInline):
    model = ResourceStatusChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("status history")

    def has_add_permission(self, request, obj=None):
        return False


class ClosesGapFilter(admin.SimpleListFilter):
    """`?closes=<skill id>-<level>`: what the catalogue-gaps page links to. Shown only when set."""

    title = gettext_lazy("would close a gap")
    parameter_name = "closes"

    def _parsed(self):
        skill_id, _sep, level = (self.value() or "").partition("-")
        if skill_id.isdecimal() and level.isdecimal() and 1 <= int(level) <= MAX_LEVEL:
            return int(skill_id), int(level)
        return None

    def lookups(self, request, model_admin):
        parsed = self._parsed()
        if parsed is None:
            return []
        skill = Skill.objects.filter(id=parsed[0]).first()
        label = _("%(skill)s at level %(level)d") % {
            "skill": skill.name if skill else "?",
            "level": parsed[1],
        }
        return [(self.value(), label)]

    def queryset(self, request, queryset):
        parsed = self._parsed()
        if parsed is None:
            return queryset
        closing = resources_closing_gap(skill_id=parsed[0], level=parsed[1])
        return queryset.filter(id__in=closing.values("id"))


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
        "certificate_price",
        "currency",
        "level",
        "rating",
    )
    list_filter = (
        ClosesGapFilter,
        "status",
        "kind",
        "format",
        "level",
        "language",
        "certificate",
        "provider",
    )
    search_fields = ("title", "description", "external_id", "url", "provider__name")
    list_select_related = ("provider",)
    readonly_fields = (
        "status",
        "status_changed_at",
        "status_changed_by",
        "created_at",
        "updated_at",
        "suggestions_link",
    )
    autocomplete_fields = ("provider",)
    inlines = [ResourceSkillInline, StatusChangeInline]
    list_per_page = 50
    actions = ["publish", "back_to_draft", "archive", "suggest_skills"]

    @admin.display(description=gettext_lazy("skill suggestions"))
    def suggestions_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:courses_resource_suggestions", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Review suggested skills"))

    def _set_status(self, request, queryset, status):
        changed, refused = resources_status_set(
            resources=queryset.select_related("provider"), status=status, user=request.user
        )
        if changed:
            self.message_user(
                request, _("%(count)d resource(s) updated.") % {"count": changed}, messages.SUCCESS
            )
        if refused:
            titles = ", ".join(f"“{r.title}”" for r in refused[:10])
            self.message_user(
                request,
                _(
                    "%(count)d resource(s) teach no skill yet and cannot be published: %(titles)s. "
                    "Tag the skills they teach first."
                )
                % {"count": len(refused), "titles": titles},
                messages.ERROR,
            )

    @admin.action(description=gettext_lazy("Publish selected resources"))
    def publish(self, request, queryset):
        self._set_status(request, queryset, Resource.Status.PUBLISHED)

    @admin.action(description=gettext_lazy("Move selected resources back to draft"))
    def back_to_draft(self, request, queryset):
        self._set_status(request, queryset, Resource.Status.DRAFT)

    @admin.action(description=gettext_lazy("Archive selected resources"))
    def archive(self, request, queryset):
        self._set_status(request, queryset, Resource.Status.ARCHIVED)

    @admin.action(description=gettext_lazy("Suggest skills for selected resources"))
    def suggest_skills(self, request, queryset):
        total = sum(len(resource_suggestions_refresh(resource=r)) for r in queryset)
        self.message_user(request, _("%(count)d skill suggestion(s) to review.") % {"count": total})

    def get_urls(self):
        urls = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="courses_resource_import",
            ),
            path(
                "catalogue-gaps/",
                self.admin_site.admin_view(self.gaps_view),
                name="courses_resource_gaps",
            ),
            path(
                "<int:pk>/suggestions/",
                self.admin_site.admin_view(self.suggestions_view),
                name="courses_resource_suggestions",
            ),
        ]
        return urls + super().get_urls()

    def _context(self, request, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
        }

    def import_view(self, request):
        """Upload → dry-run report → confirm. The upload waits server-side between the steps."""
        if not self.has_add_permission(request):
            return redirect("admin:index")
        context = self._context(request, _("Import resources"))
        pending = request.session.get(SESSION_KEY, {})
        if request.method == "POST" and "token" in request.POST:
            token = request.POST["token"]
            options = pending.pop(token, None)
            request.session[SESSION_KEY] = pending
            upload = UPLOAD_DIR / f"{token}.upload"
            if options is None or not upload.is_file():
                self.message_user(
                    request,
                    _("That upload has expired: please upload the file again."),
                    messages.ERROR,
                )
                return redirect("admin:courses_resource_import")
            try:
                if "cancel" in request.POST:
                    self.message_user(request, _("Import cancelled: nothing was written."))
                    return redirect("admin:courses_resource_import")
                report = resources_import(content=upload.read_bytes(), user=request.user, **options)
            except UnreadableFile as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return redirect("admin:courses_resource_import")
            finally:
                upload.unlink(missing_ok=True)
            self.message_user(request, report.summary().splitlines()[0], messages.SUCCESS)
            context.update(report=report, report_json=json.dumps(report.as_dict(), indent=2))
            return TemplateResponse(request, "admin/courses/resource/import.html", context)

        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            options = {
                "name": upload.name,
                "fmt": form.cleaned_data["format"] or None,
                "mapping": form.cleaned_data["mapping"] or None,
                "provider": form.cleaned_data["provider"] or None,
                "publish": form.cleaned_data["publish"],
            }
            try:
                report = resources_import(content=content, dry_run=True, **options)
            except UnreadableFile as exc:
                form.add_error("file", str(exc))
            else:
                token = secrets.token_urlsafe(16)
                UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
                (UPLOAD_DIR / f"{token}.upload").write_bytes(content)
                pending[token] = options
                request.session[SESSION_KEY] = pending
                context.update(report=report, token=token, file_name=upload.name)
        context["form"] = form
        return TemplateResponse(request, "admin/courses/resource/import.html", context)

    def gaps_view(self, request):
        context = self._context(request, _("Catalogue gaps"))
        roles = catalogue_gaps()
        context["roles"] = roles
        context["demanded"] = demanded_skills()
        context["open_roles"] = sum(1 for role in roles if role.gaps)
        return TemplateResponse(request, "admin/courses/resource/gaps.html", context)

    def suggestions_view(self, request, pk):
        resource = get_object_or_404(Resource, pk=pk)
        if not self.has_change_permission(request, resource):
            return redirect("admin:index")
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "refresh":
                resource_suggestions_refresh(resource=resource)
            elif action in ("accept", "reject"):
                suggestion = get_object_or_404(
                    SkillSuggestion, pk=request.POST.get("suggestion"), resource=resource
                )
                try:
                    if action == "accept":
                        level = int(request.POST.get("level", ""))
                        skill_suggestion_accept(
                            suggestion=suggestion, level=level, user=request.user
                        )
                        self.message_user(
                            request,
                            _("Tagged with %(skill)s at level %(level)d.")
                            % {"skill": suggestion.skill.name, "level": level},
                            messages.SUCCESS,
                        )
                    else:
                        skill_suggestion_reject(suggestion=suggestion, user=request.user)
                except (ValueError, ValidationError) as exc:
                    message = (
                        exc.messages[0]
                        if isinstance(exc, ValidationError)
                        else _("Choose a level from 1 to %(high)s.") % {"high": MAX_LEVEL}
                    )
                    self.message_user(request, message, messages.ERROR)
            return redirect("admin:courses_resource_suggestions", pk=resource.pk)
        context = self._context(
            request, _("Suggested skills for “%(title)s”") % {"title": resource.title}
        )
        context.update(
            resource=resource,
            original=resource,
            suggestions=resource.suggestions.filter(decision=SkillSuggestion.Decision.PENDING)
            .select_related("skill")
            .order_by("-score"),
            tagged=resource.skill_links.select_related("skill"),
            levels=[choice for choice in LEVEL_CHOICES if choice[0] > 0],
            default_level=link_levels(resource.level, practice=resource.is_practice)[1],
        )
        return TemplateResponse(request, "admin/courses/resource/suggestions.html", context)


@admin.register(ResourceSkill)
class ResourceSkillAdmin(admin.ModelAdmin):
    list_display = ("resource", "skill", "level_required", "level_taught", "origin", "confidence")
    list_filter = ("origin", "level_taught", "resource__kind")
    search_fields = ("resource__title", "skill__name")
    autocomplete_fields = ("resource", "skill")
    list_select_related = ("resource", "skill")


@admin.register(SkillSuggestion)
class SkillSuggestionAdmin(admin.ModelAdmin):
    """The curators' review queue: links the linker was not sure enough of, with their evidence.

    Accepting tags the resource at the level its difficulty implies and publishes a draft that
    thereby teaches a skill; rejecting keeps the linker from ever proposing it again there.
    """

    list_display = (
        "resource",
        "skill",
        "score",
        "evidence",
        "resource_status",
        "decision",
        "decided_by",
    )
    list_filter = ("decision", "resource__status", "resource__provider", "resource__language")
    search_fields = ("resource__title", "skill__name", "evidence")
    list_select_related = ("resource", "resource__provider", "skill", "decided_by")
    readonly_fields = ("decided_by", "decided_at")
    autocomplete_fields = ("resource", "skill")
    ordering = ("-score",)
    actions = ["accept", "reject"]

    @admin.display(description=gettext_lazy("resource status"), ordering="resource__status")
    def resource_status(self, obj):
        return obj.resource.get_status_display()

    @admin.action(description=gettext_lazy("Accept: tag the resource with the skill"))
    def accept(self, request, queryset):
        accepted, published, refused = 0, 0, []
        for suggestion in queryset.filter(decision=SkillSuggestion.Decision.PENDING).select_related(
            "resource", "skill"
        ):
            resource = suggestion.resource
            level = link_levels(resource.level, practice=resource.is_practice)[1]
            try:
                skill_suggestion_accept(suggestion=suggestion, level=level, user=request.user)
            except ValidationError as exc:
                refused.append(f"“{suggestion.resource}” / {suggestion.skill}: {exc.messages[0]}")
                continue
            accepted += 1
            resource = suggestion.resource
            resource.refresh_from_db()
            if resource.status == Resource.Status.DRAFT:
                published += resources_status_set(
                    resources=[resource], status=Resource.Status.PUBLISHED, user=request.user
                )[0]
        self.message_user(
            request,
            _("%(accepted)d suggestion(s) accepted, %(published)d draft(s) published.")
            % {"accepted": accepted, "published": published},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(request, "; ".join(refused[:10]), messages.ERROR)

    @admin.action(description=gettext_lazy("Reject: the resource does not teach it"))
    def reject(self, request, queryset):
        count = 0
        for suggestion in queryset.filter(decision=SkillSuggestion.Decision.PENDING):
            skill_suggestion_reject(suggestion=suggestion, user=request.user)
            count += 1
        self.message_user(request, _("%(count)d suggestion(s) rejected.") % {"count": count})


@admin.register(ResourceStatusChange)
class ResourceStatusChangeAdmin(admin.ModelAdmin):
    """The curation history, read-only: it is written by the publish/archive actions."""

    list_display = ("resource", "from_status", "to_status", "changed_by", "changed_at")
    list_filter = ("to_status", "from_status")
    search_fields = ("resource__title", "changed_by__username", "note")
    list_select_related = ("resource", "changed_by")
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
