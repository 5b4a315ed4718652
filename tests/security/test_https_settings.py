"""Issue 18: HSTS on HTTPS answers (on by default with secure cookies), and the header of a TLS-ending proxy."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from edubureau.config.settings import proxy_ssl_header


def settings_value(name: str, **env: str) -> str:
    """A setting as the settings module computes it from the environment, in a fresh process."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_COOKIES", "SECURE_HSTS_SECONDS",
                                                               "SECURE_PROXY_SSL_HEADER"}}
    code = f"import edubureau.config.settings as s; print(repr(s.{name}))"
    result = subprocess.run([sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_defaults_follow_secure_cookies():
    assert settings_value("SECURE_HSTS_SECONDS") == "31536000"
    assert settings_value("SECURE_HSTS_SECONDS", SECURE_COOKIES="false") == "0"
    assert settings_value("SECURE_HSTS_SECONDS", SECURE_COOKIES="false", SECURE_HSTS_SECONDS="600") == "600"
    assert settings_value("SECURE_PROXY_SSL_HEADER") == "None"
    assert settings_value("SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("X-Forwarded-Proto: https", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("HTTP_X_FORWARDED_PROTO:https", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("x-forwarded-ssl: on", ("HTTP_X_FORWARDED_SSL", "on")),
        ("", None),
        (None, None),
    ],
)
def test_proxy_ssl_header(value, expected):
    assert proxy_ssl_header(value) == expected


@pytest.mark.parametrize("value", ["X-Forwarded-Proto", "X-Forwarded-Proto:", ": https"])
def test_a_malformed_proxy_header_is_a_clear_error(value):
    with pytest.raises(ImproperlyConfigured, match="X-Forwarded-Proto: https"):
        proxy_ssl_header(value)


@pytest.mark.django_db
def test_hsts_is_sent_over_https_only(client, settings):
    assert settings.SECURE_HSTS_SECONDS == 31536000
    assert "Strict-Transport-Security" not in client.get("/login/")
    assert client.get("/login/", secure=True)["Strict-Transport-Security"] == "max-age=31536000"
    # Behind a proxy that ends TLS: the request reaches the app over HTTP, the proxy's header says HTTPS.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = client.get("/login/", headers={"X-Forwarded-Proto": "https"})
    assert proxied["Strict-Transport-Security"] == "max-age=31536000"
