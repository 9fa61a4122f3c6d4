"""Built-in mappings from the three public catalogue scrapes to the resource file format.

Each mapping turns one scraped record into a dict with the resource file's keys, so the same
validation and upsert apply. Assumptions that are not in the data are stated where they are made.
"""

import ast
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from courses.levels import DIFFICULTY_LEVEL

from . import practice

WEEKS_PER_MONTH = 52 / 12

# Coursera gives only a duration bucket. We assume its usual "suggested pace" of about
# 5 hours a week and take the bucket's midpoint.
COURSERA_HOURS_PER_WEEK = 5

# Prices (docs/prices.md): `price` is what following costs, `certificate_price` what the
# certificate adds; both in the source's currency (USD for the three scrapes), converted to EUR
# by the planner's one dated table (advisor/engine/catalogue.py CURRENCY_TO_EUR).
# Coursera: auditing is free; a certificate needs the subscription of the Specialization or
# Professional Certificate the course belongs to. US$49 a month is the usual price on course
# pages (range 39–89; Class Central, "Coursera specialization subscription", 2017-11-08; the
# same figure on Google's Professional Certificates in 2023, the snapshot's year). The person
# pays for as many months as the course lasts at the pace we assume for its hours (above),
# rounded up, at least one.
COURSERA_SUBSCRIPTION_USD_PER_MONTH = 49


def subscription_months(hours: float | None, hours_per_week: float) -> int:
    """Whole months of subscription to follow `hours` at `hours_per_week` (at least 1)."""
    if not hours:
        return 1
    # Rounded first: '1 - 3 Months' is stored as 43.3 h, which must stay 2 months, not 3.
    return max(1, math.ceil(round(hours / hours_per_week / WEEKS_PER_MONTH, 1)))


EDX_LANGUAGES = {
    "english": "en",
    "español": "es",
    "français": "fr",
    "italiano": "it",
    "中文": "zh",
    "português": "pt",
    "日本語": "ja",
    "اللغة العربية": "ar",
    "deutsch": "de",
}

_RANGE = re.compile(
    r"(?:(?P<less>less than)\s*)?(?P<low>\d+(?:\.\d+)?)\s*(?:[-–—]|to)?\s*(?P<high>\d+(?:\.\d+)?)?"
    r"\s*(?P<unit>hours?|weeks?|months?)",
    re.IGNORECASE,
)


def _number(text: str) -> str:
    """'6,706' → '6706', '39.2k' → '39200'; empty stays empty, junk is left for validation."""
    text = (text or "").replace(",", "").strip()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmM])", text)
    if match:
        factor = 1_000 if match[2] in "kK" else 1_000_000
        return str(round(float(match[1]) * factor))
    return text


def duration_hours(text: str, hours_per_week: float) -> float | None:
    """'1 - 3 Months' / '1 - 4 Weeks' / 'Less Than 2 Hours' → hours, at `hours_per_week`."""
    match = _RANGE.search(text or "")
    if not match:
        return None
    low = float(match["low"])
    high = float(match["high"] or low)
    value = low if match["less"] else (low + high) / 2
    unit = match["unit"].lower()
    if unit.startswith("hour"):
        return value
    weeks = value * WEEKS_PER_MONTH if unit.startswith("month") else value
    return round(weeks * hours_per_week, 1)


def effort_hours(effort: str, length: str) -> float | None:
    """edX: '2–3 hours per week' × '7 Weeks' → 17.5 hours (midpoint of the effort range)."""
    per_week = _RANGE.search(effort or "")
    weeks = _RANGE.search(length or "")
    if not per_week or not weeks:
        return None
    low = float(per_week["low"])
    high = float(per_week["high"] or low)
    return round((low + high) / 2 * float(weeks["low"]), 1)


def certificate_price(text: str) -> str:
    """'FREE-Add a Verified Certificate for $49 USD' → '49' (the certificate; auditing is free)."""
    match = re.search(r"\$\s*(\d+(?:\.\d+)?)", text or "")
    return match[1] if match else ""


def skill_list(text: str) -> list[str]:
    """Coursera's Python-list literal, de-duplicated in order; junk gives an empty list."""
    text = (text or "").strip()
    if not text:
        return []
    try:
        items = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return []
    if not isinstance(items, list | tuple):
        return []
    seen: dict[str, str] = {}
    for item in items:
        name = str(item).strip()
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


def _topics(*labels: str) -> list[str]:
    """The provider's subject or category labels, non-empty, as given."""
    return [label.strip() for label in labels if label and label.strip()]


def _level(difficulty: str) -> str:
    """A provider's difficulty as a catalogue level; an unknown word is kept for validation
    to report."""
    return DIFFICULTY_LEVEL.get(difficulty.strip().lower(), difficulty.strip())


def _text(*parts: str) -> str:
    return "\n\n".join(
        part.strip().replace("\r\n", "\n") for part in parts if part and part.strip()
    )


def coursera(values: dict) -> dict:
    kind = {
        "professional certificate": "certification",
        "guided project": "project",
    }.get(values.get("course_certificate_type", "").strip().lower(), "course")
    hours = duration_hours(values.get("course_time", ""), COURSERA_HOURS_PER_WEEK)
    organisation = values.get("course_organization", "").strip()
    return {
        "provider": "Coursera",
        "external_id": "",
        "kind": kind,
        "title": values.get("course_title", ""),
        "description": _text(
            values.get("course_description", ""),
            f"Offered by {organisation}." if organisation else "",
        ),
        "url": values.get("course_url", ""),
        # No language column; the catalogue is mostly English.
        "language": "en",
        "format": "online",
        "hours": "" if hours is None else str(hours),
        # No price column: audited free; the certificate through the subscription (above).
        "price": "0",
        "certificate_price": str(
            COURSERA_SUBSCRIPTION_USD_PER_MONTH
            * subscription_months(hours, COURSERA_HOURS_PER_WEEK)
        ),
        "currency": "USD",
        "level": _level(values.get("course_difficulty", "")),
        "rating": values.get("course_rating", ""),
        "rating_count": _number(values.get("course_reviews_num", "")) or "0",
        "certificate": "true",
        # The provider's skill strings stay raw; courses.linking resolves them to skills.
        "topics": skill_list(values.get("course_skills", "")),
        "skills": [],
        "requires": [],
    }


def edx(values: dict) -> dict:
    language = values.get("language", "").strip()
    hours = effort_hours(values.get("course_effort", ""), values.get("course_length", ""))
    institution = values.get("institution", "").strip()
    return {
        "provider": "edX",
        "external_id": "",
        "kind": "course",
        "title": values.get("title", ""),
        "description": _text(
            values.get("summary", ""),
            values.get("course_description", ""),
            f"Offered by {institution}." if institution else "",
        ),
        "url": values.get("course_url", ""),
        "language": EDX_LANGUAGES.get(language.lower(), language),
        "format": "online",
        "hours": "" if hours is None else str(hours),
        # Auditing is free; the price in the scrape is the optional verified certificate.
        "price": "0",
        "certificate_price": certificate_price(values.get("price", "")) or "0",
        "currency": "USD",
        "level": _level(values.get("Level", "")),
        "rating": "",
        "certificate": "true" if certificate_price(values.get("price", "")) else "false",
        "topics": _topics(values.get("subject", "")),
        "skills": [],
        "requires": [],
    }


def udemy(values: dict) -> dict:
    paid = values.get("is_paid", "").strip().lower() == "true"
    return {
        "provider": "Udemy",
        "external_id": values.get("course_id", "").strip(),
        "kind": "course",
        "title": values.get("course_title", ""),
        # No description in the scrape; a lecture count is no description (the tagger read
        # "lectures" as a skill). The subject is the provider's topic.
        "description": "",
        "url": values.get("url", ""),
        "language": "en",
        "format": "online",
        "hours": values.get("content_duration", ""),
        # The listed price buys the course and its certificate of completion; free courses
        # have had no certificate since Udemy's 2020 policy change, so none is promised.
        "price": _number(values.get("price", "")) if paid else "0",
        "certificate_price": "0",
        "currency": "USD",
        "level": _level(values.get("level", "")),
        "rating": "",
        "rating_count": _number(values.get("num_reviews", "")) or "0",
        "certificate": "true" if paid else "false",
        "topics": _topics(values.get("subject", "")),
        "skills": [],
        "requires": [],
    }


@dataclass(frozen=True)
class Mapping:
    name: str
    columns: tuple[str, ...]  # the scrape's columns this mapping cannot do without
    convert: Callable[[dict], dict]
    # Why a row is left out ('' keeps it): rows that are not what we offer, not bad rows.
    left_out: Callable[[dict], str] | None = None


MAPPINGS = {
    "coursera": Mapping(
        "coursera", ("course_title", "course_url", "course_skills", "course_time"), coursera
    ),
    "edx": Mapping("edx", ("title", "course_url", "course_effort", "course_length"), edx),
    "udemy": Mapping("udemy", ("course_id", "course_title", "url", "content_duration"), udemy),
    "kaggle": Mapping(
        "kaggle",
        ("Id", "Slug", "Title", "Subtitle", "HostSegmentTitle", "EnabledDate", "DeadlineDate"),
        practice.kaggle,
        practice.kaggle_left_out,
    ),
}
