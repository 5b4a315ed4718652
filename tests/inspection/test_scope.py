"""Scope walk of 督导: school B's rows carry the marker "秘"; neither A1's administrator nor zone 甲's inspector
may see it in any page, export or API answer, nor reach B's visit, notice or findings by id."""

import io
import zipfile

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook
from rest_framework.authtoken.models import Token

from edubureau.inspection.models import PlannedVisit

from .helpers import notice_for, visit_with_finding

pytestmark = pytest.mark.django_db
MARK = "秘"
PAGES = ["home", "zone_list", "quotas", "planner", "visit_list", "notice_list", "department", "checklist_list",
         "ledger", "bulletin"]
API = ["responsibilityzone", "visit", "finding", "rectification"]


def text(response) -> str:
    content = response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            if "word/document.xml" in z.namelist():
                return z.read("word/document.xml").decode()
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return "\n".join(" ".join(map(str, row)) for name in book.sheet_names
                         for row in book.get_sheet_by_name(name).to_python())
    return content.decode()


@pytest.fixture
def secrets(world):
    secret = notice_for(world, world["b"], description="秘密问题")
    visit_with_finding(world, world["b"], category="safety", description="秘密隐患")
    own = notice_for(world, world["a1"])
    plan = PlannedVisit.objects.create(term=world["term"], inspector=world["i2"], day=world["today"], kind="routine")
    plan.schools.set([world["b"]])
    return {"notice": secret, "visit": secret.findings.get().visit, "own": own}


@pytest.mark.parametrize("who", ["admin_a1", "u1"])
def test_pages_and_exports_hide_other_schools(client, world, secrets, who):
    client.force_login(world[who])
    for name in PAGES:
        response = client.get(reverse(f"inspection:{name}"))
        if response.status_code == 403:
            continue
        assert response.status_code == 200, name
        assert MARK not in text(response), name
    for name, pk in (("notice_detail", secrets["notice"].pk), ("visit_detail", secrets["visit"].pk)):
        response = client.get(reverse(f"inspection:{name}", args=[pk]))
        assert response.status_code in (403, 404) and MARK not in response.content.decode()
    response = client.post(reverse("inspection:notice_new", args=[secrets["visit"].pk]), {"n-due": "2030-01-01"})
    assert response.status_code in (403, 404)
    assert client.get(reverse("inspection:notice_detail", args=[secrets["own"].pk])).status_code == 200


@pytest.mark.parametrize("who", ["admin_a1", "u1"])
def test_api_hides_other_schools(client, world, secrets, who):
    token = Token.objects.create(user=world[who]).key
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    for basename in API:
        response = client.get(reverse(f"inspection-api:{basename}-list") + "?limit=1000", **headers)
        assert response.status_code == 200 and MARK not in response.content.decode(), basename
    for basename, pk in (("rectification", secrets["notice"].pk), ("visit", secrets["visit"].pk)):
        assert client.get(reverse(f"inspection-api:{basename}-detail", args=[pk]), **headers).status_code == 404
