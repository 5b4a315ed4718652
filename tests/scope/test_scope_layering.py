"""Issue 16: the arrows point one way. ``core`` sits below every app; the scope rule that knows the region tree asks
``org`` through a registered ``Directory`` and imports no app module (it used to import ``org.School``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import edubureau
from edubureau.core import scope
from edubureau.org.directory import OrgDirectory

CORE = Path(edubureau.__file__).parent / "core"
APPS = {"org", "people", "plans", "quality", "inspection", "evaluation", "balance", "demo", "ops"}
# The foundation every app builds on: the restriction point, the base models and the follow-up records.
FOUNDATION = ["scope.py", "models.py", "followup_models.py", "roles.py"]


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [])
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "edubureau" and parts[1] in APPS:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("name", FOUNDATION)
def test_core_foundation_imports_no_app(name):
    assert _imported_apps(CORE / name) == set()


def test_org_registers_the_directory_scope_asks():
    assert isinstance(scope._directory, OrgDirectory)


def test_region_subtree_and_ancestors_on_a_hand_drawn_tree():
    # 1 city → 2, 3 counties; 4 a county on its own; 5 a stray pointing at itself's parent chain.
    tree = {1: None, 2: 1, 3: 1, 4: None}
    assert scope.region_subtree(tree, 1) == {1, 2, 3}
    assert scope.region_subtree(tree, 2) == {2}
    assert scope.region_ancestors(tree, 3) == {1}
    assert scope.region_ancestors(tree, 4) == frozenset()
    # A cycle written by hand in the database does not hang the request.
    assert scope.region_ancestors({7: 8, 8: 7}, 7) == {7, 8}
    assert scope.region_subtree({7: 8, 8: 7}, 7) == {7, 8}


@st.composite
def forests(draw):
    """A random region forest: each region's parent is an earlier region or none (so no cycle)."""
    size = draw(st.integers(1, 30))
    return {n: draw(st.one_of(st.none(), st.integers(0, n - 1))) if n else None for n in range(size)}


@given(forests(), st.data())
def test_subtree_is_exactly_the_regions_whose_ancestors_include_the_root(tree, data):
    root = data.draw(st.sampled_from(sorted(tree)))
    subtree = scope.region_subtree(tree, root)
    assert subtree == {r for r in tree if r == root or root in scope.region_ancestors(tree, r)}
    assert not subtree & scope.region_ancestors(tree, root)
