import pytest

from edubureau.core.generic.urls import object_url
from edubureau.core.testing import factories as f

pytestmark = pytest.mark.django_db


def test_years_are_not_written_with_a_thousands_separator(client):
    school = f.make_school(founded=1972)
    client.force_login(f.make_user())
    text = client.get(object_url(school, "detail")).content.decode()
    assert "1972年" in text and "1,972" not in text
