"""Which registries can be imported and exported: ``"<app_label>.<model_name>"`` → sheet spec.

Each app lists its sheets in ``<app>/io.py`` as ``SPECS = [SchoolSheet(), …]``; the registry
finds them the first time it is asked, so a new app only has to add its ``io.py``.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

from .spec import SheetSpec

__all__ = ["all_specs", "get_spec"]

_specs: dict[str, SheetSpec] | None = None


def all_specs() -> dict[str, SheetSpec]:
    global _specs
    if _specs is None:
        found: dict[str, SheetSpec] = {}
        for config in apps.get_app_configs():
            module_name = f"{config.name}.io"
            if not config.name.startswith("edubureau.") or find_spec(module_name) is None:
                continue
            for spec in getattr(import_module(module_name), "SPECS", []):
                if spec.name in found:
                    raise ValueError(f"two sheet specs named {spec.name}")
                found[spec.name] = spec
        _specs = found
    return _specs


def get_spec(name: str) -> SheetSpec:
    """The spec called ``name`` (e.g. ``"org.school"``); KeyError when there is none."""
    return all_specs()[name]
