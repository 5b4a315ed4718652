"""Obtaining an API token with a username and password (``POST /api/token/``), throttled per address."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from .authentication import token_expired

__all__ = ["ObtainTokenView", "TokenThrottle"]


class TokenThrottle(SimpleRateThrottle):
    """At most 20 token requests a minute from one address: guessing passwords stays slow.

    (django-axes also locks a username after repeated failures, as on the login page.)
    """

    scope = "token"
    rate = "20/min"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ObtainTokenView(ObtainAuthToken):
    """Exchange a username and password for the user's API token (send it as ``Authorization: Token …``)."""

    authentication_classes = ()
    throttle_classes = (TokenThrottle,)

    @extend_schema(
        operation_id="token_create",
        summary=_("获取接口令牌"),
        description=_(
            "用用户名和密码换取令牌；之后在请求头中发送 Authorization: Token <令牌>。每个地址每分钟最多20次。"
            "令牌自生成起在设定天数（API_TOKEN_TTL_DAYS，默认30天）后过期，过期后再次请求即得到新令牌。"
        ),
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiResponse(description=_("用户名或密码错误")),
            429: OpenApiResponse(description=_("请求过于频繁")),
        },
        tags=["token"],
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        if token_expired(token):
            # An expired token is replaced, not handed out again (issue 18: tokens expire).
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key})
