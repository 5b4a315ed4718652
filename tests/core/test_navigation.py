import pytest
from django.urls import reverse

from edubureau.core.navigation import menu_for
from edubureau.core.testing import factories as f

pytestmark = pytest.mark.django_db


def active_labels(user, path):
    return [str(link["label"]) for group in menu_for(user, path) for link in group["links"] if link.get("active")]


def test_detail_page_keeps_its_list_highlighted():
    user = f.make_user()
    assert active_labels(user, reverse("org:school_list") + "12/") == ["学校"]
    # /org/school-facts/ is not under /org/schools/: the longest matching prefix wins.
    assert active_labels(user, reverse("org:schoolfacts_list") + "3/edit/") == ["学校基本数据"]
    assert active_labels(user, "/") == ["工作台"]
