"""API tokens that expire (issue 18): a token older than ``API_TOKEN_TTL_DAYS`` days answers 401.

DRF's tokens never expired, so a token copied into a script years ago still opened the whole API. The
age is read from DRF's own ``Token.created`` (no migration); a user makes a new token on the 令牌管理
page (or with ``POST /api/token/``), which restarts the clock. ``API_TOKEN_TTL_DAYS=0`` turns expiry off.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

__all__ = ["ExpiringTokenAuthentication", "token_expired", "token_expires"]


def token_expires(token) -> dt.datetime | None:
    """When ``token`` stops working (None: tokens do not expire)."""
    days = settings.API_TOKEN_TTL_DAYS
    return token.created + dt.timedelta(days=days) if days > 0 else None


def token_expired(token, now: dt.datetime | None = None) -> bool:
    expires = token_expires(token)
    return expires is not None and (now or timezone.now()) >= expires


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, refused with 401 once the token is older than the configured lifetime."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise AuthenticationFailed(_("令牌已过期，请在“令牌管理”页面重新生成，或重新获取令牌。"))
        return user, token
