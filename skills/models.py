import functools
import json
import re
import unicodedata
from pathlib import Path

from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .levels import LEVEL_CHOICES, LEVEL_VALIDATORS, MAX_LEVEL, MIN_LEVEL


class Source(models.TextChoices):
    """Where a taxonomy row came from; imported rows are refreshed by their importer."""

    ESCO = "esco", "ESCO"
    ONET = "onet", "O*NET"
    DEMO = "demo", _("Demo")
    CURATED = "curated", _("Curated")


class LocalizedMixin:
    """Picks `<field>_fr` for French readers when it is filled, else the English field."""

    def localized(self, field: str) -> str:
        lang = (get_language() or "en")[:2]
        if lang != "en":
            value = getattr(self, f"{field}_{lang}", "")
            if value:
                return value
        return getattr(self, field)


class Sector(LocalizedMixin, models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.localized("name")


_NOT_WORD = re.compile(r"[^\w+#]+")


def search_words(text: str) -> str:
    """Lower-cased words separated by single spaces; punctuation splits words (c++, c# kept)."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def skill_search_text(name: str, name_fr: str = "", alt_labels=(), alt_labels_fr=()) -> str:
    """Every label a person might type, one per line, each word preceded by a space, so that
    `LIKE '% <typed text>%'` finds labels with a word starting with what was typed."""
    labels = [name, name_fr, *(alt_labels or []), *(alt_labels_fr or [])]
    lines = dict.fromkeys(" " + search_words(label) for label in labels if label)
    return "\n".join(line for line in lines if line.strip())


def fold(text: str) -> str:
    """`search_words` without accents or ligatures: "Infirmière" and "infirmiere" both give
    "infirmiere", "cœur" gives "coeur", so a person may type either."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return search_words("".join(c for c in decomposed if not unicodedata.combining(c)))


def label_variants(label: str) -> list[str]:
    """A label and, for ESCO's French "masculin/féminin" titles, each of its parts:
    "infirmier anesthésiste/infirmière anesthésiste" is also found as either title alone."""
    parts = [part.strip() for part in label.split("/")]
    return [label, *(part for part in parts if part and part != label)]


def labels_line_text(labels) -> str:
    """Folded labels, one per line between newlines, each word after a space: a word starting
    with the query is `LIKE '% query%'`, a label starting with it `'%\\n query%'` and a label
    equal to it `'%\\n query\\n%'`, all served by one trigram index on PostgreSQL."""
    lines = dict.fromkeys(
        folded for label in labels if label for v in label_variants(label) if (folded := fold(v))
    )
    return "".join(f"\n {line}" for line in lines) + "\n" if lines else ""


OCCUPATION_ALIASES_FILE = Path(__file__).resolve().parent / "data" / "occupation_aliases.json"


@functools.cache
def occupation_aliases() -> dict[str, list[str]]:
    """Occupation URI → common job titles ESCO lacks ("registered nurse", "infirmière"), from
    the curated file (its rules are written in it); searched and ranked like titles."""
    data = json.loads(OCCUPATION_ALIASES_FILE.read_text(encoding="utf-8"))
    return {row["uri"]: [*row.get("en", []), *row.get("fr", [])] for row in data["occupations"]}


def occupation_search_texts(
    title: str, title_fr: str = "", alt_labels=(), alt_labels_fr=(), *, uri: str | None = None
) -> dict[str, str]:
    """The two search columns of an occupation: its names (preferred titles, EN and FR, both
    genders, and our curated everyday names for its `uri`, which rank like titles) and every
    label (names and the taxonomy's alternative titles)."""
    names = [title, title_fr, *(occupation_aliases().get(uri, []) if uri else [])]
    labels = [*names, *(alt_labels or []), *(alt_labels_fr or [])]
    return {"search_names": labels_line_text(names), "search_text": labels_line_text(labels)}


class SkillGroup(models.Model):
    """A node of a taxonomy's skill hierarchy (ESCO skill groups and its four top concepts)."""

    uri = models.CharField(max_length=255, unique=True)
    source = models.CharField(max_length=16, choices=Source.choices, db_index=True)
    code = models.CharField(max_length=32, blank=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta:
        ordering = ["code", "name"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class Skill(LocalizedMixin, models.Model):
    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", _("knowledge")
        SKILL = "skill", _("skill")
        TOOL = "tool", _("tool")
        TRANSVERSAL = "transversal", _("transversal")

    uri = models.CharField(
        _("external URI"),
        max_length=255,
        unique=True,
        help_text=_("Stable identifier: the ESCO/O*NET URI, or a urn:reconversion:… for ours."),
    )
    source = models.CharField(max_length=16, choices=Source.choices, db_index=True)
    name = models.CharField(_("name"), max_length=255, db_index=True)
    name_fr = models.CharField(_("name (French)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    alt_labels = models.JSONField(_("alternative labels"), default=list, blank=True)
    alt_labels_fr = models.JSONField(_("alternative labels (French)"), default=list, blank=True)
    is_ai = models.BooleanField(_("AI / data skill"), default=False, db_index=True)
    is_digital = models.BooleanField(_("digital skill"), default=False)
    is_hot = models.BooleanField(
        _("hot technology"), default=False, help_text=_("O*NET flags this tool as in demand.")
    )
    groups = models.ManyToManyField(SkillGroup, related_name="skills", blank=True)
    curated = models.BooleanField(
        _("hand-edited"),
        default=False,
        help_text=_("Importers leave a hand-edited row as it is (set when edited in the admin)."),
    )
    search_text = models.TextField(
        editable=False, blank=True, help_text="Lower-cased labels; kept in step by save()."
    )
    same_as = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="twins",
        help_text=_(
            "The one skill this one names again (an O*NET tool that is also an ESCO skill): "
            "gaps, paths and tag suggestions treat the two as one concept."
        ),
    )
    broader = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="narrower",
        blank=True,
        help_text=_('ESCO\'s broader skills of this one ("use Python" → computer programming).'),
    )
    regulated = models.BooleanField(
        _("needs a regulated qualification"),
        default=False,
        help_text=_("Only a regulated qualification or licence grants it, not a course."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = skill_search_text(
            self.name, self.name_fr, self.alt_labels, self.alt_labels_fr
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return self.localized("name")


class Occupation(LocalizedMixin, models.Model):
    """A job from a taxonomy, or an AI-era role we offer as a target (`is_target`)."""

    class Carried(models.TextChoices):
        """How the published figures reached this occupation (docs/ai-exposure-and-pay.md)."""

        DIRECT = "direct", _("its own O*NET-SOC code")
        CROSSWALK = "crosswalk", _("the ESCO → O*NET crosswalk")
        SAME_TITLE = "title", _("the O*NET occupation of the same title")
        PARENT = "parent", _("the crosswalk of its broader ESCO occupation")

    code = models.CharField(_("code"), max_length=64, unique=True)
    uri = models.CharField(max_length=255, unique=True, null=True, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, db_index=True)
    title = models.CharField(_("title"), max_length=255, db_index=True)
    title_fr = models.CharField(_("title (French)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    alt_labels = models.JSONField(_("alternative titles"), default=list, blank=True)
    alt_labels_fr = models.JSONField(_("alternative titles (French)"), default=list, blank=True)
    search_names = models.TextField(
        editable=False, blank=True, help_text="Folded preferred titles; kept in step by save()."
    )
    search_text = models.TextField(
        editable=False, blank=True, help_text="Folded titles and alternative titles; see save()."
    )
    isco_group = models.CharField(_("ISCO group"), max_length=8, blank=True, db_index=True)
    job_zone = models.PositiveSmallIntegerField(null=True, blank=True)
    sectors = models.ManyToManyField(Sector, related_name="occupations", blank=True)
    is_target = models.BooleanField(_("AI-era target role"), default=False, db_index=True)
    extends = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ai_era_roles",
        help_text=_("The taxonomy occupation this AI-era role builds on."),
    )
    # Published figures, stored by `import_exposure` (skills/importers/published.py).
    ai_exposure_beta = models.FloatField(
        _("AI exposure β (Eloundou et al., 2024)"),
        null=True,
        blank=True,
        help_text=_(
            "Share of the job's tasks an LLM could do at least twice as fast (tasks that need "
            "extra LLM-based software count half); human rating. Not a risk of job loss."
        ),
    )
    ai_applicability = models.FloatField(
        _("AI applicability (Tomlinson et al., 2025)"),
        null=True,
        blank=True,
        help_text=_(
            "0–1: how much of the job's work activities people already do with an AI assistant "
            "(Bing Copilot conversations), and how successfully."
        ),
    )
    us_median_pay = models.PositiveIntegerField(
        _("US median annual pay (USD, BLS May 2021)"), null=True, blank=True
    )
    us_median_pay_at_least = models.BooleanField(
        _("US pay is a lower bound"),
        default=False,
        help_text=_("BLS publishes only “$208,000 or more” for the best-paid occupations."),
    )
    published_codes = models.JSONField(
        _("O*NET-SOC codes of the published figures"), default=list, blank=True
    )
    published_via = models.CharField(
        _("published figures carried by"), max_length=16, choices=Carried.choices, blank=True
    )
    regulated = models.BooleanField(
        _("regulated profession"),
        default=False,
        help_text=_("Entry requires a regulated qualification: never reachable by courses alone."),
    )
    curated = models.BooleanField(
        _("hand-edited"),
        default=False,
        help_text=_(
            "Importers leave a hand-edited occupation and its required skills as they are."
        ),
    )
    skills = models.ManyToManyField(
        Skill, through="OccupationSkill", related_name="occupations", blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ai_exposure_beta__isnull=True)
                | Q(ai_exposure_beta__gte=0, ai_exposure_beta__lte=1),
                name="occupation_ai_exposure_beta_0_1",
            ),
            models.CheckConstraint(
                condition=Q(ai_applicability__isnull=True)
                | Q(ai_applicability__gte=0, ai_applicability__lte=1),
                name="occupation_ai_applicability_0_1",
            ),
            models.CheckConstraint(
                condition=Q(job_zone__isnull=True) | Q(job_zone__gte=1, job_zone__lte=5),
                name="occupation_job_zone_1_5",
            ),
            models.CheckConstraint(
                condition=~Q(extends=F("id")), name="occupation_not_self_extending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    def save(self, *args, **kwargs):
        texts = occupation_search_texts(
            self.title, self.title_fr, self.alt_labels, self.alt_labels_fr, uri=self.uri
        )
        for name, value in texts.items():
            setattr(self, name, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *texts}
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return self.localized("title")

    @property
    def published_figures_from(self) -> "Occupation":
        """The occupation whose published AI exposure and pay describe this one: an AI-era role
        has none of its own and shows those of the occupation it extends."""
        if self.is_target and self.extends_id and self.extends is not None:
            return self.extends
        return self

    @property
    def has_published_figures(self) -> bool:
        return any(
            v is not None
            for v in (self.ai_exposure_beta, self.ai_applicability, self.us_median_pay)
        )


class OccupationSkill(models.Model):
    """A skill an occupation requires, at a level on our 0–5 scale, with a weight."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="required_skills"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="required_by")
    level = models.PositiveSmallIntegerField(
        _("required level"), choices=LEVEL_CHOICES, validators=LEVEL_VALIDATORS
    )
    weight = models.FloatField(_("weight"), default=1.0)
    essential = models.BooleanField(_("essential"), default=True)
    in_demand = models.BooleanField(
        _("in demand"), default=False, help_text=_("O*NET: employers ask for this tool here.")
    )

    class Meta:
        ordering = ["occupation", "-weight", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL),
                name="occupation_skill_level_0_5",
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=1), name="occupation_skill_weight_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation.code} needs {self.skill} at {self.level}"


class SnapshotLoad(models.Model):
    """A taxonomy snapshot shipped in the repo that was loaded into this database: loading the
    same file again is then a no-op (`taxonomy_snapshot load`)."""

    digest = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the file and the occupation aliases."
    )
    name = models.CharField(max_length=120)
    counts = models.JSONField(default=dict)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.digest[:12]})"
