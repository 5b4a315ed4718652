"""The Examples in the engine's docstrings are checked, so they stay true."""

import doctest
import importlib

import pytest

MODULES = ["standard", "cv", "parts", "evaluate", "takes", "classsize"]


@pytest.mark.parametrize("name", MODULES)
def test_engine_doctests(name):
    module = importlib.import_module(f"edubureau.balance.engine.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0 or name == "takes"
