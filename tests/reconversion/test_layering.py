"""Apps depend one way: accounts ← skills ← courses ← advisor ← counselling.

A lower app never imports a higher one (accounts, at the base, imports no other project app),
and the engine (advisor/engine/) imports neither Django nor any project app: it is plain Python
on arrays. Every import statement of every app module counts, including those inside functions,
read with `ast` so that no module is imported to check it.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Lowest first: an app may import only the apps before it.
LAYERS = ("accounts", "skills", "courses", "advisor", "counselling")
ENGINE = ("advisor", "engine")
# The wiring that loads every app: an app importing it would import the apps above it. (Apps
# may use reconversion's small helpers, such as the environment readers and the Celery app.)
WIRING = {"reconversion.settings", "reconversion.urls", "reconversion.wsgi", "reconversion.asgi"}
PROJECT = set(LAYERS) | {"reconversion"}


@dataclass(frozen=True)
class Violation:
    module: str
    imported: str
    rule: str

    def __str__(self) -> str:
        return f"{self.module} imports {self.imported}: {self.rule}"


def imported_modules(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """Absolute names of every module `source` imports (relative imports resolved against
    `module`; for `from x import y`, both x and x.y, as y may be a submodule)."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            stem = ".".join([*base, node.module] if node.module else base)
            names.append(stem)
            names += [f"{stem}.{alias.name}" for alias in node.names if alias.name != "*"]
    return names


def violations(source: str, module: str, *, is_package: bool = False) -> list[Violation]:
    """What in `source` (the text of `module`) breaks the layering."""
    parts = module.split(".")
    app = parts[0]
    in_engine = tuple(parts[:2]) == ENGINE
    found = []
    for name in imported_modules(source, module, is_package=is_package):
        top = name.split(".")[0]
        if in_engine:
            if top == "django":
                found.append(Violation(module, name, "the engine is free of Django"))
            elif top in PROJECT and tuple(name.split(".")[:2]) != ENGINE:
                found.append(Violation(module, name, "the engine imports no project app"))
        elif name in WIRING:
            found.append(Violation(module, name, "apps do not import the wiring"))
        elif top in LAYERS and LAYERS.index(top) > LAYERS.index(app):
            found.append(Violation(module, name, f"{app} is below {top}"))
    # `from x import y` lists both x and x.y: one violation per statement is enough.
    return [v for v in found if not any(v.imported.startswith(o.imported + ".") for o in found)]


def app_modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            is_package = relative.name == "__init__"
            parts = relative.parts[:-1] if is_package else relative.parts
            yield path, ".".join(parts), is_package


def test_every_app_module_respects_the_layers():
    checked, found = 0, []
    for path, module, is_package in app_modules():
        found += violations(path.read_text(encoding="utf-8"), module, is_package=is_package)
        checked += 1
    assert checked > 100  # the walk really reached the apps
    assert not found, "\n".join(map(str, found))


def test_an_upward_import_is_a_violation():
    source = "from counselling.models import Grant\n"
    assert [str(v) for v in violations(source, "advisor.services")] == [
        "advisor.services imports counselling.models: advisor is below counselling"
    ]


def test_accounts_importing_any_app_is_a_violation():
    source = "def export(user):\n    from advisor.models import Profile\n"
    assert [v.rule for v in violations(source, "accounts.selectors")] == [
        "accounts is below advisor"
    ]


def test_a_relative_import_out_of_the_engine_is_a_violation():
    source = "from ...models import Profile\nfrom ..gap import GapResult\n"
    assert [str(v) for v in violations(source, "advisor.engine.planner", is_package=True)] == [
        "advisor.engine.planner imports advisor.models: the engine imports no project app"
    ]
    source = "from ...models import Profile\n"
    assert [v.imported for v in violations(source, "advisor.engine.planner.candidates")] == [
        "advisor.models"
    ]


def test_django_in_the_engine_is_a_violation():
    source = "import numpy as np\nfrom django.db import models\n"
    assert [v.rule for v in violations(source, "advisor.engine.gap")] == [
        "the engine is free of Django"
    ]


def test_downward_and_sideways_imports_are_allowed():
    source = (
        "from django.db import models\nfrom accounts.models import User\n"
        "from skills.models import Skill\nfrom courses.models import Resource\n"
        "from .models import Profile\nfrom reconversion.celery import app\n"
    )
    assert violations(source, "advisor.services") == []


def test_importing_the_wiring_is_a_violation():
    source = "from reconversion import urls\n"
    assert [str(v) for v in violations(source, "skills.views")] == [
        "skills.views imports reconversion.urls: apps do not import the wiring"
    ]
