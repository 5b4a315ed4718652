"""Security basics of issue #2: argon2, login throttling, CSRF, secure cookies, content-security policy."""

import importlib

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from edubureau.core.testing import factories as f

pytestmark = pytest.mark.django_db


def production_settings(monkeypatch, **env):
    for key in ("DEBUG", "SECURE_COOKIES"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    import edubureau.config.settings as settings_module

    return importlib.reload(settings_module)


def test_production_settings_hash_with_argon2_and_secure_cookies(monkeypatch):
    settings = production_settings(monkeypatch)
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True and settings.CSRF_COOKIE_SECURE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_debug_turns_secure_cookies_off_for_local_http(monkeypatch):
    settings = production_settings(monkeypatch, DEBUG="1")
    assert settings.SESSION_COOKIE_SECURE is False


def test_argon2_really_hashes():
    from django.contrib.auth.hashers import check_password, make_password

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        encoded = make_password("edubureau-demo")
        assert encoded.startswith("argon2$")
        assert check_password("edubureau-demo", encoded)


def test_login_is_throttled_after_repeated_failures():
    f.make_user(username="leader1", password="right-password-1")
    client = Client()
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3):
        for _ in range(3):
            client.post(reverse("login"), {"username": "leader1", "password": "wrong"})
        # Even the right password is refused while the account is locked.
        response = client.post(reverse("login"), {"username": "leader1", "password": "right-password-1"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_requires_csrf_token():
    f.make_user(username="leader2", password="right-password-2")
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "leader2", "password": "right-password-2"})
    assert response.status_code == 403


def test_pages_send_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert response["X-Frame-Options"] == "DENY"


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
