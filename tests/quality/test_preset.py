"""The 综合指数 weighting chosen for an exam is saved with it (issue 17): its page ranks by that index for everyone
until a reader picks another, and only those who may change the exam save one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_user
from edubureau.quality.models import Exam

from .conftest import login

pytestmark = pytest.mark.django_db


def test_saved_preset_is_the_pages_default_for_every_reader(county, client):
    exam = county["exam"]
    url = reverse("quality:exam_detail", args=[exam.pk])
    leader = make_user(Role.LEADER)
    login(client, leader)
    assert not client.get(url).context["ranked_by_index"]  # the national default: ranked by mean
    office = make_user(Role.DEPARTMENT, department=make_department(modules=("quality",)))
    login(client, office)
    page = client.get(url, {"preset": "three_rates"}).content.decode()
    assert "设为本次考试的方案" in page
    response = client.post(reverse("quality:exam_preset", args=[exam.pk]), {"preset": "three_rates"})
    assert response.status_code == 302
    exam.refresh_from_db()
    assert exam.index_preset == "three_rates"
    login(client, leader)
    context = client.get(url).context
    assert context["preset"] == "three_rates" and context["ranked_by_index"]
    ranks = [row["index_rank"] for row in context["school_rows"]]
    assert ranks == sorted(ranks)  # ordered by the saved index
    assert "（本次考试采用的方案）" in client.get(url).content.decode()
    assert client.get(url, {"preset": "mean_first"}).context["preset"] == "mean_first"  # a reader may still compare


def test_readers_and_schools_cannot_save_and_bad_keys_change_nothing(county, client):
    exam = county["exam"]
    save = reverse("quality:exam_preset", args=[exam.pk])
    for user in (make_user(Role.LEADER), make_user(Role.SCHOOL, school=county["a"])):
        login(client, user)
        assert client.post(save, {"preset": "three_rates"}).status_code == 403
        assert "设为本次考试的方案" not in client.get(reverse("quality:exam_detail", args=[exam.pk]),
                                                     {"preset": "three_rates"}).content.decode()
    login(client, make_user(Role.DEPARTMENT, department=make_department(modules=("quality",))))
    assert client.get(save).status_code == 403  # GET never writes
    client.post(save, {"preset": "nonsense"})
    assert Exam.objects.get(pk=exam.pk).index_preset == "yunxian"
