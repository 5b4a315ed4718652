"""A visit that covers schools of two 督学责任区: each reader sees only its own schools' part (issue 18).

The visit page listed every finding, checklist answer and photo of the visit, so the inspector of one zone read
another zone's problems and photo captions on a shared visit. The bureau's 督导室 sees both parts.
(School administrators do not open visits at all: ``services.visits_visible_to``.)
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.inspection.models import Finding, Visit, VisitAnswer, VisitPhoto

from ..inspection.conftest import world  # noqa: F401  (the small inspected county)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def shared_visit(world):  # noqa: F811
    visit = Visit.objects.create(day=world["today"], kind="routine", checklist=world["checklist"])
    visit.schools.set([world["a1"], world["b"]])
    visit.inspectors.set([world["i1"], world["i2"]])
    for school, marker in ((world["a1"], "甲一的问题MARKER"), (world["b"], "乙校自己的问题")):
        Finding.objects.create(visit=visit, school=school, category="food", description=marker,
                               found_on=visit.day)
    VisitAnswer.objects.create(visit=visit, school=world["a1"], item=world["items"][0], answer="no", score=0)
    VisitPhoto.objects.create(visit=visit, school=world["a1"], caption="甲一照片MARKER",
                              file=SimpleUploadedFile("a1.png", PNG, content_type="image/png"))
    return visit


def _page(client, user, visit):
    client.force_login(user)
    response = client.get(reverse("inspection:visit_detail", args=[visit.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_other_zones_inspector_reads_only_its_schools_part(client, world, shared_visit):  # noqa: F811
    page = _page(client, world["u2"], shared_visit)
    assert "乙校自己的问题" in page
    assert "甲一的问题MARKER" not in page
    assert "甲一照片MARKER" not in page
    assert "校门值守" not in page  # a1's failed checklist answer


def test_bureau_reads_every_part(client, world, shared_visit):  # noqa: F811
    page = _page(client, world["office"], shared_visit)
    assert "乙校自己的问题" in page and "甲一的问题MARKER" in page and "甲一照片MARKER" in page
