"""The job-seeker's pages. Thin: reads from the selectors, writes through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts.limits import AssessmentRequests, limited
from courses.languages import language_name
from courses.models import Resource
from skills.levels import LEVEL_CHOICES, MAX_LEVEL
from skills.models import Occupation, Sector, Skill

from . import charts, dates, moves, proposals, selectors, services
from .engine.transitions import SAFER_EXPOSURE_DROP, SAFER_PAY_MARGIN
from .forms import (
    ConstraintsForm,
    CvTextForm,
    OccupationForm,
    PlanRequestForm,
    PreferencesForm,
    SectorsForm,
    SkillLevelsForm,
    SkillProposalForm,
    SkillRow,
    StepStatusForm,
)
from .models import Assessment, PathStep, ProfileSkill

ONBOARDING_STEPS = [
    ("occupation", gettext_lazy("Your job")),
    ("skills", gettext_lazy("Your skills")),
    ("sectors", gettext_lazy("Sectors")),
    ("constraints", gettext_lazy("Time and budget")),
    ("preferences", gettext_lazy("Languages and formats")),
]
STEP_NAMES = [name for name, _label in ONBOARDING_STEPS]


def home(request):
    sectors = Sector.objects.annotate(
        role_count=Count("occupations", filter=Q(occupations__is_target=True))
    ).order_by("name")
    context = {
        "sectors": sectors,
        "resource_count": Resource.objects.published().count(),
    }
    return render(request, "home.html", context)


def _errors_to_form(form, error: ValidationError) -> None:
    """The services validate again; what they refuse shows at the field it concerns."""
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


def _save(form, profile, **fields) -> None:
    try:
        services.profile_update(profile=profile, **fields)
    except ValidationError as error:
        _errors_to_form(form, error)


def _next_step_url(step: str) -> str:
    index = STEP_NAMES.index(step)
    if index + 1 < len(STEP_NAMES):
        return reverse("advisor:onboarding", args=[STEP_NAMES[index + 1]])
    return reverse("advisor:roles")


def _profile_skills(profile):
    return [
        (ps.skill, ps.level)
        for ps in ProfileSkill.objects.filter(profile=profile).select_related("skill")
    ]


def _posted_proposals(request, profile) -> list[SkillRow]:
    """The CV proposals the person is answering, with the level each skill has now."""
    ids = {int(raw) for raw in request.POST.getlist("skill") if raw.isdecimal()}
    current = selectors.profile_skill_levels(profile=profile)
    return [
        SkillRow(skill, f"level_{skill.pk}", current=current.get(skill.pk))
        for skill in Skill.objects.filter(pk__in=ids).order_by("name")
    ]


@login_required
def onboarding(request, step: str):
    if step not in STEP_NAMES:
        raise Http404
    profile = selectors.profile_get_or_create(user=request.user)
    data = request.POST if request.method == "POST" else None
    context = {"step": step, "steps": ONBOARDING_STEPS, "skip_url": _next_step_url(step)}
    query = request.GET.get("q", "")
    refused = _nul_refused(query)
    if refused:
        return refused
    if query and step == "occupation":
        # Without JavaScript the search form reloads the page with the matches.
        results = selectors.occupation_search(query=query)
        selected = selectors.occupation_preselected(results, profile.current_occupation_id)
        context.update(q=query, results=results, selected=selected)
    elif query and step == "skills":
        context.update(_skill_results_context(request, query))

    if step == "occupation":
        form = OccupationForm(data, initial={"occupation": profile.current_occupation_id})
        context["current"] = profile.current_occupation
        if form.is_bound and form.is_valid():
            occupation = form.cleaned_data["occupation"]
            _save(form, profile, current_occupation=occupation)
    elif step == "skills":
        form = SkillLevelsForm(data, saved=_profile_skills(profile))
        if form.is_bound and form.is_valid():
            try:
                services.profile_skills_merge(
                    profile=profile,
                    levels=form.levels(),
                    remove=form.removed(),
                    source=ProfileSkill.Source.SELF,
                )
            except ValidationError as error:
                _errors_to_form(form, error)
    elif step == "sectors":
        form = SectorsForm(data, initial={"sectors": list(profile.sectors.all())})
        if form.is_bound and form.is_valid():
            _save(form, profile, sectors=form.cleaned_data["sectors"])
    elif step == "constraints":
        form = ConstraintsForm(data, instance=profile)
        if form.is_bound and form.is_valid():
            _save(form, profile, **form.cleaned_data)
    else:
        form = PreferencesForm(
            data,
            initial={
                "languages": profile.languages,
                "formats": profile.formats,
                "wants_certificates": profile.wants_certificates,
                "priority": profile.priority,
            },
        )
        if form.is_bound and form.is_valid():
            _save(form, profile, **form.cleaned_data)

    if form.is_bound and form.is_valid():
        messages.success(request, _("Saved."))
        if "stay" in request.POST:
            return redirect("advisor:onboarding", step=step)
        if step == "occupation" and selectors.job_skills(occupation=occupation).exists():
            return redirect("advisor:skills-from-job")
        return redirect(_next_step_url(step))
    context["form"] = form
    status = 400 if form.is_bound else 200
    return render(request, f"advisor/onboarding_{step}.html", context, status=status)


def _nul_refused(query: str) -> HttpResponse | None:
    """A search text with a NUL character (no label has one; PostgreSQL refuses it) is answered
    400, naming the field."""
    if "\x00" in query:
        return HttpResponse(
            _("q: a NUL character is not allowed."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return None


@require_GET
def occupation_search(request):
    refused = _nul_refused(request.GET.get("q", ""))
    if refused:
        return refused
    results = selectors.occupation_search(query=request.GET.get("q", ""))
    selected = selectors.occupation_preselected(results, None)
    return render(
        request,
        "advisor/_occupation_results.html",
        {"results": results, "q": request.GET.get("q"), "selected": selected},
    )


def _skill_results_context(request, query: str) -> dict:
    """Matching skills, each with the level the person already has (if signed in and saved)."""
    results = selectors.skill_search(query=query)
    saved = {}
    if request.user.is_authenticated and results:
        profile = selectors.profile_get_or_create(user=request.user)
        saved = selectors.profile_skill_levels(profile=profile)
    return {
        "q": query,
        "results": [(skill, saved.get(skill.pk)) for skill in results],
        "level_choices": LEVEL_CHOICES,
    }


@require_GET
def skill_search(request):
    refused = _nul_refused(request.GET.get("q", ""))
    if refused:
        return refused
    context = _skill_results_context(request, request.GET.get("q", ""))
    return render(request, "advisor/_skill_results.html", context)


@login_required
def dashboard(request):
    profile = selectors.profile_get_or_create(user=request.user)
    profile = type(profile).objects.select_related("current_occupation").get(pk=profile.pk)
    context = {
        "profile": profile,
        "sectors": list(profile.sectors.all()),
        # Named for people ("French · online"), never the stored codes.
        "language_names": [language_name(code) for code in profile.languages or []],
        "format_names": [
            dict(Resource.Format.choices).get(code, code) for code in profile.formats or []
        ],
        "skills": _profile_skills(profile),
        "max_level": MAX_LEVEL,
        "assessments": selectors.assessments_visible_to(request.user).select_related("target")[:5],
        "steps": ONBOARDING_STEPS,
    }
    return render(request, "advisor/dashboard.html", context)


@login_required
def skills_from_text(request):
    profile = selectors.profile_get_or_create(user=request.user)
    if request.method == "POST" and "accept" in request.POST:
        # Second step: the person keeps, edits or leaves out each proposed skill.
        return _accept_proposals(
            request,
            profile,
            source=ProfileSkill.Source.CV,
            template="advisor/skills_from_text.html",
            context={"form": CvTextForm()},
        )
    form = CvTextForm(request.POST or None)
    proposal = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            found = proposals.suggest_skills_from_text(
                text=form.cleaned_data["text"],
                current=selectors.profile_skill_levels(profile=profile),
            )
            proposal = SkillProposalForm(proposals=found)
            if not found:
                messages.info(request, _("We found no skill in this text. Try adding details."))
        else:
            status = 400
    return render(
        request,
        "advisor/skills_from_text.html",
        {"form": form, "proposal": proposal},
        status=status,
    )


def _accept_proposals(request, profile, *, source: str, template: str, context: dict):
    """The person keeps, edits or leaves out each proposed skill; only what they change or add
    is written."""
    form = SkillProposalForm(request.POST, proposals=_posted_proposals(request, profile))
    if not form.is_valid():
        return render(request, template, {**context, "proposal": form}, status=400)
    levels = form.levels()
    services.profile_skills_merge(profile=profile, levels=levels, remove=[], source=source)
    known = {row.skill.pk for row in form.rows if row.current is not None}
    added = len([pk for pk in levels if pk not in known])
    messages.success(
        request,
        _("Skills saved: %(added)d new, %(changed)d changed.")
        % {"added": added, "changed": len(levels) - added},
    )
    return redirect("advisor:onboarding", step="skills")


@login_required
def skills_from_job(request):
    """The skills essential to the person's current job, proposed for them to confirm."""
    profile = selectors.profile_get_or_create(user=request.user)
    job = profile.current_occupation
    if job is None:
        messages.info(request, _("Choose your current or last job first."))
        return redirect("advisor:onboarding", step="occupation")
    context = {"job": job}
    if request.method == "POST" and "accept" in request.POST:
        return _accept_proposals(
            request,
            profile,
            source=ProfileSkill.Source.SELF,
            template="advisor/skills_from_job.html",
            context=context,
        )
    saved = selectors.profile_skill_levels(profile=profile)
    proposals = [
        SkillRow(
            link.skill,
            f"level_{link.skill_id}",
            proposed=selectors.JOB_PROPOSED_LEVEL,
        )
        for link in selectors.job_skills(occupation=job)
        if link.skill_id not in saved
    ]
    context["proposal"] = SkillProposalForm(proposals=proposals) if proposals else None
    return render(request, "advisor/skills_from_job.html", context)


@login_required
def roles(request):
    profile = selectors.profile_get_or_create(user=request.user)
    cards, regulated_cards = selectors.role_suggestions_by_reach(profile=profile)
    has_skills = profile.skills.exists()
    context = {
        "cards": cards,
        "regulated_cards": regulated_cards,
        "has_skills": has_skills,
        "job_level": selectors.JOB_IMPLIED_LEVEL,
    }
    return render(request, "advisor/roles.html", context)


@login_required
def role_detail(request, pk: int):
    role = get_object_or_404(Occupation.objects.select_related("extends"), pk=pk, is_target=True)
    profile = selectors.profile_get_or_create(user=request.user)
    gap = selectors.role_gap(profile=profile, role=role)
    context = {
        "role": role,
        "description": role.localized("description"),
        "rows": gap.items,
        "readiness": gap.readiness_percent,
        "transferable": gap.transferable,
        "missing": gap.missing,
        "max_level": MAX_LEVEL,
        "radar": charts.radar(gap.items),
        "plan_form": PlanRequestForm(initial={"target": role.pk}),
        "needs_qualification": role.regulated
        and not selectors.holds_qualification(occupation=profile.current_occupation, role=role),
    }
    return render(request, "advisor/role_detail.html", context)


def transitions(request, pk: int):
    occupation = get_object_or_404(Occupation.objects.select_related("extends"), pk=pk)
    cards = moves.transition_cards(occupation=occupation)
    return render(
        request,
        "advisor/transitions.html",
        {
            "occupation": occupation,
            "cards": cards,
            "safer_drop": round(SAFER_EXPOSURE_DROP * 100),
            "safer_margin": round(SAFER_PAY_MARGIN * 100),
        },
    )


@login_required
@require_POST
@limited(AssessmentRequests)
def plan_request(request):
    form = PlanRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["target"]))
        return redirect("advisor:roles")
    profile = selectors.profile_get_or_create(user=request.user)
    assessment = services.assessment_create(profile=profile, target=form.cleaned_data["target"])
    return redirect("advisor:assessment", pk=assessment.pk)


def _assessment_for(request, pk: int) -> Assessment:
    return get_object_or_404(
        selectors.assessments_visible_to(request.user).select_related("target"), pk=pk
    )


@login_required
def assessment_detail(request, pk: int):
    assessment = _assessment_for(request, pk)
    context = {"assessment": assessment}
    if assessment.status == Assessment.Status.DONE:
        context.update(_plan_context(assessment))
    return render(request, "advisor/assessment.html", context)


def _plan_context(assessment: Assessment) -> dict:
    gap = selectors.assessment_gap(assessment=assessment)
    path = selectors.path_for(assessment=assessment)
    context = {
        "path": path,
        "rows": gap.items,
        "radar": charts.radar(gap.items),
        "alternatives": selectors.path_alternatives(assessment),
        "readiness": gap.readiness_percent or 0,
        "readiness_after": gap.readiness_after_percent,
        "open_skills": gap.open_skills,
    }
    if path is None:
        return context
    steps = selectors.steps_explained(
        list(path.steps.select_related("resource__provider").order_by("order"))
    )
    dates.steps_dated(path, steps, today=timezone.localdate())
    planned = [step for step in steps if not step.carried_over]
    ready = dates.ready_by(path, steps)
    context.update(
        steps=steps,
        timeline=charts.timeline(planned, ready.weeks),
        ready=ready,
        done_count=sum(1 for s in steps if s.status == PathStep.Status.DONE),
        status_choices=PathStep.Status.choices,
    )
    return context


@login_required
def assessment_status(request, pk: int):
    """Polled by htmx while the worker computes; reloads the page once the plan is ready."""
    assessment = _assessment_for(request, pk)
    if not request.htmx:  # opened directly, not polled: the page itself says the status
        return redirect("advisor:assessment", pk=assessment.pk)
    if assessment.status in (Assessment.Status.DONE, Assessment.Status.FAILED):
        return HttpResponseClientRefresh()
    return render(request, "advisor/_assessment_status.html", {"assessment": assessment})


@login_required
@require_POST
@limited(AssessmentRequests)
def reassess(request, pk: int):
    # Only the person themself starts assessments from these pages.
    previous = get_object_or_404(
        selectors.assessments_visible_to(request.user).filter(profile__user=request.user), pk=pk
    )
    assessment = services.assessment_create(profile=previous.profile, target=previous.target)
    messages.success(request, _("Re-assessment started with your current skills."))
    return redirect("advisor:assessment", pk=assessment.pk)


@login_required
@require_POST
@limited(AssessmentRequests)
def switch_path(request, pk: int):
    """Plan again toward the same role for another trade-off; steps done stay done (they carry
    over to the new path like at any re-assessment)."""
    previous = get_object_or_404(
        selectors.assessments_visible_to(request.user).filter(profile__user=request.user), pk=pk
    )
    try:
        assessment = services.assessment_create(
            profile=previous.profile,
            target=previous.target,
            objective=request.POST.get("objective", ""),
        )
    except ValidationError:
        messages.error(request, _("Choose one of the paths shown."))
        return redirect("advisor:assessment", pk=previous.pk)
    messages.success(request, _("Your plan now follows the path you chose."))
    return redirect("advisor:assessment", pk=assessment.pk)


@login_required
def history(request):
    assessments = selectors.assessments_visible_to(request.user).select_related("target")
    return render(request, "advisor/history.html", {"assessments": assessments})


@login_required
@require_POST
def step_status(request, pk: int):
    step = get_object_or_404(
        selectors.path_steps_visible_to(request.user).filter(path__profile__user=request.user),
        pk=pk,
    )
    form = StepStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status for this step."))
        return redirect("advisor:assessment", pk=step.path.assessment_id)
    services.path_step_status_set(step=step, status=form.cleaned_data["status"], user=request.user)
    messages.success(
        request,
        _("Step %(order)d is now: %(status)s.")
        % {"order": step.order, "status": step.get_status_display()},
    )
    return redirect(reverse("advisor:assessment", args=[step.path.assessment_id]) + "#steps")
