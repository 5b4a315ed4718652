"""Excel imports of the safety registers (校车, 驾驶人, 线路, 食堂, 供应商, 演练): a good file imports, one bad row
writes nothing and names its row, column and reason, an overloaded route is a row error with the numbers, a
re-import of the same key updates, and an export imports back unchanged; a driver's numbers leave in full only for
the 安全科 and the driver's school."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from edubureau.core.io import writer
from edubureau.core.io.registry import get_spec
from edubureau.core.io.runner import run_import
from edubureau.safety.models import Canteen, Drill, Driver, Route, Supplier, Vehicle

from ..io.conftest import workbook
from .conftest import login

pytestmark = pytest.mark.django_db

A, B = "3301000001", "3301000002"
ID_A = "362201197803154517"
ID_B = "362201198011204533"
D1, D2 = dt.date(2027, 6, 30), dt.date(2028, 3, 31)


def run(name, headers, rows, user, commit=True):
    return run_import(get_spec(name), workbook(headers, rows), "upload.xlsx", user=user, commit=commit)


def errors(result):
    return [(e.row, e.column, e.value, e.reason) for e in result.errors]


VEHICLE = ["车牌号", "学校标识码", "车型", "核载人数", "年检有效期至", "保险有效期至"]
DRIVER = ["学校标识码", "姓名", "身份证号", "联系电话", "驾驶校车车牌号", "准驾车型", "驾驶证有效期至",
          "校车驾驶资格有效期至"]
ROUTE = ["学校标识码", "线路名称", "车牌号", "停靠站点", "乘车学生数", "随车照管人员"]
CANTEEN = ["学校标识码", "食堂名称", "食品经营许可证号", "许可证有效期至"]
SUPPLIER = ["学校标识码", "食堂名称", "供应商名称", "供应品种", "许可证号", "许可证有效期至"]
DRILL = ["学校标识码", "演练日期", "演练类型", "参加人数", "疏散用时（秒）", "发现问题"]


def _buses(county):
    rows = [["赣C·X1234", A, "宇通ZK6609DX", 41, D1, D2], ["赣C·X5678", B, "金龙XMQ6661", 19, D2, D1]]
    assert run("safety.vehicle", VEHICLE, rows, county["clerk"]).committed


def test_vehicles_import_a_bad_row_writes_nothing_and_a_reimport_updates(county):
    good = [["赣C·X1234", A, "宇通ZK6609DX", 41, D1, D2], ["赣C·X5678", B, "金龙XMQ6661", 19, D2, D1]]
    bad = good + [["赣C·X9012", A, "宇通", "四十", D1, D2]]
    result = run("safety.vehicle", VEHICLE, bad, county["clerk"])
    assert errors(result) == [(4, "核载人数", "四十", "应为整数")]
    assert not Vehicle.objects.exists()

    result = run("safety.vehicle", VEHICLE, good, county["clerk"])
    assert result.committed and result.created == 2
    bus = Vehicle.objects.get(plate="赣C·X1234")
    assert (bus.school, bus.seats, bus.inspection_expiry) == (county["a"], 41, D1)

    # Renewed 年检: the same plate updates the bus, nothing new.
    again = run("safety.vehicle", VEHICLE, [["赣C·X1234", A, "宇通ZK6609DX", 41, dt.date(2028, 6, 30), D2]],
                county["clerk"])
    assert (again.created, again.updated) == (0, 1)
    assert Vehicle.objects.get(plate="赣C·X1234").inspection_expiry == dt.date(2028, 6, 30)
    assert Vehicle.objects.count() == 2


def test_fewer_seats_than_a_routes_pupils_is_refused(county):
    _buses(county)
    bus = Vehicle.objects.get(plate="赣C·X1234")
    Route.objects.create(school=county["a"], name="城南线", vehicle=bus, stops="学校、城南新村", pupils=36)
    result = run("safety.vehicle", VEHICLE, [["赣C·X1234", A, "宇通", 30, D1, D2]], county["clerk"])
    assert [(e.row, e.column) for e in result.errors] == [(2, "核载人数")]
    assert "核载30座" in result.errors[0].reason and "超员6人" in result.errors[0].reason
    assert Vehicle.objects.get(pk=bus.pk).seats == 41


def test_drivers_import_by_school_and_name_and_a_bad_id_writes_nothing(county):
    _buses(county)
    good = [[A, "李师傅", ID_A, "13907951234", "赣C·X1234", "a1", D1, D2],
            [B, "王师傅", ID_B, "13807956789", "赣C·X5678", "B1", D2, D1]]
    bad = good + [[A, "赵师傅", ID_A[:17] + "0", "13900001111", None, None, D1, D2]]
    result = run("safety.driver", DRIVER, bad, county["clerk"])
    assert errors(result) == [(4, "身份证号", ID_A[:17] + "0", "身份证号校验位错误")]
    assert not Driver.objects.exists()

    assert run("safety.driver", DRIVER, good, county["clerk"]).created == 2
    li = Driver.objects.get(name="李师傅")
    assert (li.school, li.vehicle.plate, li.licence_class, li.qualification_expiry) == (county["a"], "赣C·X1234",
                                                                                        "A1", D2)
    again = run("safety.driver", DRIVER, [[A, "李师傅", ID_A, "13907951234", "赣C·X1234", "A1", D1,
                                           dt.date(2029, 3, 31)]], county["clerk"])
    assert (again.created, again.updated) == (0, 1)
    assert Driver.objects.get(pk=li.pk).qualification_expiry == dt.date(2029, 3, 31)
    # The import's audit keeps the numbers as the pages do: no phone, the ID number masked.
    trail = str(list(LogEntry.objects.filter(object_pk=str(li.pk)).values_list("changes", flat=True)))
    assert "13907951234" not in trail and ID_A not in trail


def test_a_driver_on_another_schools_bus_and_a_repeated_id_are_row_errors(county):
    _buses(county)
    rows = [[A, "李师傅", ID_A, None, "赣C·X5678", None, D1, D2], [B, "王师傅", ID_A, None, None, None, D1, D2]]
    result = run("safety.driver", DRIVER, rows, county["clerk"])
    assert [(e.row, e.column) for e in result.errors] == [(2, "驾驶校车车牌号"), (3, "身份证号")]
    assert "只能选择本校的校车" in result.errors[0].reason and "与第2行身份证号相同" in result.errors[1].reason
    assert not Driver.objects.exists()
    # A school reads only its own buses: another school's plate is "not found", not revealed.
    result = run("safety.driver", DRIVER, [[A, "李师傅", None, None, "赣C·X5678", None, D1, D2]], county["school_a"])
    assert errors(result)[0][:2] == (2, "驾驶校车车牌号") and "车牌号不存在" in errors(result)[0][3]


def test_routes_import_and_an_overloaded_route_is_a_row_error_naming_the_numbers(county):
    _buses(county)
    good = [[A, "城南线", "赣C·X1234", "学校、城南新村、五里铺", 36, "张老师"]]
    overloaded = good + [[B, "东山线", "赣C·X5678", "学校、东山村、下湾村", 28, "刘老师"]]
    result = run("safety.route", ROUTE, overloaded, county["clerk"])
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "乘车学生数", "28")]
    reason = result.errors[0].reason
    assert "东山线核载19座（赣C·X5678），乘车学生28人，超员9人" in reason
    assert not Route.objects.exists()

    result = run("safety.route", ROUTE, good, county["clerk"])
    assert result.created == 1
    route = Route.objects.get()
    assert route.stop_list == ["学校", "城南新村", "五里铺"] and route.vehicle.plate == "赣C·X1234"
    # More pupils on the same route: updated while they fit, refused once they do not.
    assert run("safety.route", ROUTE, [[A, "城南线", "赣C·X1234", "学校、城南新村", 41, "张老师"]],
               county["clerk"]).updated == 1
    result = run("safety.route", ROUTE, [[A, "城南线", "赣C·X1234", "学校、城南新村", 45, "张老师"]], county["clerk"])
    assert "超员4人" in result.errors[0].reason and Route.objects.get().pupils == 41


def test_canteens_and_suppliers_import_the_supplier_found_by_its_schools_canteen(county):
    good = [[A, "学生食堂", "JY13301000000001", D1], [B, "学生食堂", "JY13301000000002", D2]]
    bad = good + [[A, "教工食堂", "JY13301000000003", "2027年2月30日"]]
    result = run("safety.canteen", CANTEEN, bad, county["clerk"])
    assert [(e.row, e.column) for e in result.errors] == [(4, "许可证有效期至")]
    assert "日期不存在" in result.errors[0].reason and not Canteen.objects.exists()
    assert run("safety.canteen", CANTEEN, good, county["clerk"]).created == 2

    # Both schools call their canteen 学生食堂: the school code says whose.
    suppliers = [[A, "学生食堂", "县粮油贸易有限公司", "米面粮油", "JY13362000000001", D1],
                 [B, "学生食堂", "县粮油贸易有限公司", "米面粮油", "JY13362000000001", D2]]
    bad = suppliers + [[A, "第二食堂", "绿源蔬菜配送中心", "蔬菜", None, D1]]
    result = run("safety.supplier", SUPPLIER, bad, county["clerk"])
    assert errors(result) == [(4, "食堂名称", "第二食堂", "食堂不存在：第二食堂（请先导入学校食堂）")]
    assert not Supplier.objects.exists()
    assert run("safety.supplier", SUPPLIER, suppliers, county["clerk"]).created == 2
    assert {(s.canteen.school_id, s.licence_expiry) for s in Supplier.objects.all()} == {
        (county["a"].pk, D1), (county["b"].pk, D2)}
    # A canteen name that exists at another school only is an error naming the school.
    Canteen.objects.create(school=county["b"], name="教工食堂", licence_expiry=D1)
    result = run("safety.supplier", SUPPLIER, [[A, "教工食堂", "绿源蔬菜配送中心", "蔬菜", None, D1]], county["clerk"])
    assert errors(result) == [(2, "食堂名称", "教工食堂", f"{county['a'].name}没有名为“教工食堂”的食堂")]
    # A new licence date updates the supplier.
    again = run("safety.supplier", SUPPLIER, [[A, "学生食堂", "县粮油贸易有限公司", "米面粮油", "JY13362000000001",
                                               D2]], county["clerk"])
    assert (again.created, again.updated) == (0, 1)


def test_drills_import_and_a_future_date_writes_nothing(county):
    today = county["today"]
    good = [[A, today - dt.timedelta(days=20), "应急疏散", 620, 135, None],
            [A, today - dt.timedelta(days=5), "消防", 600, None, "三楼东侧楼梯拥堵"]]
    bad = good + [[B, today + dt.timedelta(days=3), "防震", 400, 150, None]]
    result = run("safety.drill", DRILL, bad, county["clerk"])
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(4, "演练日期", "演练日期不能晚于今天")]
    assert not Drill.objects.exists()
    result = run("safety.drill", DRILL, good, county["school_a"])
    assert result.created == 2
    assert {(d.kind, d.recorded_by) for d in Drill.objects.all()} == {("疏散", county["school_a"]),
                                                                       ("消防", county["school_a"])}
    again = run("safety.drill", DRILL, [[A, today - dt.timedelta(days=20), "疏散", 650, 130, None]],
                county["school_a"])
    assert (again.created, again.updated) == (0, 1) and Drill.objects.get(kind="疏散").participants == 650
    # A school imports its own drills only.
    other = run("safety.drill", DRILL, [[B, today - dt.timedelta(days=2), "防震", 400, 150, None]], county["school_a"])
    assert other.errors and Drill.objects.count() == 2


ROUND_TRIP = ("safety.vehicle", "safety.driver", "safety.route", "safety.canteen", "safety.supplier", "safety.drill")


def test_every_safety_export_imports_back_unchanged(county):
    _buses(county)
    run("safety.driver", DRIVER, [[A, "李师傅", ID_A, "13907951234", "赣C·X1234", "A1", D1, D2]], county["clerk"])
    run("safety.route", ROUTE, [[A, "城南线", "赣C·X1234", "学校、城南新村", 36, "张老师"]], county["clerk"])
    run("safety.canteen", CANTEEN, [[A, "学生食堂", "JY13301000000001", D1]], county["clerk"])
    run("safety.supplier", SUPPLIER, [[A, "学生食堂", "县粮油贸易有限公司", "米面粮油", None, D1]], county["clerk"])
    run("safety.drill", DRILL, [[A, county["today"], "防震", 600, 140, None]], county["clerk"])
    client = login(Client(), county["clerk"])
    for name in ROUND_TRIP:
        spec = get_spec(name)
        content = client.get(reverse("core:export", args=[name])).content
        result = run_import(spec, content, "export.xlsx", user=county["clerk"], commit=True)
        count = spec.model.objects.count()
        assert count and result.errors == [], name
        assert (result.created, result.updated, result.unchanged) == (0, 0, count), name
        # The template has the same columns, with the notes on its 填写说明 sheet.
        template = load_workbook(io.BytesIO(writer.template_workbook(spec)))
        assert [c.value.lstrip("*") for c in template.worksheets[0][1]] == [c.label for c in spec.columns]
        notes = " ".join(str(c.value) for row in template["填写说明"].iter_rows() for c in row if c.value)
        assert str(spec.notes[0]) in notes, name


def _export_cells(user, name="safety.driver") -> set:
    content = login(Client(), user).get(reverse("core:export", args=[name])).content
    return {c for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True) for c in row}


def test_driver_export_masks_the_numbers_for_all_but_the_safety_office_and_the_drivers_school(county):
    _buses(county)
    rows = [[A, "李师傅", ID_A, "13907951234", "赣C·X1234", "A1", D1, D2],
            [B, "王师傅", ID_B, "13807956789", "赣C·X5678", "B1", D2, D1]]
    assert run("safety.driver", DRIVER, rows, county["clerk"]).committed
    reveals = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    cells = _export_cells(county["clerk"])
    assert {ID_A, ID_B, "13907951234", "13807956789"} <= cells
    assert reveals.count() == 2  # each driver handed out in full is logged, as a view of the driver's page is
    entry = reveals.filter(actor=county["clerk"]).latest("pk")
    assert set(entry.additional_data["revealed"]) == {"id_number", "phone"} and entry.additional_data["export"]
    assert entry.additional_data["page"] == reverse("core:export", args=["safety.driver"])
    assert ID_A not in str(entry.changes) and ID_A not in str(entry.additional_data)
    cells = _export_cells(county["school_a"])
    assert {ID_A, "13907951234"} <= cells and ID_B not in cells and "王师傅" not in cells
    for who in ("leader", "hr"):
        cells = _export_cells(county[who])
        assert not {ID_A, ID_B, "13907951234", "13807956789"} & cells, who
        assert {"362201********4517", "139****1234"} <= cells, who
    assert reveals.count() == 3  # school A's export: its own driver; the masked exports log nothing


@pytest.mark.parametrize("name", ["vehicle", "driver", "route", "canteen", "supplier", "drill"])
def test_each_register_page_offers_the_import(client, county, name):
    body = login(client, county["clerk"]).get(reverse(f"safety:{name}_list")).content.decode()
    assert reverse("core:import_start", args=[f"safety.{name}"]) in body
    page = client.get(reverse("core:import_start", args=[f"safety.{name}"]))
    assert page.status_code == 200
    assert client.get(reverse("core:import_template", args=[f"safety.{name}"])).status_code == 200
