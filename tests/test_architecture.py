"""docs/architecture.md stays true: its table names every module, and imports point backwards only."""

import ast
import re

from conftest import REPO


def _package_imports(module: str) -> set[str]:
    tree = ast.parse((REPO / "generator" / f"{module}.py").read_text())
    return {(node.module or "").split(".")[0] for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1}


def test_the_module_table_names_every_module_and_each_imports_only_those_above_it():
    rows = re.findall(r"^\| `([a-z_]+)\.py`", (REPO / "docs/architecture.md").read_text(), re.M)
    modules = {p.stem for p in (REPO / "generator").glob("*.py")} - {"__init__", "__main__"}
    assert sorted(rows) == sorted(modules)
    forward = [(m, i) for n, m in enumerate(rows) for i in sorted(_package_imports(m)) if i in rows[n:]]
    assert forward == []
