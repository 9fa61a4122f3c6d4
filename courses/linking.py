"""Linking the catalogue to skills: every resource, its provider's labels and its text.

`catalogue_link()` goes over the resources (drafts and published) and, for each one:

1. resolves the provider's own labels (`Resource.topics`: Coursera skill strings, edX and Udemy
   subjects) to skills, in this order: our curated alias table (courses/data/skill_aliases.csv,
   origin "alias"); a taxonomy label written the same way (origin "provider"); the same words
   in another order or inflection ("analysing data" / "data analysis", origin "fuzzy"); a close
   spelling by character n-grams, one TF-IDF transform for every label of the batch (origin
   "fuzzy");
2. tags the title and description with the tagger (courses.tagging, origin "tagger"), in the
   row's language; in a language we have no labels for, only product names are looked for;
3. keeps, per skill, the best evidence as a confidence 0–1 (O*NET twins count as their ESCO
   skill). Links at or above ACCEPT_CONFIDENCE are written as ResourceSkill rows, with levels
   from the resource's difficulty (courses.levels), and a draft that gains one is published
   (with its curation history); weaker ones become pending SkillSuggestions for the curators,
   with their evidence.

It never overwrites or deletes a link a curator made (origin curator or file), never re-suggests
or links a skill a curator rejected for that resource, never republishes a resource a person
moved back to draft, and is idempotent: a second run creates nothing. Automatic links it no
longer stands by (an older alias table) are removed, and a resource it published with nothing
left goes back to draft.
"""

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import cast

import numpy as np
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from sklearn.feature_extraction.text import TfidfVectorizer

from .levels import link_levels
from .models import Resource, ResourceSkill, ResourceStatusChange, SkillSuggestion
from .tagging import (
    SkillTagger,
    TagRequest,
    alias_skill_ids,
    normalise,
    read_aliases,
    taxonomy_labels,
    taxonomy_tagger,
    text_language,
)

# Calibrated on the tuning part of the labelled set (docs/catalogue-linking.md): the lowest
# confidence at which accepted links stay mostly right.
ACCEPT_CONFIDENCE = 0.8
# Below this a match is noise, not worth a curator's minute.
SUGGEST_CONFIDENCE = 0.45
MAX_LINKS = 8
MAX_SUGGESTIONS = 8
# Confidence by how a provider label met its skill.
PREFERRED_LABEL_CONFIDENCE = 0.95
ALT_LABEL_CONFIDENCE = 0.9
KEY_MATCH_CONFIDENCE = 0.85
# Character n-gram cosine from which two spellings name one skill; confidence = cosine × factor.
FUZZY_MIN_SIMILARITY = 0.8
FUZZY_FACTOR = 0.9
BOTH_BONUS = 0.05  # the provider's label and the text agree
# A provider label the title and text never mention is often a side topic (Coursera lists up
# to 30 per specialisation): it counts for less than one they do.
TOPIC_ONLY_FACTOR = 0.8
# A resource no link reaches ACCEPT_CONFIDENCE for still gets its best provider label if it
# reaches this: a subject such as Udemy's "Musical Instruments" is right for nearly all its rows
# but too broad to add when something more precise was found.
FALLBACK_CONFIDENCE = 0.55
AUTOMATIC = (
    ResourceSkill.Origin.PROVIDER,
    ResourceSkill.Origin.ALIAS,
    ResourceSkill.Origin.FUZZY,
    ResourceSkill.Origin.TAGGER,
)
CHUNK = 500
PUBLISH_NOTE = "skill linking"
UNPUBLISH_NOTE = "skill linking: no sure link left"


@dataclass
class Candidate:
    skill_id: int
    confidence: float
    origin: str
    evidence: str


@dataclass
class LinkReport:
    """What a linking run did; `unpublished` names every resource left unpublished and why."""

    resources: int = 0
    links_created: int = 0
    links_updated: int = 0
    links_kept_curated: int = 0
    links_removed: int = 0  # automatic links the linker no longer stands by
    unpublished_again: int = 0  # published by the linker, and no sure link is left
    matches: Counter = field(default_factory=Counter)  # origin → links written or confirmed
    suggestions_created: int = 0
    suggestions_updated: int = 0
    published: int = 0
    already_published: int = 0
    unpublished: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["matches"] = dict(self.matches)
        return data

    def lines(self) -> list[str]:
        reasons = Counter(item["reason_code"] for item in self.unpublished)
        out = [
            f"Skill linking over {self.resources} resources: {self.links_created} links created, "
            f"{self.links_updated} updated, {self.links_removed} removed, "
            f"{self.links_kept_curated} curator links kept",
            "  matches by kind: "
            + (", ".join(f"{k} {v}" for k, v in sorted(self.matches.items())) or "none"),
            f"  suggestions for review: {self.suggestions_created} created, "
            f"{self.suggestions_updated} updated",
            f"  published: {self.published} now, {self.already_published} already, "
            f"{self.unpublished_again} back to draft; {len(self.unpublished)} left unpublished",
        ]
        out += [f"    {count} × {code}" for code, count in reasons.most_common()]
        return out


class TopicResolver:
    """Provider labels → skill candidates (alias, exact label, key, close spelling)."""

    def __init__(self, tagger: SkillTagger, labels: Iterable, aliases, alias_ids: dict[str, int]):
        self.tagger = tagger
        self.aliases: dict[str, list[tuple[int, float]]] = {}
        for alias in aliases:
            skill_id = tagger.owner_of.get(alias_ids.get(alias.uri))
            if skill_id is not None:
                self.aliases.setdefault(normalise(alias.label), []).append(
                    (tagger.skill_ids[skill_id], alias.confidence)
                )
        # Exact labels, English: preferred first, ESCO first; a label several skills share
        # equally is ambiguous and left to the later steps.
        preferred: dict[str, set[int]] = {}
        alternative: dict[str, set[int]] = {}
        texts: list[str] = []
        owners: list[int] = []
        for row in labels:
            owner = tagger.owner_of.get(row.skill_id)
            if owner is None or not row.taggable:
                continue
            for text, is_preferred in [(row.label, True), *((a, False) for a in row.alt_labels)]:
                norm = normalise(text)
                if not norm:
                    continue
                (preferred if is_preferred else alternative).setdefault(norm, set()).add(owner)
                if row.esco:
                    texts.append(norm)
                    owners.append(owner)
        self.preferred = preferred
        self.alternative = alternative
        self.label_owners = np.asarray(owners, dtype=np.int64)
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        self.label_matrix = self.vectorizer.fit_transform(texts).T.tocsr() if texts else None

    def resolve(self, topics: Iterable[str]) -> dict[str, list[Candidate]]:
        """Every distinct topic → its candidates (empty when nothing matched)."""
        found: dict[str, list[Candidate]] = {}
        unresolved: list[str] = []
        for topic in dict.fromkeys(topics):
            norm = normalise(topic)
            candidates = [
                Candidate(skill_id, confidence, ResourceSkill.Origin.ALIAS, f"topic: {topic}")
                for skill_id, confidence in self.aliases.get(norm, [])
            ]
            if not candidates:
                candidates = self._exact(topic, norm)
            found[topic] = candidates
            if not candidates and norm:
                unresolved.append(topic)
        if unresolved and self.label_matrix is not None:
            # One transform and one product for the whole batch, not one per row.
            vectors = self.vectorizer.transform([normalise(t) for t in unresolved])
            similarities = vectors @ self.label_matrix
            for row, topic in enumerate(unresolved):
                line = similarities.getrow(row)
                if not line.nnz:
                    continue
                best = int(line.indices[line.data.argmax()])
                similarity = float(line.data.max())
                if similarity >= FUZZY_MIN_SIMILARITY:
                    owner = int(self.label_owners[best])
                    found[topic] = [
                        Candidate(
                            self.tagger.skill_ids[owner],
                            round(similarity * FUZZY_FACTOR, 4),
                            ResourceSkill.Origin.FUZZY,
                            f"topic: {topic} ≈ {self.tagger.skill_labels[owner]}",
                        )
                    ]
        return found

    def _exact(self, topic: str, norm: str) -> list[Candidate]:
        for index, confidence in (
            (self.preferred, PREFERRED_LABEL_CONFIDENCE),
            (self.alternative, ALT_LABEL_CONFIDENCE),
        ):
            owners = index.get(norm) or index.get(normalise(_bare(topic))) or set()
            if len(owners) == 1:
                owner = next(iter(owners))
                return [
                    Candidate(
                        self.tagger.skill_ids[owner],
                        confidence,
                        ResourceSkill.Origin.PROVIDER,
                        f"topic: {topic}",
                    )
                ]
        entries = self.tagger.lookup(topic, "en")
        return [
            Candidate(
                self.tagger.skill_ids[entry.owner],
                KEY_MATCH_CONFIDENCE,
                ResourceSkill.Origin.FUZZY,
                f"topic: {topic} ~ {self.tagger.skill_labels[entry.owner]}",
            )
            for entry in entries[:1]
        ]


def _bare(text: str) -> str:
    """'Artificial Intelligence (AI)' → 'Artificial Intelligence'."""
    return text.split("(")[0].strip() if "(" in text else text


@dataclass
class Linker:
    """The models a run needs, built once: tagger (with aliases) and topic resolver."""

    tagger: SkillTagger
    resolver: TopicResolver

    @classmethod
    def from_database(cls) -> "Linker":
        tagger = taxonomy_tagger()
        aliases = read_aliases()
        resolver = TopicResolver(tagger, taxonomy_labels(), aliases, alias_skill_ids(aliases))
        return cls(tagger, resolver)

    def requests(self, rows: list[dict], topics: dict[str, list[Candidate]]) -> list[TagRequest]:
        """What the tagger reads of each row: title, body, the topics no label placed (read as
        text, e.g. "Strategy and Operations"), in the row's language."""
        return [
            TagRequest(
                row["title"],
                row["description"],
                [t for t in row["topics"] if not topics.get(t)],
                language=text_language(f"{row['title']}\n{row['description']}", row["language"]),
            )
            for row in rows
        ]

    def boilerplate(self, rows: list[dict]) -> dict[str, frozenset[str]]:
        """Phrases common to the bodies of the whole run (see SkillTagger.boilerplate)."""
        return self.tagger.boilerplate(self.requests(rows, {}))

    def candidates(
        self, rows: list[dict], boilerplate: dict[str, frozenset[str]] | None = None
    ) -> list[list[Candidate]]:
        """For each row (title, description, topics, language), its candidates, best first.

        `boilerplate`: computed over the whole catalogue by the caller, so a chunk's result does
        not depend on which rows share its chunk; None computes it over `rows`.
        """
        topics = self.resolver.resolve(t for row in rows for t in row["topics"])
        requests = self.requests(rows, topics)
        if boilerplate is None:
            boilerplate = self.tagger.boilerplate(requests)
        out = []
        for row, request in zip(rows, requests, strict=True):
            best: dict[int, Candidate] = {}
            for topic in row["topics"]:
                for candidate in topics.get(topic, []):
                    held = best.get(candidate.skill_id)
                    if held is None or candidate.confidence > held.confidence:
                        best[candidate.skill_id] = Candidate(**asdict(candidate))
            scores = self.tagger.score(
                request, boilerplate=boilerplate.get(request.language, frozenset())
            )
            said = set()
            for owner, (score, evidence) in scores.items():
                skill_id = self.tagger.skill_ids[owner]
                if skill_id in best:
                    held = best[skill_id]
                    held.confidence = round(min(1.0, max(held.confidence, score) + BOTH_BONUS), 4)
                    held.evidence = f"{held.evidence}; {evidence}"[:200]
                    said.add(skill_id)
                else:
                    best[skill_id] = Candidate(
                        skill_id, score, ResourceSkill.Origin.TAGGER, evidence[:200]
                    )
            for skill_id, held in best.items():
                if held.origin != ResourceSkill.Origin.TAGGER and skill_id not in said:
                    held.confidence = round(held.confidence * TOPIC_ONLY_FACTOR, 4)
            out.append(sorted(best.values(), key=lambda c: (-c.confidence, c.skill_id)))
        return out

    def accepted(self, candidates: list[Candidate]) -> list[Candidate]:
        """The links the catalogue gets for one row (before curators' rejections)."""
        sure = [c for c in candidates if c.confidence >= ACCEPT_CONFIDENCE][:MAX_LINKS]
        if sure:
            return sure
        fallback = [
            c
            for c in candidates
            if c.origin != ResourceSkill.Origin.TAGGER and c.confidence >= FALLBACK_CONFIDENCE
        ]
        return fallback[:1]


def _rows(resource_ids) -> list[dict]:
    # Resources from our curated files (project briefs) say exactly what they practise: the
    # tagger would only add look-alikes ("post" read in "poster") as false prerequisites.
    query = Resource.objects.exclude(skill_links__origin=ResourceSkill.Origin.CURATED_FILE)
    query = query.order_by("id")
    if resource_ids is not None:
        query = query.filter(id__in=list(resource_ids))
    # The stubs call .values() rows TypedDicts; at run time they are plain dicts.
    return cast(
        list[dict],
        list(
            query.values(
                "id", "title", "description", "topics", "language", "level", "kind", "status"
            )
        ),
    )


def catalogue_link(
    *,
    resource_ids: Iterable[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LinkReport:
    """Link resources (all, or `resource_ids`) to skills and publish those that gain one.

    `progress(done, total)` is called after each chunk of resources. Returns a LinkReport.
    """
    from .services import resources_refresh_search

    rows = _rows(resource_ids)
    report = LinkReport(resources=len(rows))
    if not rows:
        return report
    linker = Linker.from_database()
    total = len(rows)
    if progress:
        progress(0, total)
    boilerplate = linker.boilerplate(rows)
    touched: list[int] = []
    for start in range(0, total, CHUNK):
        chunk = rows[start : start + CHUNK]
        candidates = linker.candidates(chunk, boilerplate)
        touched += _write(chunk, candidates, linker, report)
        if progress:
            progress(min(start + CHUNK, total), total)
    if touched:
        resources_refresh_search(resource_ids=touched)
    return report


def _reason(row: dict, candidates: list[Candidate], linker: Linker, manual_draft: bool) -> dict:
    language = text_language(f"{row['title']}\n{row['description']}", row["language"])
    weak = [c for c in candidates if c.confidence >= SUGGEST_CONFIDENCE]
    if row["status"] == Resource.Status.ARCHIVED:
        code, text = "archived", "archived by a curator"
    elif manual_draft:
        code, text = "curator draft", "a curator moved it back to draft: left as they decided"
    elif weak:
        best = weak[0]
        owner = linker.tagger.owner_of[best.skill_id]
        assert owner is not None  # candidates are always named by their owner skill
        code = "awaiting review"
        text = (
            f"{len(weak)} possible skill(s) below the acceptance threshold "
            f"{ACCEPT_CONFIDENCE} wait in the review queue (best: "
            f"{linker.tagger.skill_labels[owner]} "
            f"{best.confidence:.2f})"
        )
    elif language not in ("en", "fr") and not row["topics"]:
        code = "language without labels"
        text = f"text in {language!r}, a language we have no skill labels for, and no topic"
    else:
        code, text = "no match", "no provider topic or phrase of the text matched a skill"
    return {"resource": row["id"], "title": row["title"], "reason_code": code, "reason": text}


@transaction.atomic
def _write(rows: list[dict], candidates: list[list[Candidate]], linker, report) -> list[int]:
    ids = [row["id"] for row in rows]
    existing: dict[int, dict[int, ResourceSkill]] = {}
    link: ResourceSkill | None
    for link in ResourceSkill.objects.filter(resource_id__in=ids):
        existing.setdefault(link.resource_id, {})[link.skill_id] = link
    suggestions: dict[tuple[int, int], SkillSuggestion] = {
        (s.resource_id, s.skill_id): s for s in SkillSuggestion.objects.filter(resource_id__in=ids)
    }
    last_change = ResourceStatusChange.objects.filter(resource=OuterRef("pk")).order_by(
        "-changed_at", "-id"
    )
    last = (
        Resource.objects.filter(id__in=ids)
        .annotate(
            by=Subquery(last_change.values("changed_by")[:1]),
            to=Subquery(last_change.values("to_status")[:1]),
            note=Subquery(last_change.values("note")[:1]),
        )
        .values_list("id", "status", "by", "to", "note")
    )
    manual_drafts, published_by_linker = set(), set()
    for resource_id, status, by, to, note in last:
        if status == Resource.Status.DRAFT and by is not None and to == Resource.Status.DRAFT:
            manual_drafts.add(resource_id)
        if status == Resource.Status.PUBLISHED and by is None and note == PUBLISH_NOTE:
            published_by_linker.add(resource_id)
    rejected_by_resource: dict[int, set[int]] = {}
    held: SkillSuggestion | None
    for (rid, sid), held in suggestions.items():
        if held.decision == SkillSuggestion.Decision.REJECTED:
            rejected_by_resource.setdefault(rid, set()).add(sid)
    new_links: list[ResourceSkill] = []
    new_suggestions: list[SkillSuggestion] = []
    changed_links, changed_suggestions = [], []
    stale_links: list[int] = []
    to_draft: list[int] = []
    stale_suggestions: list[int] = []
    to_publish: list[int] = []
    touched: list[int] = []
    for row, found in zip(rows, candidates, strict=True):
        resource_id = row["id"]
        practice = row["kind"] in Resource.PRACTICE_KINDS
        required, taught = link_levels(row["level"], practice=practice)
        rejected = rejected_by_resource.get(resource_id, set())
        usable = [c for c in found if c.skill_id not in rejected]
        accepted = linker.accepted(usable)
        accepted_ids = {c.skill_id for c in accepted}
        wrote = False
        # Links an earlier run (an older alias table, another threshold) made and this one
        # does not: removed, so the catalogue says what the linker stands by today.
        kept: dict[int, ResourceSkill] = {}
        for sid, link in existing.get(resource_id, {}).items():
            if link.origin in AUTOMATIC and sid not in accepted_ids:
                stale_links.append(link.id)
                report.links_removed += 1
                wrote = True
            else:
                kept[sid] = link
        for candidate in accepted:
            link = kept.get(candidate.skill_id)
            if link is None:
                new_links.append(
                    ResourceSkill(
                        resource_id=resource_id,
                        skill_id=candidate.skill_id,
                        level_required=required,
                        level_taught=taught,
                        origin=candidate.origin,
                        confidence=candidate.confidence,
                    )
                )
                report.links_created += 1
                wrote = True
            elif link.origin not in AUTOMATIC:
                report.links_kept_curated += 1
                continue
            elif (link.origin, link.confidence) != (candidate.origin, candidate.confidence):
                link.origin, link.confidence = candidate.origin, candidate.confidence
                changed_links.append(link)
                report.links_updated += 1
                wrote = True
            report.matches[candidate.origin] += 1
            pending = suggestions.get((resource_id, candidate.skill_id))
            if pending is not None and pending.decision == SkillSuggestion.Decision.PENDING:
                stale_suggestions.append(pending.id)
        weak = [
            c
            for c in usable
            if SUGGEST_CONFIDENCE <= c.confidence < ACCEPT_CONFIDENCE
            and c.skill_id not in accepted_ids
            and c.skill_id not in kept
        ][:MAX_SUGGESTIONS]
        for candidate in weak:
            held = suggestions.get((resource_id, candidate.skill_id))
            evidence = f"{candidate.origin} · {candidate.evidence}"[:200]
            if held is None:
                new_suggestions.append(
                    SkillSuggestion(
                        resource_id=resource_id,
                        skill_id=candidate.skill_id,
                        score=candidate.confidence,
                        evidence=evidence,
                    )
                )
                report.suggestions_created += 1
            elif held.decision == SkillSuggestion.Decision.PENDING and (
                held.score,
                held.evidence,
            ) != (candidate.confidence, evidence):
                held.score, held.evidence = candidate.confidence, evidence
                changed_suggestions.append(held)
                report.suggestions_updated += 1
        teaches = bool(accepted) or any(link.level_taught > 0 for link in kept.values())
        manual = resource_id in manual_drafts
        if row["status"] == Resource.Status.PUBLISHED and not teaches:
            if resource_id in published_by_linker:
                to_draft.append(resource_id)
                report.unpublished_again += 1
                report.unpublished.append(
                    _reason({**row, "status": "draft"}, usable, linker, False)
                )
            else:
                report.already_published += 1
        elif row["status"] == Resource.Status.PUBLISHED:
            report.already_published += 1
        elif row["status"] == Resource.Status.DRAFT and teaches and not manual:
            to_publish.append(resource_id)
        else:
            report.unpublished.append(_reason(row, usable, linker, manual))
        if wrote:
            touched.append(resource_id)
    ResourceSkill.objects.filter(id__in=stale_links).delete()
    ResourceSkill.objects.bulk_create(new_links, batch_size=1000)
    ResourceSkill.objects.bulk_update(changed_links, ["origin", "confidence"], batch_size=1000)
    SkillSuggestion.objects.filter(id__in=stale_suggestions).delete()
    SkillSuggestion.objects.bulk_create(new_suggestions, batch_size=1000)
    SkillSuggestion.objects.bulk_update(changed_suggestions, ["score", "evidence"], batch_size=1000)
    _move(to_publish, Resource.Status.DRAFT, Resource.Status.PUBLISHED, PUBLISH_NOTE)
    _move(to_draft, Resource.Status.PUBLISHED, Resource.Status.DRAFT, UNPUBLISH_NOTE)
    report.published += len(to_publish)
    return sorted(set(touched) | set(to_publish) | set(to_draft))


def _move(resource_ids: list[int], from_status: str, to_status: str, note: str) -> None:
    """Publish drafts the linker gave a skill (or unpublish those it published and no longer
    links), with one curation-history line each."""
    if not resource_ids:
        return
    now = timezone.now()
    ResourceStatusChange.objects.bulk_create(
        [
            ResourceStatusChange(
                resource_id=resource_id,
                from_status=from_status,
                to_status=to_status,
                changed_at=now,
                note=note,
            )
            for resource_id in resource_ids
        ],
        batch_size=1000,
    )
    Resource.objects.filter(id__in=resource_ids, status=from_status).update(
        status=to_status,
        status_changed_at=now,
        status_changed_by=None,
        updated_at=now,
    )


def print_progress(done: int, total: int) -> None:
    """A `progress` callback for commands: one updating line on stderr."""
    sys.stderr.write(f"\rLinking skills: {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
