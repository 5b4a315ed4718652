"""A list names rows the reader may not open (a pairing's partner school outside a school administrator's scope):
it shows the name without a link, so no click ends on a 404 (the load benchmark's only errors)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.org.models import Pairing, Term

pytestmark = pytest.mark.django_db


def test_pairing_list_links_only_the_school_the_reader_may_open():
    year = f.make_school_year()
    term = Term.objects.create(school_year=year, number=1, start=year.start, end=year.start.replace(month=12))
    strong, supported = f.make_school("城关一小"), f.make_school("山村小学")
    Pairing.objects.create(strong_school=strong, supported_school=supported, start_term=term, content="送教下乡")
    client = Client()
    client.force_login(f.make_user(Role.SCHOOL, school=supported))
    page = client.get(reverse("org:pairing_list")).content.decode()
    assert reverse("org:school_detail", args=[supported.pk]) in page
    assert "城关一小" in page and reverse("org:school_detail", args=[strong.pk]) not in page
    leader = Client()
    leader.force_login(f.make_user(Role.LEADER))
    assert reverse("org:school_detail", args=[strong.pk]) in leader.get(reverse("org:pairing_list")).content.decode()


def test_ranking_links_only_the_report_cards_an_inspector_may_open():
    from tests.security.test_export_formulas import _evaluation

    scheme, schools, _indicator, staff, services = _evaluation()
    services.publish(scheme, staff)
    zone = f.make_zone("东片")
    schools[0].zone = zone
    schools[0].save()
    inspector = Client()
    inspector.force_login(f.make_user(Role.INSPECTOR, zone=zone))
    page = inspector.get(reverse("evaluation:scheme_detail", args=[scheme.pk])).content.decode()
    assert reverse("evaluation:report_card", args=[scheme.pk, schools[0].code]) in page
    assert reverse("evaluation:report_card", args=[scheme.pk, schools[1].code]) not in page
    assert inspector.get(reverse("evaluation:report_card", args=[scheme.pk, schools[1].code])).status_code == 403
