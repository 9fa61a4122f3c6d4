"""From a resource's difficulty to the skill levels it expects first and takes you to (0–5).

One place for the rule, used by the linker (automatic links), the curators' review queue
(default level offered) and anything else that needs it. The scale is DESIGN.md's: 0 none,
1 awareness, 2 foundations, 3 applies with guidance, 4 autonomous, 5 expert.
"""

# difficulty → (level required first, level reached). A beginner or introductory course starts
# from nothing; each step up expects one level below the one before it reaches, so an
# intermediate course never asks for more than a beginner course gives (2).
LEVELS_BY_DIFFICULTY = {
    "beginner": (0, 2),
    "introductory": (0, 2),
    "mixed": (0, 2),
    "intermediate": (1, 3),
    "advanced": (2, 4),
}
DEFAULT_LEVELS = (0, 2)


def levels_for_difficulty(difficulty: str) -> tuple[int, int]:
    """(level required first, level reached) for a difficulty word; unknown words count as
    beginner, the cautious reading (no prerequisite invented)."""
    return LEVELS_BY_DIFFICULTY.get((difficulty or "").strip().lower(), DEFAULT_LEVELS)
