"""A city's exam calls its whole 全市 on its pages (a county's drill-down of the city exam is not 全县's figures)."""

import pytest

from edubureau.core.testing import factories as f
from edubureau.quality.models import Exam

pytestmark = pytest.mark.django_db


def test_whole_label_follows_the_exams_region():
    city, (county,) = f.make_city_with_counties("甲县")
    assert Exam(region=city).whole_label == "全市"
    assert Exam(region=county).whole_label == "全县"
    assert Exam().whole_label == "全县"
