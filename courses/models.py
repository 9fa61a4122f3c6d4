from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from skills.levels import LEVEL_CHOICES, LEVEL_VALIDATORS, MAX_LEVEL, MIN_LEVEL
from skills.models import Skill

from .languages import language_name


class SearchVectorIndex(GinIndex):
    """A GIN index on PostgreSQL that is a no-op elsewhere.

    SQLite (the embedded default) has no GIN and no tsvector; search falls back to a scan there.
    A no-op statement, rather than a conditional migration, keeps SQLite's table rebuilds in
    later migrations working, since they recreate every index the model declares.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return "SELECT 1"
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return "SELECT 1"
        return super().remove_sql(model, schema_editor, **kwargs)


class Provider(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Resource.Status.PUBLISHED)

    def visible_to(self, user):
        """Staff curate every resource; everyone else sees the published catalogue."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()


class Resource(models.Model):
    """Something to learn or practise with: a course, project, hackathon or certification."""

    class Kind(models.TextChoices):
        COURSE = "course", _("course")
        PROJECT = "project", _("project")
        HACKATHON = "hackathon", _("hackathon")
        COMPETITION = "competition", _("competition")
        CERTIFICATION = "certification", _("certification")

    PRACTICE_KINDS = (Kind.PROJECT, Kind.HACKATHON, Kind.COMPETITION)

    class Format(models.TextChoices):
        ONLINE = "online", _("online")
        ONSITE = "onsite", _("on site")
        HYBRID = "hybrid", _("hybrid")

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("beginner")
        INTERMEDIATE = "intermediate", _("intermediate")
        ADVANCED = "advanced", _("advanced")
        MIXED = "mixed", _("mixed")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="resources")
    external_id = models.CharField(_("external id"), max_length=128, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COURSE)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), max_length=500)
    language = models.CharField(_("language"), max_length=8, default="en")
    format = models.CharField(
        _("format"), max_length=8, choices=Format.choices, default=Format.ONLINE
    )
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1, default=0)
    price = models.DecimalField(
        _("price to follow"),
        max_digits=9,
        decimal_places=2,
        default=0,
        help_text=_("What following the resource costs (0 when it can be audited free)."),
    )
    certificate_price = models.DecimalField(
        _("certificate price"),
        max_digits=9,
        decimal_places=2,
        default=0,
        help_text=_("Paid on top of the price to follow, for those who want the certificate."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, default=Level.BEGINNER
    )
    rating = models.FloatField(_("rating"), null=True, blank=True)
    rating_count = models.PositiveIntegerField(_("number of ratings"), default=0)
    certificate = models.BooleanField(_("certificate"), default=False)
    topics = models.JSONField(
        _("provider topics"),
        default=list,
        blank=True,
        help_text=_("The provider's own subject or category labels, as the source gives them."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Last day to take part or submit.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(
        _("source"), max_length=32, blank=True, help_text=_("Import mapping or file it came from.")
    )
    skills = models.ManyToManyField(Skill, through="ResourceSkill", related_name="resources")
    keywords = models.TextField(
        _("search keywords"),
        blank=True,
        editable=False,
        help_text=_("Provider name and skill labels, kept up to date for search."),
    )
    # Filled on PostgreSQL only (services.resources_refresh_search); NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "external_id"],
                condition=~Q(external_id=""),
                name="resource_unique_external_id_per_provider",
            ),
            models.UniqueConstraint(
                fields=["provider", "url"],
                condition=Q(external_id=""),
                name="resource_unique_url_per_provider_without_id",
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="resource_hours_not_negative"),
            models.CheckConstraint(condition=Q(price__gte=0), name="resource_price_not_negative"),
            models.CheckConstraint(
                condition=Q(certificate_price__gte=0),
                name="resource_certificate_price_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=0, rating__lte=5),
                name="resource_rating_0_5",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["status", "language"]),
            models.Index(fields=["status", "format"]),
            models.Index(fields=["status", "price"]),
            models.Index(fields=["status", "hours"]),
            # Browsing the catalogue pages through it in title order.
            models.Index(fields=["status", "title", "id"], name="resource_status_title"),
            SearchVectorIndex(fields=["search_vector"], name="resource_search_vector_gin"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def taught_links(self) -> list:
        """The skill links this resource teaches, from the prefetched `skill_links` (no query
        when prefetched), so a list of them can be joined without stray separators."""
        return [link for link in self.skill_links.all() if link.level_taught]

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def is_practice(self) -> bool:
        return self.kind in self.PRACTICE_KINDS


class ResourceSkill(models.Model):
    """What a resource does for one skill: the level it takes you to, the level it expects first.

    `level_taught` 0 means the resource only requires the skill. `origin` and `confidence` say
    where the link comes from and how sure we are of it (1.0 for a curator's or a curated file's).
    """

    class Origin(models.TextChoices):
        PROVIDER = "provider", _("provider's own tag")
        ALIAS = "alias", _("provider tag through our alias table")
        FUZZY = "fuzzy", _("provider tag, close spelling")
        TAGGER = "tagger", _("suggestion accepted automatically")
        CURATOR = "curator", _("curator")
        CURATED_FILE = "file", _("curated file")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="resource_links")
    level_taught = models.PositiveSmallIntegerField(
        _("level reached"), choices=LEVEL_CHOICES, validators=LEVEL_VALIDATORS, default=0
    )
    level_required = models.PositiveSmallIntegerField(
        _("level required first"),
        choices=LEVEL_CHOICES,
        validators=LEVEL_VALIDATORS,
        default=0,
    )
    origin = models.CharField(
        _("origin"), max_length=16, choices=Origin.choices, default=Origin.CURATOR
    )
    confidence = models.FloatField(
        _("confidence"),
        default=1.0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0–1: how sure we are the resource teaches this skill."),
    )

    class Meta:
        ordering = ["resource", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "skill"], name="resource_skill_unique"),
            models.CheckConstraint(
                condition=Q(level_taught__gte=MIN_LEVEL, level_taught__lte=MAX_LEVEL)
                & Q(level_required__gte=MIN_LEVEL, level_required__lte=MAX_LEVEL),
                name="resource_skill_levels_0_5",
            ),
            models.CheckConstraint(
                condition=Q(level_taught__gt=0) | Q(level_required__gt=0),
                name="resource_skill_teaches_or_requires",
            ),
            models.CheckConstraint(
                condition=Q(level_taught=0) | Q(level_taught__gt=F("level_required")),
                name="resource_skill_teaches_above_requirement",
            ),
        ]
        indexes = [models.Index(fields=["skill", "level_taught"])]

    def __str__(self) -> str:
        return f"{self.resource} → {self.skill} {self.level_required}→{self.level_taught}"


class ResourceStatusChange(models.Model):
    """One curation step: who moved a resource from one status to another, and when."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=Resource.Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Resource.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.resource}: {self.from_status or '∅'} → {self.to_status}"


class SkillSuggestion(models.Model):
    """A skill the tagger thinks a resource teaches, waiting for a curator's decision."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="suggestions")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    evidence = models.CharField(_("matched text"), max_length=200, blank=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["resource", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "skill"], name="skill_suggestion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.resource} ~ {self.skill} ({self.score:.2f})"
