"""Logging each reveal of a person's full personal numbers (issue 18): ``core.audit.log_reveal``, kept under this
name for the modules that import it from here."""

from __future__ import annotations

from edubureau.core.audit import log_reveal

__all__ = ["log_reveal"]
