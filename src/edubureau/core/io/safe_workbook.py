"""The one way the project opens an xlsx for writing, and the one way it writes a CSV cell (pure, no Django).

Issue 18: a finding's description typed as ``=HYPERLINK("http://…","点此")`` came out of the 问题台账 as a live
formula, because xlsxwriter's ``Worksheet.write`` turns a string starting with ``=`` into a formula, a string
that looks like a URL into a hyperlink and (if asked) a numeric string into a number. Every workbook we produce
opens through :func:`new_workbook`, which switches all three off: text stays text, and a formula we mean to
write must say so with ``write_formula`` (the evaluation totals and averages do).

Engines may import this module: it imports xlsxwriter only.

Examples
--------
>>> import io, zipfile
>>> out = io.BytesIO()
>>> book = new_workbook(out)
>>> sheet = book.add_worksheet("台账")
>>> sheet.write(0, 0, "=1+1")
0
>>> sheet.write_formula(0, 1, "=1+1", None, 2)
0
>>> book.close()
>>> xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
>>> xml.count("<f>")
1
>>> csv_cell("=1+1"), csv_cell("-3"), csv_cell(-3), csv_cell("城关一小")
("'=1+1", "'-3", -3, '城关一小')
"""

from __future__ import annotations

from typing import Any

import xlsxwriter

__all__ = ["FORMULA_TRIGGERS", "SAFE_OPTIONS", "csv_cell", "new_workbook"]

# Forced on every workbook: what the user typed is written as a string, never a formula, number or link.
SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}

# The first characters a spreadsheet reads as a formula when it opens a CSV (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def new_workbook(output: Any, **options: Any) -> xlsxwriter.Workbook:
    """An xlsxwriter workbook writing to ``output`` (a path or a binary buffer) that never turns text into formulas.

    Parameters
    ----------
    output : str, pathlib.Path or file-like
        Where ``close()`` writes the workbook.
    **options
        xlsxwriter workbook options (``constant_memory`` …); ``in_memory`` is the default. ``strings_to_formulas``,
        ``strings_to_numbers`` and ``strings_to_urls`` are always False whatever is passed (issue 18).

    Returns
    -------
    xlsxwriter.Workbook
    """
    if not options.get("constant_memory"):
        options.setdefault("in_memory", True)
    return xlsxwriter.Workbook(output, {**options, **SAFE_OPTIONS})


def csv_cell(value: Any) -> Any:
    """``value`` made safe for a CSV cell: text starting with = + - @ tab or CR gets a leading single quote.

    Numbers (a negative number included) pass unchanged: only text a person typed can carry a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
