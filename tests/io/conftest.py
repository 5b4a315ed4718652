"""Fixtures of the Excel import tests: a small county, and workbooks written the way clerks write them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import xlsxwriter

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f


def workbook(headers: list, rows: list[list], *, title_rows: list[list] = (), text_columns: set[int] = ()) -> bytes:
    """An .xlsx with optional title lines above the header; a None row leaves a blank line."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Sheet1")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    line = 0
    for title in title_rows:
        sheet.write_row(line, 0, title)
        line += 1
    sheet.write_row(line, 0, headers)
    for row in rows:
        line += 1
        if row is None:
            continue
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(line, col, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, str):
                sheet.write_string(line, col, value)
            else:
                sheet.write(line, col, value)
    book.close()
    return out.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def county(db):
    """Two schools in a zone, the current school year, and a personnel-department user."""
    zone = f.make_zone("城东片区")
    year = f.make_school_year(2025)
    a = f.make_school("城东实验小学", zone=zone, code="3301000001")
    b = f.make_school("城西第二中学", kind="junior", zone=zone, code="3301000002")
    department = f.make_department("renshi", modules=["org", "people", "staffing", "welfare", "aid", "enrollment",
                                                         "projects", "safety",  # issue 15: projects, safety
                                                         "complaints"],  # issue 15: complaints
                                   name="人事科")
    clerk = f.make_user(Role.DEPARTMENT, department=department, username="renshi")
    return {"zone": zone, "year": year, "a": a, "b": b, "clerk": clerk, "region": a.region}
