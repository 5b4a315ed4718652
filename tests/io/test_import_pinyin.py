"""Issue 17: an Excel import writes in bulk (no save()); the pinyin key must still be kept, on create and update."""

from __future__ import annotations

import pytest

from edubureau.people.models import Staff

from .conftest import workbook
from .test_import import STAFF_HEADERS, run, staff_row

pytestmark = pytest.mark.django_db


def test_an_import_keeps_the_pinyin_key_on_new_and_changed_rows(county):
    from edubureau.core.testing import factories as f

    zeng, other = f.make_id_number(), f.make_id_number()
    result = run("people.staff", workbook(STAFF_HEADERS, [staff_row(zeng, "曾晓梅"), staff_row(other, "阿依")]),
                 county["clerk"])
    assert result.committed and result.created == 2, result.errors
    assert Staff.objects.get(id_number=zeng).name_pinyin == "zeng xiao mei"  # a surname: zeng, not ceng
    assert list(Staff.objects.values_list("name", flat=True)) == ["阿依", "曾晓梅"]
    result = run("people.staff", workbook(STAFF_HEADERS, [staff_row(zeng, "单晓梅")]), county["clerk"])
    assert result.committed and result.updated == 1, result.errors
    assert Staff.objects.get(id_number=zeng).name_pinyin == "shan xiao mei"
