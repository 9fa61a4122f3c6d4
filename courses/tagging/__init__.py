"""Skill-tag suggestions: which taxonomy skills a piece of text (a course, a CV) is about.

Method. Every skill label and alternative label, in English and in French, is reduced to a
*key*: its content words (stop words and course boilerplate dropped), each cut to a light stem,
sorted. "analyse data", "data analysis" and "analysing data" share the key "analys data"; "use
spreadsheets software" and "spreadsheet software" share one too. The text is cut into candidate
phrases (1–4 words, not starting or ending with a stop word) whose keys are looked up in that
index: a dictionary lookup per phrase, so a whole catalogue is tagged in seconds. A skill's score
(0–1) is the best of its matches, weighted by where the phrase stands (title above the provider's
topics above the body), by how specific the label is (one word counts less than a phrase), and
raised a little when it recurs.

Rules that came from reading real courses:
- the row's language decides the labels: French text meets French labels (ESCO's own French
  labels, `import_esco --language fr`); a language we have no labels for (Spanish…) is not
  tagged by string similarity at all ("bases de datos" is not "use databases");
- a label both ESCO and O*NET carry is one concept: O*NET twins (`Skill.same_as`) add their
  labels to the ESCO skill and are never suggested on their own;
- in a batch (`suggest_many`), a phrase found in the body of many rows is boilerplate there
  ("data", "language", "lectures") and counts only when the title says it.

Reusable by any app: `suggest_skills(text, limit)` proposes skills for free text (the job-seeker's
"paste your CV" feature calls it), backed by a model built once per process from the taxonomy
and rebuilt when the taxonomy changes.
"""

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reconversion.caching import VersionedCache

from .text import (
    _BOILERPLATE,
    _PARENTHESES,
    _SENTENCE,
    LANGUAGES,
    LONE_STOP_WORDS,
    STOP_WORDS,
    fold,
    guess_language,
    key,
    normalise,
    stem,
    text_language,
    words,
)

__all__ = [
    "LANGUAGES",
    "STOP_WORDS",
    "Alias",
    "SkillLabels",
    "SkillTagger",
    "Suggestion",
    "TagRequest",
    "fold",
    "guess_language",
    "key",
    "normalise",
    "read_aliases",
    "stem",
    "suggest_skills",
    "taxonomy_tagger",
    "text_language",
    "words",
]

MAX_TEXT_CHARS = 6000
MAX_NGRAM = 4
# Where a phrase stands: the title names what a course is about; the body also says what it is not.
TITLE_WEIGHT = 1.0
TOPIC_WEIGHT = 0.95
BODY_WEIGHT = 0.75
# A one-word label ("statistics", "sales") is often a passing mention; a phrase rarely is. A
# one-word *alternative* label is the weakest evidence: ESCO gives "language" to terminology.
ONE_WORD_WEIGHT = 0.85
ALT_LABEL_WEIGHT = 0.95
COMMON_SPREAD = 3  # other labels a word appears in before it counts as an ordinary word
ONE_WORD_ALT_NAME_WEIGHT = 0.75  # "Google" is one of many search engines
ONE_WORD_COMMON_WEIGHT = 0.8
ONE_WORD_ALT_WEIGHT = 0.5
STEM_ONLY_WEIGHT = 0.4
REPEAT_BONUS = 0.05
# In a batch, a body phrase found in more than this share of rows is boilerplate there.
BOILERPLATE_SHARE = 0.08
BOILERPLATE_MIN_ROWS = 30

ALIASES_FILE = Path(__file__).resolve().parent.parent / "data" / "skill_aliases.csv"
# Aliases below this are broad subject names ("Music", "Business Finance"): fine for a provider's
# topic, too loose to read in running text.
TEXT_ALIAS_MIN_CONFIDENCE = 0.8


@dataclass(frozen=True)
class SkillLabels:
    """What the tagger needs of one skill: its labels per language and its twin, if any."""

    skill_id: int
    label: str
    alt_labels: Sequence[str] = ()
    label_fr: str = ""
    alt_labels_fr: Sequence[str] = ()
    same_as: int | None = None
    esco: bool = True  # ESCO's label wins when another taxonomy's skill carries the same one
    taggable: bool = True  # False: matched through twins or topics only, never in free text


@dataclass(frozen=True)
class Suggestion:
    """A skill the text is probably about: `score` 0–1, `evidence` the phrase that matched."""

    skill_id: int
    score: float
    label: str = ""
    evidence: str = ""


@dataclass
class Entry:
    owner: int  # index into SkillTagger.skill_ids
    preferred: bool
    words: int
    esco: bool = True
    # A one-word label: its own spelling, and whether it names a thing ("JavaScript", "R",
    # "Excel": capitals, digits or symbols, or one of our aliases) rather than being a word.
    text: str = ""
    is_name: bool = False


@dataclass
class TagRequest:
    """One text to tag in a batch: a resource's title, body, provider topics and language."""

    title: str = ""
    body: str = ""
    topics: Sequence[str] = ()
    language: str = "en"
    extra: dict = field(default_factory=dict)


def _variants(label: str, alt_labels: Iterable[str]) -> list[tuple[str, bool]]:
    """(label text, is preferred) for a skill's labels, with parenthesised qualifiers dropped
    ("Python (computer programming)" is also just "Python" in course text)."""
    out = []
    for text, preferred in [(label, True), *((str(a), False) for a in alt_labels or [])]:
        if not text or not text.strip():
            continue
        out.append((text, preferred))
        bare = _PARENTHESES.sub("", text).strip()
        if bare and bare != text:
            # "Python", "Ruby" alone are the language, but "Scratch", "Unity", "Source" alone
            # are words ("from scratch"): the bare name counts as an alternative label, and
            # our alias table names the ones that are safe alone.
            out.append((bare, preferred and " " in bare))
    return out


def _is_name(label: str) -> bool:
    return any(c.isupper() or c.isdigit() or c in "+#." for c in label.strip())


def _quality(entry: Entry, phrase: str) -> float:
    """How much a phrase meeting a label says, before where it stands in the text."""
    if entry.words > 1:
        return 1.0 if entry.preferred else ALT_LABEL_WEIGHT
    if entry.is_name:
        return ONE_WORD_WEIGHT if entry.preferred else ONE_WORD_ALT_NAME_WEIGHT
    # A common word: only its own spelling counts ("economy" is not "economics", "units" not
    # "Unity"), and even then it is a hint for a curator more than a link.
    said = normalise(phrase)
    if said in (entry.text, entry.text + "s", entry.text + "es"):
        return ONE_WORD_COMMON_WEIGHT if entry.preferred else ONE_WORD_ALT_WEIGHT
    return STEM_ONLY_WEIGHT


def _as_labels(item) -> SkillLabels:
    if isinstance(item, SkillLabels):
        return item
    skill_id, label, alt_labels, *rest = item
    return SkillLabels(skill_id, label, tuple(alt_labels or ()), *rest)


class SkillTagger:
    """A fitted index over one taxonomy.

    `skills` yields SkillLabels, or (skill_id, label, alternative labels) tuples for English only.
    """

    def __init__(self, skills: Iterable, *, aliases: Iterable[tuple[int, str, str]] = ()):
        """`aliases`: (skill_id, label, language) of our curated alias table, indexed as
        preferred labels of that skill ("AI" → principles of artificial intelligence)."""
        rows = [_as_labels(item) for item in skills]
        known = {row.skill_id for row in rows}
        self.skill_ids: list[int] = []
        self.skill_labels: list[str] = []
        self.skill_labels_fr: list[str] = []
        position: dict[int | None, int] = {}
        # Twins lend their labels to the skill they name again and are never owners themselves.
        owners = [r for r in rows if r.same_as not in known or r.same_as == r.skill_id]
        for row in owners:
            position[row.skill_id] = len(self.skill_ids)
            self.skill_ids.append(row.skill_id)
            self.skill_labels.append(row.label)
            self.skill_labels_fr.append(row.label_fr)
        self.index: dict[str, dict[str, list[Entry]]] = {language: {} for language in LANGUAGES}
        for row in rows:
            owner = position.get(row.skill_id, position.get(row.same_as))
            if owner is None or not row.taggable:
                continue  # a twin of a twin (its target is no owner), or not for free text
            for language, label, alt_labels in (
                ("en", row.label, row.alt_labels),
                ("fr", row.label_fr, row.alt_labels_fr),
            ):
                for text, preferred in _variants(label, alt_labels):
                    label_key = key(text, language)
                    if not label_key:
                        continue
                    entries = self.index[language].setdefault(label_key, [])
                    entry = Entry(
                        owner,
                        preferred,
                        label_key.count(" ") + 1,
                        row.esco,
                        normalise(text),
                        _is_name(text),
                    )
                    # One entry per owner and key, the preferred one if any.
                    for existing in entries:
                        if existing.owner == owner:
                            existing.preferred = existing.preferred or preferred
                            break
                    else:
                        entries.append(entry)
        self.owner_of: dict[int | None, int | None] = {
            row.skill_id: position.get(row.same_as, position.get(row.skill_id)) for row in rows
        }
        self._demote_common_names()
        for skill_id, label, language in aliases:
            owner = self.owner_of.get(skill_id)
            label_key = key(label, language) if language in self.index else ""
            if owner is None or not label_key:
                continue
            entries = self.index[language].setdefault(label_key, [])
            # The curated alias decides: it replaces whatever the taxonomy's labels said.
            entries[:] = [
                Entry(owner, True, label_key.count(" ") + 1, True, normalise(label), True)
            ]
        self.labels_count = sum(len(index) for index in self.index.values())

    def _demote_common_names(self) -> None:
        """A one-word "name" that is also a word of many other skills' labels is an ordinary
        word ("Act!", "Source (…)", "Unity (…)" are products, "act", "source", "unity" are not):
        it then needs its own spelling and scores as a common word."""
        spread: Counter = Counter()
        for label_key, entries in self.index["en"].items():
            if " " in label_key:
                for word in label_key.split():
                    spread[word] += len({e.owner for e in entries})
        for entries in self.index["en"].values():
            for entry in entries:
                if entry.words == 1 and entry.is_name and spread[stem(entry.text)] >= COMMON_SPREAD:
                    entry.is_name = False

    def label_of(self, owner: int, language: str = "en") -> str:
        if language == "fr" and self.skill_labels_fr[owner]:
            return self.skill_labels_fr[owner]
        return self.skill_labels[owner]

    def lookup(self, phrase: str, language: str = "en") -> list[Entry]:
        """Skills whose label has the phrase's key, the unambiguous ones only: a key that several
        skills share as preferred label, or that only alternative labels of several carry, says
        nothing certain and is skipped."""
        entries = self.index.get(language, {}).get(key(phrase, language), [])
        if len(entries) > 1 and any(e.esco for e in entries):
            entries = [e for e in entries if e.esco]
        if len(entries) <= 1:
            return entries
        preferred = [e for e in entries if e.preferred]
        return preferred if len(preferred) == 1 else []

    def _phrases(self, text: str, language: str) -> Counter:
        """The text's candidate phrases (1–4 words, no stop word at either edge), counted."""
        stop = STOP_WORDS[language]
        lone = LONE_STOP_WORDS[language]
        found: Counter = Counter()
        text = _BOILERPLATE.sub(" ", text[:MAX_TEXT_CHARS])
        for sentence in _SENTENCE.split(text):
            tokens = words(sentence)
            for size in range(1, MAX_NGRAM + 1):
                for start in range(len(tokens) - size + 1):
                    first, last = tokens[start], tokens[start + size - 1]
                    if first in stop or last in stop:
                        continue
                    if size == 1 and (len(first) < 2 or first.isdigit() or first in lone):
                        continue
                    found[" ".join(tokens[start : start + size])] += 1
        return found

    def _matches(
        self, phrases: Counter, language: str, *, names_only: bool = False
    ) -> dict[int, tuple[float, str, int]]:
        """owner → (label quality × specificity, phrase, mentions) for the phrases' best matches."""
        best: dict[int, tuple[float, str, int]] = {}
        keyed: dict[str, str] = {}
        for phrase in phrases:
            keyed.setdefault(key(phrase, language), phrase)
        mentions: Counter[str] = Counter()
        for phrase, count in phrases.items():
            mentions[key(phrase, language)] += count
        for phrase_key, phrase in keyed.items():
            if not phrase_key:
                continue
            for entry in self.lookup(phrase, language):
                if names_only and not entry.is_name:
                    continue
                quality = _quality(entry, phrase)
                current = best.get(entry.owner)
                if current is None or quality > current[0]:
                    best[entry.owner] = (quality, phrase, mentions[phrase_key])
        return best

    def score(
        self,
        request: TagRequest,
        *,
        boilerplate: frozenset[str] = frozenset(),
    ) -> dict[int, tuple[float, str]]:
        """owner → (score 0–1, evidence); empty for a language we have no labels for."""
        language = request.language
        names_only = language not in LANGUAGES
        if names_only:
            # No labels in that language: string similarity would read "bases de datos" as
            # "use databases". Only names that are the same in every language (our aliases,
            # "Python", "Excel", "Photoshop") are looked for.
            language = "en"
        scores: dict[int, tuple[float, str]] = {}
        seen_in: dict[int, int] = Counter()
        parts = (
            ("title", request.title, TITLE_WEIGHT),
            ("topic", "\n".join(request.topics), TOPIC_WEIGHT),
            ("text", request.body, BODY_WEIGHT),
        )
        for where, text, weight in parts:
            if not text:
                continue
            phrases = self._phrases(text, language)
            if where == "text" and boilerplate:
                phrases = Counter(
                    {p: n for p, n in phrases.items() if key(p, language) not in boilerplate}
                )
            matches = self._matches(phrases, language, names_only=names_only)
            for owner, (quality, phrase, mentions) in matches.items():
                seen_in[owner] += 1
                value = quality * weight + REPEAT_BONUS * min(mentions - 1, 3)
                if value > scores.get(owner, (0.0, ""))[0]:
                    scores[owner] = (value, f"{where}: {phrase}")
        # Named in the title and again in the body or topics: more certain than either alone.
        return {
            owner: (round(min(1.0, value + REPEAT_BONUS * (seen_in[owner] - 1)), 4), evidence)
            for owner, (value, evidence) in scores.items()
        }

    def _ranked(self, scores: dict[int, tuple[float, str]], limit: int, language: str):
        ranked = sorted(scores.items(), key=lambda item: (-item[1][0], self.skill_labels[item[0]]))
        return [
            Suggestion(self.skill_ids[owner], score, self.label_of(owner, language), evidence)
            for owner, (score, evidence) in ranked[:limit]
        ]

    def suggest(
        self,
        text: str,
        limit: int = 10,
        *,
        title: str = "",
        topics: Sequence[str] = (),
        language: str | None = None,
    ) -> list[Suggestion]:
        """The `limit` skills the text most likely covers, best first. `language` None: guessed
        from the text (English when it says too little)."""
        if limit <= 0:
            return []
        language = language or text_language(f"{title}\n{text}")
        request = TagRequest(title=title, body=text or "", topics=topics, language=language)
        return self._ranked(self.score(request), limit, language)

    def suggest_many(
        self, requests: Sequence[TagRequest], limit: int = 10
    ) -> list[list[Suggestion]]:
        """`suggest` for a whole batch, treating body phrases common to many rows as boilerplate."""
        boilerplate = self.boilerplate(requests)
        return [
            self._ranked(
                self.score(request, boilerplate=boilerplate.get(request.language, frozenset())),
                limit,
                request.language,
            )
            for request in requests
        ]

    def boilerplate(self, requests: Sequence[TagRequest]) -> dict[str, frozenset[str]]:
        """Per language, the label keys met in the body of more than BOILERPLATE_SHARE of rows."""
        by_language: dict[str, Counter] = {}
        rows: Counter = Counter()
        for request in requests:
            if request.language not in LANGUAGES or not request.body:
                continue
            rows[request.language] += 1
            keys = {key(p, request.language) for p in self._phrases(request.body, request.language)}
            index = self.index[request.language]
            by_language.setdefault(request.language, Counter()).update(
                k for k in keys if k in index
            )
        return {
            language: frozenset(
                k
                for k, n in counts.items()
                if rows[language] >= BOILERPLATE_MIN_ROWS and n > BOILERPLATE_SHARE * rows[language]
            )
            for language, counts in by_language.items()
        }


def taxonomy_labels():
    """Every skill of the database as SkillLabels, for a tagger or the linker."""
    from skills.models import Skill

    rows = Skill.objects.order_by("id").values_list(
        "id", "name", "alt_labels", "name_fr", "alt_labels_fr", "same_as_id", "source", "uri"
    )
    for skill_id, name, alt, name_fr, alt_fr, same_as, source, uri in rows.iterator(
        chunk_size=5000
    ):
        yield SkillLabels(
            skill_id,
            name,
            tuple(alt or ()),
            name_fr,
            tuple(alt_fr or ()),
            same_as,
            esco=source == "esco",
            # O*NET's 68 broad elements ("Design", "Science") name fields, not what a course
            # teaches; they stay for the roles that require them, out of free-text tagging.
            taggable=not uri.startswith("onet:element:"),
        )


@dataclass(frozen=True)
class Alias:
    """One row of the curated alias table: a provider's label or a phrase → one skill."""

    label: str
    uri: str
    confidence: float
    language: str = "en"


def read_aliases(path: Path = ALIASES_FILE) -> list[Alias]:
    """The alias table (courses/data/skill_aliases.csv; rules in courses/data/README.md)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Alias(
                row["label"].strip(),
                row["uri"].strip(),
                float(row["confidence"]),
                "fr" if row.get("note", "").strip().upper().startswith("FR") else "en",
            )
            for row in csv.DictReader(handle)
            if row["label"].strip() and row["uri"].strip()
        ]


def alias_skill_ids(aliases: Iterable[Alias]) -> dict[str, int]:
    """uri → Skill pk for the aliases' skills present in the database."""
    from skills.models import Skill

    uris = {alias.uri for alias in aliases}
    return dict(Skill.objects.filter(uri__in=uris).values_list("uri", "id"))


def text_aliases(aliases: Iterable[Alias], ids: dict[str, int]) -> list[tuple[int, str, str]]:
    """The aliases sure enough to read in free text, in their language; English ones serve
    French text too ("machine learning", "Python" are written so in French)."""
    out = []
    for alias in aliases:
        if alias.confidence < TEXT_ALIAS_MIN_CONFIDENCE or alias.uri not in ids:
            continue
        out.append((ids[alias.uri], alias.label, alias.language))
        if alias.language == "en":
            out.append((ids[alias.uri], alias.label, "fr"))
    return out


def _taxonomy_version() -> str:
    """Changes when a skill is added, edited or twinned, or the alias table is edited."""
    from django.db.models import Count, Max

    from skills.models import Skill

    stamp = Skill.objects.aggregate(n=Count("id"), last=Max("updated_at"), twins=Count("same_as"))
    return f"{stamp['n']}:{stamp['last']}:{stamp['twins']}:{ALIASES_FILE.stat().st_mtime}"


def _tagger_build(_version: str) -> SkillTagger:
    aliases = read_aliases()
    ids = alias_skill_ids(aliases)
    return SkillTagger(taxonomy_labels(), aliases=text_aliases(aliases, ids))


_tagger = VersionedCache(_taxonomy_version, _tagger_build)


def taxonomy_tagger() -> SkillTagger:
    """The tagger for the skills in the database and the alias table, rebuilt when either
    changes."""
    return _tagger.get()


def suggest_skills(
    text: str, limit: int = 10, *, title: str = "", language: str | None = None
) -> list[Suggestion]:
    """Propose up to `limit` taxonomy skills for free text (course description, CV…), best first.

    Each Suggestion has `skill_id` (a skills.Skill pk; the ESCO skill where an O*NET twin names
    the same thing), `score` (0–1), `label` and `evidence` (where and which phrase matched).
    `language` None: guessed from the text; one we have no labels for gets no suggestion.
    """
    return taxonomy_tagger().suggest(text or "", limit, title=title, language=language)
