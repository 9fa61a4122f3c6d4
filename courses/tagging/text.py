"""Words of a text: folding, stop words, a light stemmer, order-free keys, the language.

Shared by the tagger (courses.tagging), the linker and the CV evidence (advisor.proposals), so a
phrase and a label are always cut and compared the same way.
"""

import functools
import re
import unicodedata
from collections import Counter

LANGUAGES = ("en", "fr")  # the languages we have skill labels in

_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[.'’-][a-z0-9+#]+)*")
_PARENTHESES = re.compile(r"\s*\(([^)]*)\)")
_SENTENCE = re.compile(r"[\n\r.;:!?•·|()\[\]\"“”,/]+")
# Boilerplate sentences the scrapes add to every row.
_BOILERPLATE = re.compile(
    r"offered by [^\n.]*\.?|\b\d+\s+lectures?\b|verified certificate[^\n.]*", re.IGNORECASE
)

COURSE_WORDS = set(
    """learn learning learner learners course courses student students module modules week
    weeks will use using skill skills introduction intro understand understanding including
    new basic basics offered lecture lectures complete beginner beginners advanced guide
    part step class lesson lessons free online certificate specialization project tutorial
    master masterclass ultimate practical hands fundamentals essentials 101 level
    professional easy way today best quick pro how""".split()
)
FRENCH_STOP_WORDS = set(
    """a au aux avec ce ces cette comment d dans de des du elle elles en est et etre il ils l
    la le les leur leurs mais ne nous on ou par pas plus pour qu que qui s sa se ses son
    sont sur un une vos votre vous y cours apprendre utiliser""".split()
)
# Function words only. (scikit-learn's list also drops "fire", "system", "bill", "computer"-era
# words that are half of many skill labels: "build a fire" became "build".) Left out of keys
# too: "use", so "use spreadsheets software" is "spreadsheet software" in course text.
ENGLISH_STOP_WORDS = set(
    """a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each either etc few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just may me might more most must my myself no nor not of off on once only
    or other our ours ourselves out over own same shall she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up
    upon us very via was we were what when where which while who whom why will with within
    without would you your yours yourself yourselves""".split()
)
STOP_WORDS = {
    "en": frozenset(ENGLISH_STOP_WORDS | {"use", "using"}),
    "fr": frozenset(FRENCH_STOP_WORDS),
}
# Course words end no phrase alone ("learning"), yet belong inside one ("machine learning").
LONE_STOP_WORDS = {"en": frozenset(COURSE_WORDS), "fr": frozenset({"cours", "apprendre"})}

# Function words that give a text's language away; a short text with none stays undecided.
_LANGUAGE_MARKERS = {
    "en": {"the", "and", "of", "to", "is", "you", "with", "for", "this", "that", "your", "how"},
    "fr": {"le", "les", "des", "et", "est", "vous", "pour", "une", "dans", "avec", "du", "cette"}
    | {"je", "j", "ai", "nous", "sont", "au", "aux", "sur", "qui", "pas", "l"},
    "es": {"el", "los", "las", "del", "y", "para", "con", "una", "por", "como", "este", "esta"},
    "pt": {"os", "das", "dos", "para", "com", "uma", "nao", "voce", "em", "ao", "como", "seu"},
    "de": {"der", "die", "das", "und", "ist", "mit", "fur", "sie", "ein", "eine", "zu", "auf"},
    "it": {"il", "gli", "della", "delle", "che", "con", "per", "una", "di", "sono", "come", "nel"},
}

# Suffixes cut by `stem`, longest first; enough to meet inflections, not a linguist's stemmer.
_SUFFIXES = sorted(
    set(
        """isations izations isation ization ations ation ements ement ments ment ities ity
        ings ing ers er ies ied ics ic ate ed es is al ly s e ique iques eur eurs aux""".split()
    ),
    key=len,
    reverse=True,
)


def fold(text: str) -> str:
    """Lower case without accents or elisions: "L'Données" → "l donnees"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("'", " ").replace("’", " "))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def normalise(text: str) -> str:
    return " ".join(words(text))


@functools.lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """A light stem: "programming" → "program", "analyses" → "analys", "budgets" → "budget"."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for _round in range(2):
        for suffix in _SUFFIXES:
            if suffix == "s" and word.endswith("ss"):
                continue  # "sass" is not "sas"
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        else:
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # programm → program, plann → plan
    return word


@functools.lru_cache(maxsize=1 << 18)
def key(text: str, language: str = "en") -> str:
    """The order-free stem key a label or phrase is looked up by ("" if only stop words)."""
    stop = STOP_WORDS.get(language, STOP_WORDS["en"])
    return " ".join(sorted({stem(w) for w in words(text) if w not in stop}))


def guess_language(text: str) -> str | None:
    """The language a text is written in, from its function words; None when it says too little."""
    counts: Counter[str] = Counter()
    for word in words(text[:3000]):
        for language, markers in _LANGUAGE_MARKERS.items():
            if word in markers:
                counts[language] += 1
    if not counts:
        return None
    (best, hits), *rest = counts.most_common()
    runner_up = rest[0][1] if rest else 0
    if hits >= 2 and hits >= 1.5 * runner_up:
        return best
    return None


def text_language(text: str, declared: str = "") -> str:
    """The language to tag a text in: what the source declares, unless the text clearly says
    otherwise (Coursera declares nothing, and some of its courses are in Spanish)."""
    declared = (declared or "").lower()[:2]
    guessed = guess_language(text)
    if guessed and guessed != declared and (not declared or declared == "en"):
        return guessed
    return declared or guessed or "en"
