"""Static check: views modules (every module a urls.py imports views from) and API modules (every
app's api.py / api/ package and every router the project's api.py mounts) hold no ORM query.

Flags, by reading the source (AST), never by importing it:
- any ``.objects`` attribute (a model manager),
- ``get_object_or_404`` / ``get_list_or_404``,
- QuerySet methods that no Python built-in type has: ``.filter(`` ``.exclude(`` ``.annotate(`` …,
  ``.all()`` ``.first()`` ``.last()`` ``.exists()`` ``.count()`` ``.delete()`` without arguments,
  ``.get(``/``.create(`` with keyword arguments only (``dict.get`` takes a positional key),
  ``.values(``/``.values_list(`` with arguments.
Queries belong in the app's selectors.py / access.py (reads) and services.py (writes).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "shanglian"

ALWAYS = {"filter", "exclude", "annotate", "aggregate", "select_related", "prefetch_related", "order_by",
          "only", "defer", "select_for_update", "distinct", "in_bulk", "bulk_create", "bulk_update",
          "get_or_create", "update_or_create", "values_list", "iterator", "raw", "extra", "none", "union"}
NO_ARGS = {"all", "first", "last", "exists", "count", "delete", "earliest", "latest"}
KEYWORDS_ONLY = {"get", "create"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def views_modules() -> list[Path]:
    """Modules that the apps' urls.py import views from (``from shanglian.app import views, …``)."""
    found: set[Path] = set()
    for urls in sorted(PACKAGE.glob("*/urls.py")):
        app = urls.parent
        tree = ast.parse(urls.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("shanglian."):
                for alias in node.names:
                    candidate = app / f"{alias.name}.py"
                    package = app / alias.name / "__init__.py"
                    if node.module == f"shanglian.{app.name}" and candidate.exists():
                        found.add(candidate)
                    elif node.module == f"shanglian.{app.name}" and package.exists():
                        found.update((app / alias.name).glob("*.py"))
                    elif node.module == f"shanglian.{app.name}.views" and (app / "views" / f"{alias.name}.py").exists():
                        found.add(app / "views" / f"{alias.name}.py")  # from shanglian.app.views import x
    return sorted(found)


def api_modules() -> list[Path]:
    """Every app's ``api.py`` or ``api/`` package, and any module the project's api.py imports a
    router from (``from shanglian.app.module import router``)."""
    found: set[Path] = set(PACKAGE.glob("*/api.py")) | set(PACKAGE.glob("*/api/*.py"))
    project = PACKAGE / "api.py"
    if project.exists():
        for node in ast.walk(ast.parse(project.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("shanglian."):
                parts = node.module.split(".")[1:]
                module, package = PACKAGE.joinpath(*parts).with_suffix(".py"), PACKAGE.joinpath(*parts)
                if module.exists() and len(parts) > 1:
                    found.add(module)
                elif (package / "__init__.py").exists() and len(parts) > 1:
                    found.update(package.glob("*.py"))
    return sorted(found)


def findings_in(path: Path) -> list[Finding]:
    rel = str(path.relative_to(ROOT))
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[Finding] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            out.append(Finding(rel, node.lineno, "model manager `.objects`"))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in SHORTCUTS:
                out.append(Finding(rel, node.lineno, f"`{func.id}()`"))
            elif isinstance(func, ast.Attribute):
                name, args, kwargs = func.attr, node.args, node.keywords
                if name in ALWAYS or (name in NO_ARGS and not args and not kwargs) \
                        or (name in KEYWORDS_ONLY and kwargs and not args) or (name == "values" and (args or kwargs)):
                    out.append(Finding(rel, node.lineno, f"query method `.{name}()`"))
    return out


def all_findings() -> list[Finding]:
    return [f for path in sorted(set(views_modules()) | set(api_modules())) for f in findings_in(path)]


if __name__ == "__main__":
    for finding in all_findings():
        print(finding)
