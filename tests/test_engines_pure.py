"""Engines are pure (DESIGN.md): each imports without Django, and its doctest examples hold."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Modules that compute and must never import Django: every engine, plus the pure helpers they use.
PURE_MODULES = sorted(
    {
        ".".join(p.relative_to(SRC).with_suffix("").parts)
        for pattern in ("edubureau/*/engine.py", "edubureau/*/engine/*.py", "edubureau/*/*_engine.py")
        for p in SRC.glob(pattern)
        if p.name != "__init__.py"
    }
    | {"edubureau.core.formatting", "edubureau.core.idcard", "edubureau.core.masking", "edubureau.core.io.cleaning",
       "edubureau.core.io.safe_workbook", "edubureau.core.io.sheet_names", "edubureau.demo.generator",
       "edubureau.people.roll_changes", "edubureau.people.roll_reconcile", "edubureau.people.roll_reconcile_workbook"}
)


def existing(modules):
    return [m for m in modules if (SRC / (m.replace(".", "/") + ".py")).exists()]


def test_pure_modules_found():
    assert "edubureau.people.engine" in existing(PURE_MODULES)


@pytest.mark.parametrize("module", existing(PURE_MODULES))
def test_engine_imports_without_django(module):
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(SRC)})
    assert result.returncode == 0, f"{module} pulled in Django: {result.stdout} {result.stderr}"


@pytest.mark.parametrize("module", existing(PURE_MODULES))
def test_engine_doctests(module):
    failures, _tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert failures == 0
