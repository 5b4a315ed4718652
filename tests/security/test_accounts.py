"""Issue 18: users change their own password, API tokens expire, and a user sees, renews and revokes its token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from edubureau.core.generic.display import cn_date
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-edu"
NEW_PASSWORD = "Tongxi-2026-jiaoyu"


@pytest.fixture
def user():
    return f.make_user(Role.LEADER, username="lingdao", password=PASSWORD)


def aged(token: Token, days: int) -> Token:
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - dt.timedelta(days=days))
    return Token.objects.get(pk=token.pk)


def api_get(token_key: str, url: str = "/api/org/schools/"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_key}")
    return client.get(url)


# --- 修改密码 ---------------------------------------------------------------------------------------


def test_the_user_menu_links_both_pages(client, user):
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'href="/account/password/"' in html and "修改密码" in html
    assert 'href="/account/token/"' in html and "令牌管理" in html


def test_password_change(client, user):
    assert client.get("/account/password/").status_code == 302  # signed-in users only
    client.force_login(user)
    page = client.get("/account/password/")
    assert page.status_code == 200 and "旧密码" in page.content.decode()
    wrong = client.post("/account/password/", {"old_password": "nope", "new_password1": NEW_PASSWORD,
                                                "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200 and "你的旧密码不正确" in wrong.content.decode()
    done = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                               "new_password2": NEW_PASSWORD}, follow=True)
    assert done.redirect_chain[-1][0] == "/" and "密码已修改" in done.content.decode()
    assert authenticate(username="lingdao", password=NEW_PASSWORD) == user
    assert authenticate(username="lingdao", password=PASSWORD) is None
    assert client.get("/account/password/").status_code == 200  # still signed in after the change


def test_a_weak_new_password_is_refused_in_chinese(client, user):
    client.force_login(user)
    response = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": "12345678",
                                                   "new_password2": "12345678"})
    assert response.status_code == 200 and "这个密码太常见了" in response.content.decode()


# --- Token expiry -------------------------------------------------------------------------------------


def test_a_token_older_than_the_lifetime_is_refused_with_401(user, settings):
    assert settings.API_TOKEN_TTL_DAYS == 30
    token = Token.objects.create(user=user)
    assert api_get(aged(token, 29).key).status_code == 200
    response = api_get(aged(token, 31).key)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "令牌已过期" in response.json()["detail"]
    settings.API_TOKEN_TTL_DAYS = 0  # expiry turned off
    assert api_get(token.key).status_code == 200


def test_asking_again_replaces_an_expired_token(user):
    old = aged(Token.objects.create(user=user), 31)
    response = APIClient().post("/api/token/", {"username": "lingdao", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    new_key = response.json()["token"]
    assert new_key != old.key and api_get(new_key).status_code == 200
    assert api_get(old.key).status_code == 401
    # A token still valid is handed out as it is.
    again = APIClient().post("/api/token/", {"username": "lingdao", "password": PASSWORD}, format="json")
    assert again.json()["token"] == new_key


# --- 令牌管理 -----------------------------------------------------------------------------------------


def test_token_page_shows_creates_and_revokes(client, user):
    assert client.get("/account/token/").status_code == 302
    client.force_login(user)
    assert "您目前没有接口令牌" in client.get("/account/token/").content.decode()

    created = client.post("/account/token/", {"action": "create"})
    token = Token.objects.get(user=user)
    html = created.content.decode()
    assert created.status_code == 200 and token.key in html and "只显示这一次" in html
    expires = timezone.localtime(token.created + dt.timedelta(days=30))
    page = client.get("/account/token/").content.decode()
    assert token.key not in page and token.key[:6] in page  # afterwards only its first characters
    assert cn_date(expires) in page and cn_date(token.created) in page  # 2027年1月4日 14:05 (issue 17)

    client.post("/account/token/", {"action": "create"})
    renewed = Token.objects.get(user=user)
    assert renewed.key != token.key and api_get(token.key).status_code == 401

    revoked = client.post("/account/token/", {"action": "revoke"}, follow=True)
    assert "令牌已撤销" in revoked.content.decode()
    assert not Token.objects.filter(user=user).exists() and api_get(renewed.key).status_code == 401


def test_an_expired_token_is_marked_on_the_page(client, user):
    aged(Token.objects.create(user=user), 40)
    client.force_login(user)
    assert "已过期" in client.get("/account/token/").content.decode()


def test_an_unknown_action_changes_nothing(client, user):
    token = Token.objects.create(user=user)
    client.force_login(user)
    response = client.post("/account/token/", {"action": "drop"}, follow=True)
    assert "未知操作" in response.content.decode()
    assert Token.objects.get(user=user).key == token.key
