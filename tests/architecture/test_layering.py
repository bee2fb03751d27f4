"""The house has four floors and its arrows only go down (docs/architecture.md).

1. core imports no app;
2. an app imports nothing from an app on a floor above it;
3. from any other app it takes only that app's ports — its selectors (reads), services
   (writes), forms (widgets such as the area box), permissions, and names of its models
   module that are not models: choices and constants, never a model to query;
4. every app says which floor it lives on, so a new app is placed before it is built on.

Imports under ``if TYPE_CHECKING:`` name types for annotations and are not arrows. Demo
builders (``demo.py``) create a world of records and may read the reference data
directly; tests, migrations and the shared test builders are not part of the house.
"""

import ast
import importlib
import pathlib

import pytest
from django.conf import settings
from django.db import models

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ROOT / "abadi"

FLOORS = {
    "core": 1,
    "geography": 2,
    "accounts": 2,
    "organisations": 2,
    "people": 2,
    "loans": 3,
    "volunteers": 3,
    "projects": 3,
    "funds": 3,
    "relief": 3,
    "training": 3,
    "events": 3,
    "reporting": 4,
}
PORTS = {"selectors", "services", "forms", "permissions", "models"}
NOT_PART_OF_THE_HOUSE = {"tests", "migrations"}


def _app_labels() -> list[str]:
    return [app.rsplit(".", 1)[1] for app in settings.ABADI_APPS]


def _sources(label: str):
    for path in sorted((APPS / label).rglob("*.py")):
        parts = set(path.relative_to(APPS / label).parts)
        if parts & NOT_PART_OF_THE_HOUSE or path.name == "demo.py":
            continue
        yield path


def _type_only(tree: ast.AST) -> set[int]:
    """Ids of the import nodes under ``if TYPE_CHECKING:``: names for annotations only,
    nothing the code can query."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            skipped.update(id(child) for child in ast.walk(node))
    return skipped


def _imports(path: pathlib.Path):
    """(line, module, names) of every ``abadi.…`` import in a file, at any depth, but for
    those made for type annotations only."""
    tree = ast.parse(path.read_text(), str(path))
    type_only = _type_only(tree)
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("abadi."):
                yield node.lineno, node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("abadi."):
                    yield node.lineno, alias.name, []


def _is_a_model(module: str, name: str) -> bool:
    found = getattr(importlib.import_module(module), name, None)
    return isinstance(found, type) and issubclass(
        found, models.Model | models.Manager | models.QuerySet
    )


def _violations(label: str) -> list[str]:
    floor = FLOORS[label]
    found = []
    for path in _sources(label):
        where = path.relative_to(ROOT)
        for line, module, names in _imports(path):
            parts = module.split(".")
            other = parts[1]
            if other == label or other == "testing":
                continue
            if label == "core":
                found.append(f"{where}:{line} core imports {module}")
                continue
            if other == "core":
                continue
            if other not in FLOORS:
                found.append(f"{where}:{line} imports {module}, an app with no floor")
                continue
            if FLOORS[other] > floor:
                found.append(f"{where}:{line} imports {module} from a floor above")
                continue
            port = parts[2] if len(parts) > 2 else ""
            if port not in PORTS:
                found.append(f"{where}:{line} imports {module}: not a port of {other}")
                continue
            if port == "models":
                found.extend(
                    f"{where}:{line} imports the model {name} of {other}: use its selectors"
                    for name in names
                    if _is_a_model(module, name)
                )
    return found


def test_every_app_has_a_floor():
    assert set(_app_labels()) <= set(FLOORS)


@pytest.mark.parametrize("label", _app_labels())
def test_arrows_only_go_down_and_through_ports(label):
    assert _violations(label) == []


def test_the_walk_sees_what_it_must_refuse(tmp_path, monkeypatch):
    """A file of a floor-3 app that queries a floor-2 app's model, imports reporting, and
    a view of a peer: each is found."""
    app = tmp_path / "abadi" / "loans"
    app.mkdir(parents=True)
    (app / "sample.py").write_text(
        "from abadi.people.models import Person, Programme\n"
        "from abadi.reporting.selectors import indicator_values\n"
        "from abadi.projects.views import project_list\n"
        "from abadi.people.selectors import person_get\n"
    )
    monkeypatch.setattr(__import__(__name__), "APPS", tmp_path / "abadi", raising=False)
    import tests.architecture.test_layering as walk

    monkeypatch.setattr(walk, "APPS", tmp_path / "abadi")
    monkeypatch.setattr(walk, "ROOT", tmp_path)
    found = walk._violations("loans")
    assert len(found) == 3
    assert "the model Person of people" in found[0]
    assert "from a floor above" in found[1]
    assert "not a port of projects" in found[2]
