"""Counsellor workspace pages and the client's consent page. Thin: selectors read, services write.

Every client-scoped lookup goes through `selectors.clients_visible_to` (and the *_visible_to
QuerySets built on it), so a counsellor without an active grant gets 404, never a hint.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from advisor.models import CounsellorAccess
from advisor.selectors import steps_explained
from skills.levels import LEVEL_CHOICES

from . import analytics, charts, exports, selectors
from .forms import (
    AddStepForm,
    ApproveForm,
    CaseloadFilterForm,
    CodeForm,
    InvitationForm,
    MoveStepForm,
    NoteForm,
    RemoveStepForm,
    ValidateSkillForm,
    apply_errors,
)
from .models import AccessInvitation
from .services import consent, notes, plans

CASELOAD_PAGE_SIZE = 50


def counsellor_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.is_counsellor(request.user):
            raise PermissionDenied(_("This page is for career counsellors."))
        return view(request, *args, **kwargs)

    return wrapper


def _csv_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- caseload -------------------------------------------------------------------------------


@counsellor_required
def caseload(request):
    form = CaseloadFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.caseload_filtered(
        request.user,
        flag=filters.get("flag", ""),
        target=filters.get("target", ""),
        search=filters.get("q", ""),
        ordering=filters.get("sort", ""),
    )
    page = Paginator(qs, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "counselling/caseload.html",
        {
            "form": form,
            "page": page,
            "targets": selectors.caseload_targets(request.user),
            "stalled_weeks": selectors.STALLED_WEEKS,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@counsellor_required
def caseload_csv(request):
    rows = exports.caseload_rows(request.user)
    return _csv_response(exports.to_csv(rows, exports.CASELOAD_COLUMNS), "caseload.csv")


def _chart_context(data: analytics.Analytics) -> dict:
    return {
        "data": data,
        "readiness_chart": charts.bar_chart(
            list(data.readiness_distribution),
            list(data.readiness_distribution.values()),
            title=_("Clients by readiness for their target role"),
        ),
        "missing_chart": charts.hbar_chart(
            [s for s, _n in data.missing_skills],
            [n for _s, n in data.missing_skills],
            title=_("Skills most often missing (clients)"),
        ),
        "progress_chart": charts.line_chart(
            [w for w, _n in data.progress],
            [n for _w, n in data.progress],
            title=_("Steps completed per week"),
        ),
    }


@counsellor_required
def caseload_analytics(request):
    context = _chart_context(analytics.caseload_analytics(request.user))
    return render(request, "counselling/analytics.html", context)


@login_required
def staff_analytics(request):
    if not request.user.is_staff:
        raise PermissionDenied(_("This page is for staff."))
    context = _chart_context(analytics.analytics_for(analytics.job_seekers()))
    context["groups"] = analytics.staff_groups()
    context["min_group"] = analytics.MIN_GROUP
    return render(request, "counselling/staff_analytics.html", context)


# --- invitations (counsellor side) ------------------------------------------------------------


@counsellor_required
@require_http_methods(["GET", "POST"])
def invitations(request):
    form = InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                inv = consent.invitation_create(
                    counsellor=request.user,
                    client_identifier=form.cleaned_data["client"],
                    message=form.cleaned_data["message"],
                    valid_days=form.cleaned_data["valid_days"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Invitation created: code %(code)s.") % {"code": inv.code}
                )
                return redirect("counselling:invitations")
        status = 400
    return render(
        request,
        "counselling/invitations.html",
        {"form": form, "invitations": selectors.invitations_sent_by(request.user)[:100]},
        status=status,
    )


@counsellor_required
@require_POST
def invitation_cancel(request, invitation_id: int):
    inv = get_object_or_404(AccessInvitation, pk=invitation_id, counsellor=request.user)
    consent.invitation_cancel(invitation=inv, counsellor=request.user)
    messages.success(request, _("Invitation cancelled."))
    return redirect("counselling:invitations")


# --- one client ---------------------------------------------------------------------------------


def _client_context(request, client, **forms) -> dict:
    path = selectors.latest_path(client)
    steps = steps_explained(list(selectors.path_steps(path))) if path else []
    edits = list(selectors.path_edits(path)) if path else []
    assessments = list(selectors.client_assessments(client)[:20])
    latest_done = next((a for a in assessments if a.status == a.Status.DONE), None)
    gap_rows = selectors.assessment_gap_rows(latest_done) if latest_done else []
    radar = (
        charts.radar_chart(
            [r.skill.label for r in gap_rows[:12]],
            [r.required for r in gap_rows[:12]],
            [r.current for r in gap_rows[:12]],
            title=_("Current level against required level"),
        )
        if gap_rows
        else None
    )
    query = request.GET.get("q", "")[:100]
    return {
        "client": client,
        "profile": getattr(client, "profile", None),
        "skills": [
            {"ps": ps, "form": forms.get("skill_forms", {}).get(ps.pk)}
            for ps in selectors.client_skills(client)
        ],
        "assessments": assessments,
        "latest_assessment": latest_done,
        "gap_rows": gap_rows,
        "radar": radar,
        "path": path,
        "steps": [
            {
                "step": step,
                "edits": step_edits,
                "remove_form": forms.get("step_forms", {}).get((step.pk, "remove")),
                "move_form": forms.get("step_forms", {}).get((step.pk, "move")),
            }
            for step, step_edits in selectors.steps_with_reasons(steps, edits)
        ],
        "removed": selectors.removed_edits(edits),
        "edits": edits,
        "approvals": list(path.approvals.select_related("counsellor")) if path else [],
        "notes": selectors.notes_visible_to(request.user).filter(client=client),
        "query": query,
        "search_results": selectors.catalogue_search(query) if query else [],
        "note_form": forms.get("note_form") or NoteForm(),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "add_form": forms.get("add_form"),
        "level_choices": LEVEL_CHOICES,
    }


def _client_page(request, client, status=200, **forms):
    return render(
        request, "counselling/client.html", _client_context(request, client, **forms), status=status
    )


def _back(client, anchor: str = ""):
    return redirect(reverse("counselling:client", args=[client.pk]) + anchor)


@counsellor_required
def client_detail(request, client_id: int):
    client = selectors.client_get(counsellor=request.user, client_id=client_id)
    return _client_page(request, client)


@counsellor_required
def client_plan_csv(request, client_id: int):
    client = selectors.client_get(counsellor=request.user, client_id=client_id)
    path = selectors.latest_path(client)
    rows = exports.plan_rows(path) if path else []
    return _csv_response(exports.to_csv(rows, exports.PLAN_COLUMNS), f"plan-{client.pk}.csv")


def _handle(request, client, form, action, success: str, anchor: str, error_forms: dict):
    """Validate `form`, run `action(cleaned_data)` and go back to the client's page.

    On failure the page is drawn again (400) with `error_forms` carrying the form's field errors.
    """
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return _back(client, anchor)
    return _client_page(request, client, status=400, **error_forms)


@counsellor_required
@require_POST
def client_note(request, client_id: int):
    client = selectors.client_get(counsellor=request.user, client_id=client_id)
    form = NoteForm(request.POST)
    return _handle(
        request,
        client,
        form,
        lambda d: notes.note_create(counsellor=request.user, client=client, body=d["body"]),
        _("Note saved."),
        "#notes",
        {"note_form": form},
    )


def _client_step(request, client_id: int, step_id: int):
    client = selectors.client_get(counsellor=request.user, client_id=client_id)
    step = get_object_or_404(
        selectors.steps_visible_to(request.user).select_related("path__profile__user"),
        pk=step_id,
        path__profile__user=client,
    )
    return client, step


@counsellor_required
@require_POST
def client_step_remove(request, client_id: int, step_id: int):
    client, step = _client_step(request, client_id, step_id)
    form = RemoveStepForm(request.POST)
    return _handle(
        request,
        client,
        form,
        lambda d: plans.path_step_remove(counsellor=request.user, step=step, reason=d["reason"]),
        _("Step removed."),
        "#path",
        {"step_forms": {(step.pk, "remove"): form}},
    )


@counsellor_required
@require_POST
def client_step_move(request, client_id: int, step_id: int):
    client, step = _client_step(request, client_id, step_id)
    form = MoveStepForm(request.POST)
    return _handle(
        request,
        client,
        form,
        lambda d: plans.path_step_move(
            counsellor=request.user, step=step, position=d["position"], reason=d["reason"]
        ),
        _("Step moved."),
        "#path",
        {"step_forms": {(step.pk, "move"): form}},
    )


@counsellor_required
@require_POST
def client_step_add(request, client_id: int):
    client = selectors.client_get(counsellor=request.user, client_id=client_id)
    path = get_object_or_404(
        selectors.paths_visible_to(request.user)
        .filter(profile__user=client)
        .order_by("-created_at", "-id")[:1]
    )
    form = AddStepForm(request.POST)
    return _handle(
        request,
        client,
        form,
        lambda d: plans.path_step_add(
            counsellor=request.user,
            path=path,
            resource=d["resource"],
            position=d["position"],
            reason=d["reason"],
        ),
        _("Step added."),
        "#path",
        {"add_form": form},
    )


@counsellor_required
@require_POST
def client_approve(request, client_id: int):
    client = selectors.client_get(counsellor=request.user, client_id=client_id)
    path = selectors.latest_path(client)
    if path is None:
        form = ApproveForm(request.POST)
        form.is_valid()
        form.add_error(None, _("This client has no plan yet."))
        return _client_page(request, client, status=400, approve_form=form)
    form = ApproveForm(request.POST)
    return _handle(
        request,
        client,
        form,
        lambda d: plans.path_approve(counsellor=request.user, path=path, comment=d["comment"]),
        _("Plan approved: the client can see it now."),
        "#path",
        {"approve_form": form},
    )


@counsellor_required
@require_POST
def client_skill_validate(request, client_id: int, skill_id: int):
    client = selectors.client_get(counsellor=request.user, client_id=client_id)
    ps = get_object_or_404(
        selectors.profile_skills_visible_to(request.user).select_related("profile__user"),
        pk=skill_id,
        profile__user=client,
    )
    form = ValidateSkillForm(request.POST)
    return _handle(
        request,
        client,
        form,
        lambda d: notes.profile_skill_validate(
            counsellor=request.user, profile_skill=ps, level=d["level"], note=d["note"]
        ),
        _("Skill level validated."),
        "#skills",
        {"skill_forms": {ps.pk: form}},
    )


# --- the client's consent page ----------------------------------------------------------------


def _my_context(request, code_form=None) -> dict:
    return {
        "grants": selectors.grants_of_client(request.user),
        "invitations": selectors.open_invitations_for(request.user),
        "events": selectors.access_log_of_client(request.user)[:50],
        "code_form": code_form or CodeForm(),
        "plan": selectors.approved_plan_for(request.user),
    }


@login_required
@require_http_methods(["GET", "POST"])
def my_counsellors(request):
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                grant = consent.invitation_accept_code(
                    client=request.user, code=form.cleaned_data["code"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s can now follow your plan.")
                    % {"name": grant.counsellor.get_full_name() or grant.counsellor.username},
                )
                return redirect("counselling:my-counsellors")
        return render(
            request, "counselling/my_counsellors.html", _my_context(request, form), status=400
        )
    return render(request, "counselling/my_counsellors.html", _my_context(request))


@login_required
@require_POST
def my_grant_revoke(request, grant_id: int):
    grant = get_object_or_404(
        CounsellorAccess, pk=grant_id, client=request.user, revoked_at__isnull=True
    )
    consent.access_revoke(grant=grant, actor=request.user)
    messages.success(request, _("Access revoked: this counsellor no longer sees your plan."))
    return redirect("counselling:my-counsellors")


@login_required
@require_POST
def my_invitation_accept(request, invitation_id: int):
    inv = get_object_or_404(selectors.open_invitations_for(request.user), pk=invitation_id)
    try:
        consent.invitation_accept(invitation=inv, client=request.user)
    except ValidationError:
        messages.error(request, _("This invitation is no longer open."))
    else:
        messages.success(request, _("Access granted."))
    return redirect("counselling:my-counsellors")


@login_required
@require_POST
def my_invitation_decline(request, invitation_id: int):
    inv = get_object_or_404(selectors.open_invitations_for(request.user), pk=invitation_id)
    consent.invitation_decline(invitation=inv, client=request.user)
    messages.success(request, _("Invitation declined."))
    return redirect("counselling:my-counsellors")
