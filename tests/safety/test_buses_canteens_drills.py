"""School buses (overload refused, papers expiring within 30 days raise one follow-up each, a driver's papers
masked), canteens' 留样 and drills behind, and the safety page that shows them."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from edubureau.core.followup import run_daily_scans
from edubureau.core.followup_models import FollowUp
from edubureau.safety import services
from edubureau.safety.models import (
    Canteen,
    Drill,
    Driver,
    PaperAlert,
    Route,
    SafetySettings,
    SampleCheck,
    Supplier,
    Vehicle,
)

from .conftest import login

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def _bus(school, today, seats=35, plate="赣C·X0001", inspection=400, insurance=400):
    return Vehicle.objects.create(school=school, plate=plate, seats=seats, inspection_expiry=today + inspection * DAY,
                                  insurance_expiry=today + insurance * DAY)


def test_an_overloaded_route_is_refused_on_save_with_a_clear_message(client, county):
    bus = _bus(county["a"], county["today"], seats=19)
    login(client, county["school_a"])
    data = {"school": county["a"].pk, "name": "东山线", "vehicle": bus.pk, "stops": "学校、东山村", "pupils": 28}
    response = client.post(reverse("safety:route_add"), data)
    assert response.status_code == 200
    assert "核载19座" in response.content.decode() and "超员9人" in response.content.decode()
    assert not Route.objects.exists()
    data["pupils"] = 19
    assert client.post(reverse("safety:route_add"), data).status_code == 302
    assert Route.objects.get().overload_error is None


def test_a_route_overloaded_by_a_bus_swap_shows_as_an_error(client, county):
    big, small = _bus(county["a"], county["today"]), _bus(county["a"], county["today"], seats=19, plate="赣C·X0002")
    route = Route.objects.create(school=county["a"], name="东山线", vehicle=big, stops="学校、东山村", pupils=28)
    Route.objects.filter(pk=route.pk).update(vehicle=small)  # the swap, recorded outside the form
    login(client, county["clerk"])
    home = client.get(reverse("safety:home")).content.decode()
    assert "超员9人" in home
    assert "超员9人" in client.get(reverse("safety:route_detail", args=[route.pk])).content.decode()
    api = client.get(reverse("safety-api:route-detail", args=[route.pk])).json()
    assert "超员9人" in api["overload"]


def test_expiry_scan_opens_one_follow_up_per_paper_within_30_days_only(county):
    today = county["today"]
    bus = _bus(county["a"], today, inspection=12, insurance=31)  # 年检 within 30 days, insurance not
    Driver.objects.create(school=county["b"], name="王师傅", licence_expiry=today + 900 * DAY,
                          qualification_expiry=today + 30 * DAY)
    canteen = Canteen.objects.create(school=county["a"], name="食堂", licence_expiry=today - 2 * DAY)
    Supplier.objects.create(canteen=canteen, name="粮油公司", licence_expiry=today + 200 * DAY)
    assert services.scan_papers(today) == 3
    alerts = {(a.holder, a.paper, a.school_id) for a in PaperAlert.objects.all()}
    assert alerts == {(f"校车{bus.plate}", "校车年检", county["a"].pk),
                      ("驾驶人王师傅", "校车驾驶资格", county["b"].pk), ("食堂", "食品经营许可证", county["a"].pk)}
    assert all(a.followup.module == "safety" and a.followup.school_id == a.school_id for a in PaperAlert.objects.all())
    # The next days' scans open nothing new; the insurance comes in on the day it falls within 30 days.
    assert services.scan_papers(today) == 0
    assert services.scan_papers(today + DAY) == 1
    assert PaperAlert.objects.filter(paper="校车保险").count() == 1
    for _ in range(3):
        run_daily_scans(today + 2 * DAY)
    assert FollowUp.objects.filter(module="safety", kind="paper").count() == 4
    # A renewed paper (a new date) is a new paper: warned again when it nears.
    Vehicle.objects.filter(pk=bus.pk).update(inspection_expiry=today + 20 * DAY)
    assert services.scan_papers(today + 2 * DAY) == 1


def test_driver_papers_masked_for_all_but_the_safety_office_and_the_buss_school(county):
    driver = Driver.objects.create(school=county["a"], name="李师傅", id_number="362201197803154516",
                                   phone="13907951234", licence_expiry=dt.date(2030, 1, 1),
                                   qualification_expiry=dt.date(2030, 1, 1))
    url = reverse("safety:driver_detail", args=[driver.pk])
    api = reverse("safety-api:driver-detail", args=[driver.pk])
    for who in ("clerk", "school_a"):
        client = login(Client(), county[who])
        assert "13907951234" in client.get(url).content.decode(), who
        assert client.get(api).json()["phone"] == "13907951234"
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(driver.pk)).count() == 2
    for who in ("leader", "hr"):
        client = login(Client(), county[who])
        body = client.get(url).content.decode()
        assert "13907951234" not in body and "362201197803154516" not in body and "139****1234" in body, who
        assert client.get(api).json()["id_number"] == "362201********4516"
        assert "13907951234" not in client.get(reverse("safety:driver_list")).content.decode()
    assert login(Client(), county["school_b"]).get(url).status_code == 404


def test_sample_check_against_the_configurable_rule(county):
    canteen = Canteen.objects.create(school=county["a"], name="食堂", licence_expiry=dt.date(2030, 1, 1))
    check = SampleCheck.objects.create(canteen=canteen, day=dt.date(2026, 5, 6), min_grams=150, hours=48)
    assert check.verdict == "合格"
    SafetySettings.objects.create(sample_grams=200)
    assert check.problems == ["留样不足200克（150克）"]


def test_drills_behind_this_term_by_the_setting(client, county):
    today = county["today"]
    SafetySettings.objects.create(drills_per_term=2)
    start, _end = services.current_term(today)
    for day in (start, start + DAY):
        Drill.objects.create(school=county["a"], day=min(day, today), participants=300)
    login(client, county["clerk"])
    home = client.get(reverse("safety:home")).content.decode()
    assert "每学期至少2次" in home and f"{county['b'].name}：已演练0次，差2次" in home
    assert f"{county['a'].name}：已演练" not in home
    # A school sees only itself.
    school_home = login(Client(), county["school_b"]).get(reverse("safety:home")).content.decode()
    assert county["a"].name not in school_home


def test_settings_written_by_the_safety_office_only(client, county):
    login(client, county["school_a"])
    assert client.post(reverse("safety:settings"), {"days_general": 5}).status_code == 403
    login(client, county["clerk"])
    page = client.get(reverse("safety:settings"))
    assert page.status_code == 200
    data = {"days_general": 20, "days_major": 10, "days_grave": 3, "drills_per_term": 4, "sample_grams": 125,
            "sample_hours": 48, "warn_days": 30, "self_checks_per_month": 1, "kindergarten_self_checks_per_month": 1}
    response = client.post(reverse("safety:settings"), {**data, **{
        k: v for k, v in page.context["form"].initial.items() if k.startswith("_")}})
    assert response.status_code in (302, 200)
