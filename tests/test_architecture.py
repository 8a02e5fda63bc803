"""The shape of the code: the import graph of the project's own modules has no cycle."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["articles", "newsroom", "deploy"]


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports anywhere in its file, functions included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module
            targets = [f"{source}.{alias.name}" for alias in node.names] + [source]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(f"{target}."):
                found.add(target)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done, path = set(), []

    def visit(node):
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for neighbour in sorted(graph[node]):
            cycle = visit(neighbour)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        cycle = visit(node)
        if cycle:
            return cycle
    return None


def test_the_project_has_no_import_cycle_not_even_through_imports_inside_functions():
    modules = project_modules()
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    assert "articles.models" in graph["articles.caching.invalidation"]  # the graph is real
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


# Modules that still query through django.db.connection, the primary's, whatever the router
# says; each would be a reader page's query that a read replica cannot take. None left.
DEFAULT_CONNECTION_ALLOWED: set[str] = set()


def default_connection_uses(path: Path) -> list[int]:
    """Lines that use django.db.connection (imported, or as an attribute)."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text()))
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "django.db"
            and any(alias.name == "connection" for alias in node.names)
        )
        or (
            isinstance(node, ast.Attribute)
            and node.attr == "connection"
            and ast.unparse(node.value) == "django.db"
        )
    ]


def test_every_query_goes_through_the_connection_the_router_chooses():
    found = {
        str(path.relative_to(ROOT)): lines
        for path in project_modules().values()
        if (lines := default_connection_uses(path))
    }
    allowed = {path: lines for path, lines in found.items() if path in DEFAULT_CONNECTION_ALLOWED}
    assert found == allowed, "use connections[router.db_for_read(Model)] or db_for_write"


def test_the_connection_finder_finds_both_spellings(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "import django.db\nfrom django.db import connection, connections\n"
        "django.db.connection.cursor()\nconnections['default'].cursor()\n"
    )
    assert default_connection_uses(module) == [2, 3]
