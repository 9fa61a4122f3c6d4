"""Practice from Kaggle's public competitions (Meta Kaggle's Competitions table).

Which rows we keep (../shared/data/practice/SOURCE.md, docs/practice.md):
- public segments only: Featured, Research, Playground, Getting Started. InClass rows are
  classroom competitions, often private; Recruitment, Prospect and GE Quests were hiring or
  partner drives whose data is gone or private;
- with a leaderboard: a late submission is scored against it, which is what makes a past
  competition a self-paced project. Analytics competitions without one have nothing to submit.

The file carries no skills: the linker infers them from the title and subtitle. Hours are an
estimate of a first honest submission (read the data and the metric, a baseline, one improved
model, a short write-up), by segment, because the file says nothing about effort.
"""

from datetime import datetime

from courses.levels import resource_level

PUBLIC_SEGMENTS = ("Featured", "Research", "Playground", "Getting Started")

# Hours to a first honest submission, by host segment (see the module docstring).
HOURS_BY_SEGMENT = {"Getting Started": 10, "Playground": 20, "Featured": 40, "Research": 40}

KAGGLE_DATE = "%m/%d/%Y %H:%M:%S"


def kaggle_left_out(values: dict) -> str:
    """Why a row is not practice we offer ('' when it is)."""
    segment = values.get("HostSegmentTitle", "").strip()
    if segment == "InClass":
        return "classroom competition (InClass)"
    if segment not in PUBLIC_SEGMENTS:
        return f"not a public competition ({segment or 'no segment'})"
    if values.get("HasLeaderboard", "").strip().lower() != "true":
        return "no leaderboard, so late submissions cannot be scored"
    return ""


def _date(text: str) -> str:
    """'04/07/2010 07:57:43' → '2010-04-07'; anything else is passed on for validation to name."""
    text = (text or "").strip()
    try:
        return datetime.strptime(text, KAGGLE_DATE).date().isoformat()  # noqa: DTZ007 (a day)
    except ValueError:
        return text


def kaggle(values: dict) -> dict:
    segment = values.get("HostSegmentTitle", "").strip()
    slug = values.get("Slug", "").strip()
    metric = values.get("EvaluationAlgorithmName", "").strip()
    return {
        "provider": "Kaggle",
        "external_id": values.get("Id", "").strip(),
        "kind": "competition",
        "title": values.get("Title", ""),
        "description": values.get("Subtitle", ""),
        "url": f"https://www.kaggle.com/competitions/{slug}" if slug else "",
        "language": "en",
        "format": "online",
        "hours": str(HOURS_BY_SEGMENT.get(segment, "")),
        "price": "0",
        "certificate_price": "0",
        "currency": "EUR",
        "level": resource_level(segment),
        "rating": "",
        "certificate": "false",
        # The evaluation metric is the file's only subject-like label (the alias table reads
        # e.g. "Log Loss" as building a predictive model); the host segment is not a subject.
        "topics": [metric] if metric else [],
        "starts_on": _date(values.get("EnabledDate", "")),
        "ends_on": _date(values.get("DeadlineDate", "")),
        "skills": [],
        "requires": [],
    }
