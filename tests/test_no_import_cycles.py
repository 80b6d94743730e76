"""The folders show the data flow (channel -> understanding -> dialogue -> actions ->
recommendation -> knowledge): no import cycle between the project's top-level packages, nor
between the modules of one package - also not through an import inside a function."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(path.parent.name for path in ROOT.glob("*/__init__.py")
                  if path.parent.name not in ("tests", "benchmarks"))


def imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def module_graph():
    graph = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            graph[name] = set()
            for imported in imports(path):
                if imported.split(".")[0] in PACKAGES:
                    graph[name].add(imported)
    # An import of a name inside a module is an import of that module.
    return {name: {target if target in graph else target.rsplit(".", 1)[0] for target in targets} & set(graph)
            for name, targets in graph.items()}


def cycles(graph):
    found, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if target == node or target.startswith(node + "."):
                continue  # a package's own __init__ re-exporting its modules
            if state.get(target) == "open":
                found.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_no_cycle_between_top_level_packages():
    packages = {}
    for name, targets in module_graph().items():
        packages.setdefault(name.split(".")[0], set()).update(target.split(".")[0] for target in targets)
    assert len(packages) >= 6
    assert cycles({name: targets - {name} for name, targets in packages.items()}) == []


def test_no_cycle_between_modules():
    assert cycles(module_graph()) == []
