"""Architecture rules that import-linter cannot express, checked on the source (AST):

- every views module, urls and api of a domain app is protected by an import-linter contract in
  pyproject.toml (so a new views module cannot slip past it);
- no module imports another app's underscored module or name (``from shanglian.directory.exporting
  import _safe``): apps talk through public services/selectors/access or registries;
- views modules hold no ORM query (tests/architecture/orm_check.py): reads go through the app's
  selectors.py / access.py, writes through services.py.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from tests.architecture.orm_check import PACKAGE, ROOT, all_findings, api_modules, views_modules

# Every app but the shared layers (text, core): later apps are covered as soon as they exist.
DOMAIN_APPS = tuple(sorted(p.parent.name for p in PACKAGE.glob("*/apps.py") if p.parent.name not in ("core", "text")))


def _protected() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return {m for c in contracts if c["type"] == "protected" for m in c["protected_modules"]}


def test_every_views_urls_and_api_module_is_protected():
    protected = _protected()
    expected = set()
    for p in views_modules():
        app = p.relative_to(PACKAGE).parts[0]
        if app in DOMAIN_APPS:  # a views package is protected as a whole
            expected.add(f"shanglian.{app}.views" if p.parent.name == "views" else f"shanglian.{app}.{p.stem}")
    expected |= {f"shanglian.{app}.{name}" for app in DOMAIN_APPS for name in ("urls", "api")
                 if (PACKAGE / app / f"{name}.py").exists()}
    missing = sorted(expected - protected)
    assert not missing, f"add {missing} to the app's `protected` contract in pyproject.toml ([tool.importlinter])"


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "shanglian" else None


def test_no_cross_app_underscored_imports():
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "migrations" in rel.parts:
            continue
        here = rel.parts[1] if len(rel.parts) > 2 else None
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
                names = [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                modules, names = [a.name for a in node.names], []
            else:
                continue
            for module in modules:
                app = _app_of(module)
                if app is None or app == here:
                    continue
                private = [p for p in module.split(".")[2:] if p.startswith("_") and not p.startswith("__")]
                private += [n for n in names if n.startswith("_") and not n.startswith("__")]
                if private:
                    bad.append(f"{rel}:{node.lineno}: {module} {private}")
    assert not bad, "another app's private module or name is imported:\n" + "\n".join(bad)


def test_views_modules_found():
    names = {f"{p.parent.name}/{p.name}" for p in views_modules()}
    assert {"events/views_public.py", "directory/activity.py", "festival/views.py", "core/views.py"} <= names


def test_api_modules_found():
    """Every app with an API is read by the ORM check (17 apps; those with an api.py today)."""
    names = {p.relative_to(PACKAGE).parts[0] for p in api_modules()}
    with_api = {p.parent.name for p in PACKAGE.glob("*/api.py")} | {p.parent.name for p in PACKAGE.glob("*/api/")}
    assert with_api <= names
    assert {"directory", "matching", "events", "festival", "customs", "crossborder", "sharing", "incubation",
            "agreements", "mailings", "news", "consultations", "charity", "competition"} <= names


def test_no_orm_in_views():
    findings = sorted({(f.path, f.line, f.what) for f in all_findings()})
    assert not findings, ("ORM queries in views or API modules (move them to the app's selectors.py / access.py /"
                          " services.py):\n"
                          + "\n".join(f"{p}:{n}: {w}" for p, n, w in findings))


def test_orm_check_catches_queries(tmp_path: Path):
    from tests.architecture.orm_check import findings_in

    sample = ROOT / "tests" / "architecture" / "_sample_views.txt"
    source = ('def v(request, pk):\n    a = Event.objects.get(pk=pk)\n    b = event.sessions.all()\n'
              '    c = request.GET.get("q")\n    d = qs.filter(x=1)\n    e = get_object_or_404(Term, pk=pk)\n'
              '    f = {}.get("k", 1)\n    g = mapping.values()\n')
    path = tmp_path / "views.py"
    path.write_text(source, encoding="utf-8")
    found = {(f.line, f.what) for f in findings_in_any(path, findings_in)}
    lines = {line for line, _ in found}
    assert lines == {2, 3, 5, 6}, found
    assert not sample.exists()


def findings_in_any(path: Path, func):
    # findings_in reports paths relative to the repository; a temporary file is outside it.
    import tests.architecture.orm_check as check

    original = check.ROOT
    check.ROOT = path.parent
    try:
        return func(path)
    finally:
        check.ROOT = original
