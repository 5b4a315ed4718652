"""The standing page: county CVs from SchoolFacts, a school sees only its own row, what it takes is listed."""

from decimal import Decimal

import pytest

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_facts, make_school, make_school_year, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    year = make_school_year(2025)
    a = make_school("城关小学")
    b = make_school("东河小学")
    make_facts(a, year, key_teachers=6)  # 600 pupils: 5.0 ㎡ rooms, 2,500 元, 2.33 rooms per 100 — meets every line
    # 东河小学 has a quarter of the sports ground and a third of the equipment: it fails, and so do the CVs.
    make_facts(b, year, sports_area=Decimal("1200"), equipment_value=Decimal("400000"), key_teachers=2)
    return year, a, b


def test_leader_sees_cvs_matrix_and_takes(client, county):
    _year, _a, _b = county
    client.force_login(make_user(Role.LEADER))
    response = client.get("/balance/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "城关小学" in html and "东河小学" in html
    assert "优质均衡：未达标" in html
    level = response.context["levels"][0]
    assert level["level"] == "小学"
    # sports ground per pupil: 8.33 and 2.0, equal weights → X̄ = 5.1667, S = 3.1667, CV = 0.613
    sports = level["result"]["indicators"]["生均体育运动场馆面积"]
    assert sports["cv"] == pytest.approx(0.6129, abs=1e-4)
    assert sports["pass"] is False
    takes = response.context["takes"]
    assert {a.name for a in takes} == {"东河小学"}
    assert response.context["takes_passes"] is True


def test_school_sees_its_own_row_and_county_figures(client, county):
    _year, a, _b = county
    client.force_login(make_user(Role.SCHOOL, school=a))
    response = client.get("/balance/")
    assert response.status_code == 200
    level = response.context["levels"][0]
    assert [row["name"] for row in level["matrix"]] == ["城关小学"]
    assert "东河小学" not in response.content.decode()
    # the county CV is still computed over both schools
    assert level["result"]["indicators"]["生均体育运动场馆面积"]["cv"] == pytest.approx(0.6129, abs=1e-4)


def test_unknown_year_is_404_and_login_required(client, county):
    assert client.get("/balance/").status_code == 302
    client.force_login(make_user(Role.LEADER))
    assert client.get("/balance/?year=1999").status_code == 404


def test_export_tables_cut_to_scope(client, county):
    import io

    import python_calamine

    _year, a, _b = county
    client.force_login(make_user(Role.SCHOOL, school=a))
    response = client.get("/balance/export/?year=2025")
    assert response.status_code == 200
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["优质均衡-小学", "基本均衡-小学", "达标所需投入"]
    rows = book.get_sheet_by_name("优质均衡-小学").to_python()
    flat = [str(c) for row in rows for c in row]
    assert "城关小学" in flat and "东河小学" not in flat
    cv_row = next(row for row in rows if row[0] == "差异系数")
    assert float(cv_row[4 + 4]) == pytest.approx(0.6129, abs=1e-4)  # 生均体育运动场馆面积, fifth indicator
    assert "未达标" in flat
    # What it takes: the school's own additions only, but the county's total cost and CVs before and after.
    takes = [str(c) for row in book.get_sheet_by_name("达标所需投入").to_python() for c in row]
    assert "东河小学" not in takes and any(c.startswith("全县合计") for c in takes)
    assert "补齐后" in takes
