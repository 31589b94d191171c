"""The shape of the code: each capability in its own app, imports pointing only down."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A module may import from its own app and from apps on lower rows;
# apps on one row do not import each other.
LAYERS = [
    ["journeymap.lib"],
    ["accounts", "personas", "touchpoints"],
    ["maps"],
    ["charts"],
    ["interchange"],
    ["customer_data", "review", "reports"],
    ["demo", "api"],
]
# The project's wiring sits on top of everything.
WIRING = {"journeymap.settings", "journeymap.urls", "journeymap.wsgi", "journeymap.asgi"}
MAX_LINES = 700


def app_of(module: str) -> str | None:
    for row in LAYERS:
        for app in row:
            if module == app or module.startswith(app + "."):
                return app
    return None


def layer_of(app: str) -> int:
    return next(index for index, row in enumerate(LAYERS) if app in row)


def first_party_modules() -> dict[str, Path]:
    modules = {}
    for row in LAYERS:
        for app in row:
            folder = ROOT.joinpath(*app.split("."))
            for path in folder.rglob("*.py"):
                if "migrations" in path.parts:
                    continue
                name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                modules[name] = path
    return modules


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if app_of(name)}


def test_every_app_imports_only_itself_and_the_rows_below_it():
    wrong = []
    for module, path in first_party_modules().items():
        app = app_of(module)
        for imported in imports_of(path):
            other = app_of(imported)
            if other != app and layer_of(other) >= layer_of(app):
                wrong.append(f"{module} imports {imported}")
    assert sorted(set(wrong)) == []


def test_no_two_apps_import_each_other():
    edges = set()
    for module, path in first_party_modules().items():
        edges |= {(app_of(module), app_of(imported)) for imported in imports_of(path)}
    assert sorted((a, b) for a, b in edges if a != b and (b, a) in edges) == []


def test_no_module_passes_the_size_at_which_it_should_be_split():
    long = {
        module: n
        for module, path in first_party_modules().items()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_project_wiring_is_the_only_first_party_code_outside_the_apps():
    loose = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "journeymap").glob("*.py")
        if path.name != "__init__.py"
    }
    assert loose <= WIRING
