"""Row-level validation of the resource file format: every problem names its row and field."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from courses.models import Resource
from skills.levels import MAX_LEVEL
from skills.models import Skill

from .codes import CURRENCIES, LANGUAGES

MAX_HOURS = Decimal("99999.9")
MAX_TOPICS = 100
MAX_TOPIC_CHARS = 500
MAX_PRICE = Decimal("9999999.99")
TRUE_WORDS = {"true", "yes", "1", "y"}
FALSE_WORDS = {"false", "no", "0", "n", ""}
_url_validator = URLValidator(schemes=["http", "https"])
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class Problem:
    row: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class ResourceRow:
    """A valid row, ready to upsert: model field values plus skill links {skill_id: level}."""

    number: int
    provider: str
    external_id: str
    values: dict
    taught: dict[int, int] = field(default_factory=dict)
    required: dict[int, int] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        """(provider, external_id), or (provider, url) when the row has no external id."""
        provider = self.provider.casefold()
        if self.external_id:
            return (provider, f"id:{self.external_id}")
        return (provider, f"url:{self.values['url']}")

    def links(self) -> dict[int, tuple[int, int]]:
        """{skill_id: (level_taught, level_required)}, the shape of ResourceSkill rows."""
        skill_ids = set(self.taught) | set(self.required)
        return {sid: (self.taught.get(sid, 0), self.required.get(sid, 0)) for sid in skill_ids}


class SkillLookup:
    """Finds taxonomy skills by uri or label, case-insensitively, loading the taxonomy once.

    `alt_labels=True` also matches alternative labels (used for scraped skill names, which are
    free text); the file format itself promises only uri or exact preferred label.
    """

    def __init__(self, *, alt_labels: bool):
        self.alt_labels = alt_labels
        self._index: dict[str, int] | None = None

    def _load(self) -> dict[str, int]:
        index: dict[str, int] = {}
        rows = Skill.objects.values_list("id", "uri", "name", "alt_labels").order_by("id")
        alternatives: dict[str, int] = {}
        for skill_id, uri, name, alt_labels in rows:
            index[uri.casefold()] = skill_id
            index.setdefault(name.strip().casefold(), skill_id)
            if self.alt_labels:
                for label in [*(alt_labels or []), _PARENTHESES.sub("", name)]:
                    alternatives.setdefault(str(label).strip().casefold(), skill_id)
        # A preferred label always wins over another skill's alternative label.
        return {**alternatives, **index}

    def find(self, ref: str) -> int | None:
        if self._index is None:
            self._index = self._load()
        return self._index.get(ref.strip().casefold())


def _parse_refs(value, column: str) -> tuple[list[tuple[str, object]], list[str]]:
    """`REF@LEVEL;…` (CSV) or [{"skill": REF, "level": N}] (JSON) → [(ref, level)], errors."""
    if value is None or value == "":
        return [], []
    items: list[tuple[str, object]] = []
    errors: list[str] = []
    if isinstance(value, str):
        for part in value.split(";"):
            part = part.strip()
            if not part:
                continue
            ref, sep, level = part.rpartition("@")
            if not sep or not ref.strip():
                errors.append(f"{part!r} is not REF@LEVEL (e.g. 'SQL@3')")
                continue
            items.append((ref.strip(), level.strip()))
    elif isinstance(value, list):
        for item in value:
            if not isinstance(item, dict) or not str(item.get("skill") or "").strip():
                errors.append(f"{item!r} is not an object {{'skill': REF, 'level': N}}")
                continue
            items.append((str(item["skill"]).strip(), item.get("level")))
    else:
        errors.append(f"{column} must be 'REF@LEVEL;…' text or a list of {{skill, level}}")
    return items, errors


def _topics(value) -> tuple[list[str], list[str]]:
    """The provider's own labels: a list of strings (JSON) or `a; b` text (CSV), kept raw.

    They are not matched here: courses.linking resolves them to skills, so a label no skill
    carries yet is kept for the aliases and the curators instead of being dropped.
    """
    if value is None or value == "":
        return [], []
    if isinstance(value, str):
        items = value.split(";")
    elif isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            return [], ["must be a list of text labels"]
        items = value
    else:
        return [], ["must be a list of text labels or 'label; label' text"]
    topics = list(dict.fromkeys(item.strip() for item in items if item.strip()))
    errors = [
        f"{topic[:40]!r}… is longer than {MAX_TOPIC_CHARS} characters"
        for topic in topics
        if len(topic) > MAX_TOPIC_CHARS
    ]
    if len(topics) > MAX_TOPICS:
        errors.append(f"{len(topics)} labels: at most {MAX_TOPICS}")
    return topics, errors


def _level(value) -> int | None:
    try:
        level = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    if str(value).strip() != str(level) and not isinstance(value, int):
        return None
    return level if 1 <= level <= MAX_LEVEL else None


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _text(values: dict, name: str) -> str:
    value = values.get(name)
    if value is None:
        return ""
    return str(value).strip().replace("\r\n", "\n")


def validate_row(
    values: dict,
    number: int,
    *,
    lookup: SkillLookup,
    default_provider: str = "",
    match_skills: bool = False,
) -> tuple[ResourceRow | None, list[Problem], list[str]]:
    """Check one row. Returns (row or None, problems, unmatched skill names).

    With `match_skills` (scrape mappings) an unknown skill name is reported as unmatched and
    skipped; in a resource file it makes the row invalid.
    """
    problems: list[Problem] = []

    def problem(field_name: str, message: str) -> None:
        problems.append(Problem(number, field_name, message))

    if "__extra__" in values:
        problem("*", "the row has more cells than the header has columns")

    provider = _text(values, "provider") or default_provider
    if not provider:
        problem("provider", "required (or give --provider)")
    elif len(provider) > 200:
        problem("provider", "longer than 200 characters")

    external_id = _text(values, "external_id")
    if len(external_id) > 128:
        problem("external_id", "longer than 128 characters")

    clean: dict = {}
    title = _text(values, "title")
    if not title:
        problem("title", "required")
    elif len(title) > 300:
        problem("title", "longer than 300 characters")
    clean["title"] = title
    clean["description"] = _text(values, "description")

    url = _text(values, "url")
    if not url:
        problem("url", "required")
    else:
        try:
            _url_validator(url)
        except ValidationError:
            problem("url", f"{url[:80]!r} is not a valid http(s) URL")
        if len(url) > 500:
            problem("url", "longer than 500 characters")
    clean["url"] = url

    for name, choices, default in (
        ("kind", Resource.Kind.values, Resource.Kind.COURSE),
        ("format", Resource.Format.values, Resource.Format.ONLINE),
        ("level", Resource.Level.values, Resource.Level.BEGINNER),
    ):
        value = _text(values, name).lower() or default
        if value not in choices:
            problem(name, f"{value!r} is not one of {', '.join(choices)}")
        clean[name] = value

    language = _text(values, "language").lower() or "en"
    if language not in LANGUAGES:
        problem("language", f"{language!r} is not an ISO 639-1 language code (en, fr, …)")
    clean["language"] = language

    hours_text = _text(values, "hours")
    hours = _decimal(hours_text)
    if not hours_text:
        problem("hours", "required")
    elif hours is None:
        problem("hours", f"{hours_text!r} is not a number")
    elif not Decimal(0) <= hours <= MAX_HOURS:
        problem("hours", f"{hours_text} is out of range (0 to {MAX_HOURS})")
    else:
        clean["hours"] = hours.quantize(Decimal("0.1"))

    prices = {}
    for name in ("price", "certificate_price"):
        text = _text(values, name)
        amount = _decimal(text or "0")
        if amount is None:
            problem(name, f"{text!r} is not a number")
        elif not Decimal(0) <= amount <= MAX_PRICE:
            problem(name, f"{text} is out of range (0 to {MAX_PRICE})")
        else:
            prices[name] = clean[name] = amount.quantize(Decimal("0.01"))

    dates = {}
    for name in ("starts_on", "ends_on"):
        text = _text(values, name)
        if not text:
            clean[name] = None
            continue
        try:
            dates[name] = clean[name] = date.fromisoformat(text)
        except ValueError:
            problem(name, f"{text!r} is not a date YYYY-MM-DD")
    if len(dates) == 2 and dates["ends_on"] < dates["starts_on"]:
        problem("ends_on", f"{dates['ends_on']} is before the start, {dates['starts_on']}")

    currency = _text(values, "currency").upper()
    if not currency:
        if any(prices.values()):
            problem("currency", "required when a price is not 0")
        currency = "EUR"
    elif currency not in CURRENCIES:
        problem("currency", f"{currency!r} is not an ISO 4217 currency code (EUR, USD, …)")
    clean["currency"] = currency

    rating_text = _text(values, "rating")
    if rating_text:
        rating = _decimal(rating_text)
        if rating is None or not 0 <= rating <= 5:
            problem("rating", f"{rating_text!r} is not a number from 0 to 5")
        else:
            clean["rating"] = round(float(rating), 2)
    else:
        clean["rating"] = None

    count_text = _text(values, "rating_count") or "0"
    if not count_text.isdecimal():
        problem("rating_count", f"{count_text!r} is not a whole number ≥ 0")
    else:
        clean["rating_count"] = min(int(count_text), 2_147_483_647)

    certificate = values.get("certificate")
    certificate_text = "" if certificate is None else str(certificate).strip().lower()
    if certificate_text in TRUE_WORDS:
        clean["certificate"] = True
    elif certificate_text in FALSE_WORDS:
        clean["certificate"] = False
    else:
        problem("certificate", f"{certificate_text!r} is not true or false")

    topics, topic_errors = _topics(values.get("topics"))
    for error in topic_errors:
        problem("topics", error)
    clean["topics"] = topics

    unmatched: list[str] = []
    links: dict[str, dict[int, int]] = {"skills": {}, "requires": {}}
    for column in ("skills", "requires"):
        items, errors = _parse_refs(values.get(column), column)
        for error in errors:
            problem(column, error)
        for ref, raw_level in items:
            level = _level(raw_level)
            if level is None:
                problem(
                    column,
                    f"{ref!r}: level {raw_level!r} is not a whole number from 1 to {MAX_LEVEL}",
                )
                continue
            skill_id = lookup.find(ref)
            if skill_id is None:
                if match_skills:
                    unmatched.append(ref)
                else:
                    problem(column, f"unknown skill {ref!r} (give its uri or exact label)")
                continue
            chosen = links[column]
            chosen[skill_id] = max(level, chosen.get(skill_id, 0))
    for skill_id, taught in links["skills"].items():
        required = links["requires"].get(skill_id, 0)
        if required and taught <= required:
            problem(
                "skills",
                f"a skill is taught at level {taught} but required first at {required}: "
                "the level taught must be higher",
            )

    if problems:
        return None, problems, unmatched
    row = ResourceRow(
        number=number,
        provider=provider,
        external_id=external_id,
        values=clean,
        taught=links["skills"],
        required=links["requires"],
    )
    return row, [], unmatched
