"""The core computes; it never reaches for Qt, spreadsheets, the network or storage."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "mesocost" / "core"
FORBIDDEN = ("PySide6", "openpyxl", "requests", "forex_python", "sqlite3", "urllib", "http",
             "socket", "currency_converter", "mesocost.storage", "mesocost.rates",
             "mesocost.export", "mesocost.ui")


def imported_names(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_core_source_imports_nothing_forbidden():
    offenders = [
        f"{path.name}: {name}"
        for path in CORE.glob("*.py")
        for name in imported_names(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    ]
    assert offenders == []


def test_importing_the_core_loads_nothing_forbidden():
    code = (
        "import sys, pkgutil, importlib, mesocost.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    importlib.import_module('mesocost.core.' + m.name)\n"
        "print('\\n'.join(sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert not [m for m in loaded if m.split(".")[0] in {"PySide6", "openpyxl", "requests",
                                                       "forex_python", "sqlite3"}]
