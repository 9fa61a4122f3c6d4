import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.importing.codes import LANGUAGES
from courses.models import Resource
from skills.levels import LEVEL_CHOICES, LEVEL_VALIDATORS, MAX_LEVEL, MIN_LEVEL
from skills.models import Occupation, Sector, Skill

# What a person can give, as the forms, the API and the services accept it (one definition:
# the fields' validators below; the database constraints hold the same bounds).
WEEKLY_HOURS_MIN, WEEKLY_HOURS_MAX = 1, 80
HORIZON_WEEKS_MIN, HORIZON_WEEKS_MAX = 1, 260
BUDGET_MIN = 0
# A plan starts from a date a person can mean: not before the catalogue existed, at most five
# years ahead (9999-12-31 overflowed the schedule).
START_DATE_FIRST = dt.date(2020, 1, 1)
START_DATE_YEARS_AHEAD = 5


def default_languages() -> list[str]:
    return ["en"]


def default_formats() -> list[str]:
    return ["online"]


def start_date_last() -> dt.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + START_DATE_YEARS_AHEAD)
    except ValueError:  # 29 February, and the year ahead is not a leap year
        return today.replace(year=today.year + START_DATE_YEARS_AHEAD, day=28)


def validate_start_date(value: dt.date) -> None:
    last = start_date_last()
    if not START_DATE_FIRST <= value <= last:
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": START_DATE_FIRST.isoformat(), "last": last.isoformat()},
        )


def validate_languages(value: object) -> None:
    if not (
        isinstance(value, list)
        and value
        and all(isinstance(c, str) and c in LANGUAGES for c in value)
    ):
        raise ValidationError(
            _("Give at least one language code such as en or fr (ISO 639-1)."), code="invalid"
        )


def validate_formats(value: object) -> None:
    known = Resource.Format.values
    if not (isinstance(value, list) and value and all(c in known for c in value)):
        raise ValidationError(
            _("Choose among: %(formats)s."),
            code="invalid",
            params={"formats": ", ".join(sorted(known))},
        )


def validate_current_job(value: Occupation | int) -> None:
    """A current job is an occupation people do, never an AI-era role they aim for."""
    occupation = (
        value
        if isinstance(value, Occupation)
        else Occupation.objects.filter(pk=value).only("is_target", "title", "title_fr").first()
    )
    if occupation is not None and occupation.is_target:
        raise ValidationError(
            _(
                "“%(role)s” is an AI-era role you can aim for, not a current job: "
                "search for the job you do or last did."
            ),
            code="target_role",
            params={"role": occupation.label},
        )


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
        Occupation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        validators=[validate_current_job],
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+")
    weekly_hours = models.PositiveSmallIntegerField(
        _("hours per week"),
        default=5,
        validators=[MinValueValidator(WEEKLY_HOURS_MIN), MaxValueValidator(WEEKLY_HOURS_MAX)],
    )
    budget = models.DecimalField(
        _("budget (EUR)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(BUDGET_MIN)],
    )
    horizon_weeks = models.PositiveSmallIntegerField(
        _("horizon (weeks)"),
        default=26,
        validators=[MinValueValidator(HORIZON_WEEKS_MIN), MaxValueValidator(HORIZON_WEEKS_MAX)],
    )
    languages = models.JSONField(
        _("languages"), default=default_languages, validators=[validate_languages]
    )
    formats = models.JSONField(_("formats"), default=default_formats, validators=[validate_formats])
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=[validate_start_date]
    )
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
                condition=Q(weekly_hours__gte=WEEKLY_HOURS_MIN, weekly_hours__lte=WEEKLY_HOURS_MAX),
                name="profile_weekly_hours_1_80",
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=BUDGET_MIN), name="profile_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(
                    horizon_weeks__gte=HORIZON_WEEKS_MIN, horizon_weeks__lte=HORIZON_WEEKS_MAX
                ),
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
                condition=Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL),
                name="profile_skill_level_0_5",
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
