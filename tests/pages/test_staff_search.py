"""Issue 17: the staff search finds a part of an ID or phone number (for those who see the numbers in full), the
school a person works at now, and still never turns a masked number into an oracle (issue 18)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.security.test_personal_data import PHONE, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def names(client, user, q) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("people:staff_list"), {"q": q})
    assert response.status_code == 200
    return {row.name for row in response.context["table"].data}


def test_part_of_an_id_or_phone_number_for_the_registry_keeper(client, world):  # noqa: F811
    staff, hr = world["staff"], world["users"]["personnel"]
    from edubureau.core.testing import factories as f

    f.make_staff(world["b"], name="乙教师", phone="13900000000")
    assert names(client, hr, staff.id_number[-8:]) == {"甲教师"}  # the end of the number
    assert names(client, hr, PHONE[-6:]) == {"甲教师"}
    assert names(client, hr, "139000") == {"乙教师"}
    assert names(client, hr, "138") == set()  # under 4 digits: no partial match


def test_a_school_finds_its_own_staff_by_part_of_a_number_and_nobody_elses(client, world):  # noqa: F811
    from edubureau.core.testing import factories as f

    other = f.make_staff(world["b"], name="乙教师", phone="13812349999")
    assert names(client, world["users"]["school_a"], "1381234") == {"甲教师"}
    assert names(client, world["users"]["school_b"], "1381234") == {"乙教师"}
    assert names(client, world["users"]["school_b"], world["staff"].id_number[-8:]) == set()
    assert other.name == "乙教师"


@pytest.mark.parametrize("who", ["leader", "inspector", "other_dept"])
def test_readers_of_masked_numbers_need_the_whole_number(client, world, who):  # noqa: F811
    user = world["users"][who]
    assert names(client, user, PHONE[:7]) == set()
    assert names(client, user, PHONE) == {"甲教师"}


def test_the_school_a_person_works_at_now(client, world):  # noqa: F811
    assert names(client, world["users"]["leader"], "甲小") == {"甲教师"}
    assert names(client, world["users"]["leader"], "乙小") == set()


def test_a_number_typed_with_spaces_or_dashes_still_finds_and_the_list_stays_masked(client, world):  # noqa: F811
    leader, hr = world["users"]["leader"], world["users"]["personnel"]
    assert names(client, leader, "138 1234 5678") == {"甲教师"}
    assert names(client, leader, "138-1234-5678") == {"甲教师"}
    assert names(client, hr, "１２３４５６７") == {"甲教师"}  # full-width digits from a Chinese input method
    assert names(client, hr, "1234-5678") == {"甲教师"}
    # The reader typed the number (it stays in the search box); the rows found show it masked.
    client.force_login(leader)
    body = client.get(reverse("people:staff_list"), {"q": PHONE}).content.decode()
    table = body[body.index("<tbody"):body.index("</tbody>")]
    assert "甲教师" in table and PHONE not in table and world["staff"].id_number not in table
