from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import Resource
from skills.levels import LEVEL_CHOICES, LEVEL_VALIDATORS
from skills.models import Occupation, Sector, Skill


def default_languages() -> list[str]:
    return ["en"]


def default_formats() -> list[str]:
    return ["online"]


class Profile(models.Model):
    """Where a job-seeker stands and what they can give: one per user."""

    class Priority(models.TextChoices):
        # The engine's objectives (advisor.engine.planner.OBJECTIVES), in the person's words.
        SOONEST = "soonest", _("be ready as soon as possible")
        CHEAPEST = "cheapest", _("spend as little as possible")
        RECOGNISED = "recognised", _("get what employers recognise (certificates)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    current_occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+")
    weekly_hours = models.PositiveSmallIntegerField(_("hours per week"), default=5)
    budget = models.DecimalField(_("budget (EUR)"), max_digits=9, decimal_places=2, default=0)
    horizon_weeks = models.PositiveSmallIntegerField(_("horizon (weeks)"), default=26)
    languages = models.JSONField(_("languages"), default=default_languages, blank=True)
    formats = models.JSONField(_("formats"), default=default_formats, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    wants_certificates = models.BooleanField(
        _("wants certificates"),
        default=False,
        help_text=_("Plans then include the price of each course's certificate."),
    )
    priority = models.CharField(
        _("what matters most"), max_length=16, choices=Priority.choices, default=Priority.SOONEST
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=1, weekly_hours__lte=80),
                name="profile_weekly_hours_1_80",
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="profile_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(horizon_weeks__gte=1, horizon_weeks__lte=260),
                name="profile_horizon_1_260",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class ProfileSkill(models.Model):
    class Source(models.TextChoices):
        SELF = "self", _("self-assessed")
        CV = "cv", _("from CV")
        COUNSELLOR = "counsellor", _("counsellor")
        PATH = "path", _("completed path step")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LEVEL_CHOICES, validators=LEVEL_VALIDATORS
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.SELF)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    validation_note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["profile", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="profile_skill_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=0, level__lte=5), name="profile_skill_level_0_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} at {self.level}"


class CounsellorAccess(models.Model):
    """A client's consent for a counsellor to follow them; revoking ends it at once."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counsellor_grants"
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_grants"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "counsellor"],
                condition=Q(revoked_at__isnull=True),
                name="counsellor_access_one_active_grant",
            )
        ]
        indexes = [models.Index(fields=["counsellor", "revoked_at"])]
        verbose_name_plural = "counsellor access grants"

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"{self.client} → {self.counsellor} ({state})"


class Assessment(models.Model):
    """One run of the engine for a profile toward a target role."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="assessments")
    target = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    # The trade-off the stored path was planned for (Profile.Priority); the other two are
    # kept as alternatives in `results`.
    objective = models.CharField(
        max_length=16, choices=Profile.Priority.choices, default=Profile.Priority.SOONEST
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a message for it was last sent: the sweep sends no other before the pending delay.
    queued_at = models.DateTimeField(null=True, blank=True)
    # The Celery task that claimed it: that message, re-delivered, may take back its own row.
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    engine_version = models.CharField(max_length=32, blank=True)
    readiness = models.FloatField(null=True, blank=True)
    results = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["profile", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(readiness__isnull=True) | Q(readiness__gte=0, readiness__lte=1),
                name="assessment_readiness_0_1",
            )
        ]

    def __str__(self) -> str:
        return f"Assessment {self.pk} → {self.target.code} ({self.status})"


class LearningPath(models.Model):
    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="path")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="paths")
    created_at = models.DateTimeField(auto_now_add=True)
    start_date = models.DateField(null=True, blank=True)
    total_hours = models.DecimalField(max_digits=8, decimal_places=1, default=0)
    total_cost = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    weeks_to_ready = models.PositiveSmallIntegerField(null=True, blank=True)
    open_skills = models.JSONField(default=list, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_hours__gte=0, total_cost__gte=0), name="path_totals_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"Path {self.pk} for {self.profile}"


class PathStep(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", _("to do")
        DOING = "doing", _("in progress")
        DONE = "done", _("done")

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    week_start = models.PositiveSmallIntegerField(default=1)
    week_end = models.PositiveSmallIntegerField(default=1)
    planned_hours = models.DecimalField(max_digits=7, decimal_places=1, default=0)
    rationale = models.TextField(_("why this step"), blank=True)
    # The engine's reason as a key with parameters, rendered in the reader's language.
    reason = models.JSONField(default=dict, blank=True)
    price = models.DecimalField(_("price (EUR)"), max_digits=9, decimal_places=2, default=0)
    carried_over = models.BooleanField(
        default=False, help_text=_("Done in an earlier path; its levels count.")
    )
    skills_closed = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.TODO)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Set on steps read for display (advisor.selectors.steps_explained), not stored.
    why: str
    skill_names: dict[int, str]

    class Meta:
        ordering = ["path", "order"]
        constraints = [
            models.UniqueConstraint(fields=["path", "order"], name="path_step_order_unique"),
            models.CheckConstraint(
                condition=Q(week_end__gte=models.F("week_start")), name="path_step_weeks_ordered"
            ),
            models.CheckConstraint(
                condition=Q(planned_hours__gte=0), name="path_step_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Step {self.order}: {self.resource}"


class Transition(models.Model):
    """A computed move from one occupation to another, for one version of the taxonomy.

    Our own similarity (skills with levels and weights, and the occupations' text), never a
    published list of related occupations. The target may be an AI-era role (is_target).
    """

    source = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="transitions")
    target = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    version = models.CharField(max_length=96, db_index=True)
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    skill_score = models.FloatField(default=0)
    text_score = models.FloatField(default=0)
    shared = models.JSONField(default=list, blank=True)  # skill ids, heaviest first
    missing = models.JSONField(default=list, blank=True)  # [skill id, level needed], heaviest first
    # Published figures of the target minus those of the source (docs/transitions.md).
    exposure_change = models.FloatField(null=True, blank=True)  # Eloundou β, 0–1 scale
    pay_change = models.IntegerField(null=True, blank=True)  # US median pay, USD a year
    safer = models.BooleanField(
        default=False, help_text="Lower AI exposure, US pay not lower by more than 10 %."
    )
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "version", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "version"], name="transition_unique_per_version"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="transition_not_to_itself"
            ),
        ]
        indexes = [models.Index(fields=["source", "version", "rank"])]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} ({self.score:.2f})"
