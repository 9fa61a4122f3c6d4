"""A provider's difficulty → the level a resource expects first and the level it reaches.

One rule for every source (course scrapes, competitions, our project briefs when they give no
explicit levels), on the 0–5 scale of docs/design.md: 0 none, 1 awareness, 2 foundations,
3 applies with guidance, 4 autonomous, 5 expert.

Courses form a chain, so a beginner can climb it: a beginner course starts at 0 and reaches 2,
an intermediate one expects awareness (1) and reaches 3, an advanced one expects foundations
(2) and reaches 4. The planner counts at most 2 for what a course alone gives (docs/design.md,
"train, then practise": knowledge is foundations; applying it, level 3 and up, takes practice),
so beginner and intermediate courses raise a level there, and an advanced course records what
it aims at for the person who then practises. Practice turns knowledge into skill and is not
capped: it reaches 3 even at the beginner end (1 → 3: a first guided project needs awareness,
not nothing), 3 from foundations when intermediate, and 4 when advanced, building on a 3.

Pure Python (no Django import): the importers, the linker and the engine's tests all call it.
"""

# Every provider vocabulary we import, lower-cased, onto the catalogue's four levels
# (courses.models.Resource.Level values).
DIFFICULTY_LEVEL = {
    "beginner": "beginner",
    "introductory": "beginner",  # edX
    "beginner level": "beginner",  # Udemy
    "getting started": "beginner",  # Kaggle host segment
    "intermediate": "intermediate",
    "intermediate level": "intermediate",
    "playground": "intermediate",  # Kaggle: practice data sets without prize money
    "advanced": "advanced",
    "expert level": "advanced",
    "featured": "advanced",  # Kaggle: full-size, prize-money problems
    "research": "advanced",  # Kaggle: open research problems
    "mixed": "mixed",
    "all levels": "mixed",
}

# (level expected first, level reached) per catalogue level.
COURSE_LEVELS = {
    "beginner": (0, 2),
    "mixed": (0, 2),
    "intermediate": (1, 3),
    "advanced": (2, 4),
}
PRACTICE_LEVELS = {
    "beginner": (1, 3),
    "mixed": (1, 3),
    "intermediate": (2, 3),
    "advanced": (3, 4),
}


def resource_level(difficulty: str) -> str:
    """'Introductory' / 'Beginner Level' / 'All Levels' … → beginner / intermediate /
    advanced / mixed; an unknown or empty difficulty is 'mixed' (it promises nothing)."""
    return DIFFICULTY_LEVEL.get((difficulty or "").strip().lower(), "mixed")


def link_levels(difficulty: str, *, practice: bool = False) -> tuple[int, int]:
    """(level required first, level reached) of a skill a resource of `difficulty` teaches.

    `difficulty` is the provider's own word or a catalogue level; `practice` for projects,
    competitions and hackathons. The first value is always below the second, as
    ResourceSkill's constraint wants.
    """
    table = PRACTICE_LEVELS if practice else COURSE_LEVELS
    return table[resource_level(difficulty)]
