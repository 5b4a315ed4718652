"""Issue 18: the cache is shared by every app process (a database table), so throttles and the daily-scan guard
count once for the site, not once per worker; the table is made by ``migrate`` itself."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from edubureau.config.settings import cache_from_url
from edubureau.core.apps import create_cache_table

pytestmark = pytest.mark.django_db


def test_the_default_cache_is_the_database_and_the_tests_use_it():
    assert settings.CACHES["default"] == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "edubureau_cache"
    }
    cache.set("probe", 42)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM edubureau_cache")
        assert cursor.fetchone()[0] >= 1  # another process reading this table sees the same value
    assert cache.get("probe") == 42


def test_migrate_makes_the_cache_table():
    # The test database was built by migrate: core's post_migrate made the table. Dropped, it is made again.
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE edubureau_cache")
    assert "edubureau_cache" not in connection.introspection.table_names()
    create_cache_table(sender=None, using="default")
    assert "edubureau_cache" in connection.introspection.table_names()
    assert cache.add("followups-scanned-test", True) and not cache.add("followups-scanned-test", True)


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        (None, "db.DatabaseCache", "edubureau_cache"),
        ("db://my_cache", "db.DatabaseCache", "my_cache"),
        ("locmem://", "locmem.LocMemCache", "edubureau"),
        ("file:///var/tmp/eb", "filebased.FileBasedCache", "/var/tmp/eb"),
        ("redis://127.0.0.1:6379/1", "redis.RedisCache", "redis://127.0.0.1:6379/1"),
    ],
)
def test_cache_url(url, backend, location):
    assert cache_from_url(url) == {"BACKEND": f"django.core.cache.backends.{backend}", "LOCATION": location}


def test_an_unknown_cache_url_is_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://x")
