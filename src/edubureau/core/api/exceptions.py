"""API errors as 4xx with a Chinese message: what a client sends wrong never surfaces as a 500.

DRF already answers bad JSON (400), wrong types (400), unknown methods (405), unsupported media
types (415) and throttling (429) in the request's language (zh-hans by default). This handler adds
what reaches the database: validation the model raised, unique and constraint conflicts (409),
protected deletes (409), values out of the database's range (400). Each of these rolls back.

Anything else a view raises is a bug: it is logged once with its traceback and answered as a JSON
500 with a Chinese message, never as Django's HTML error page (issue 18).
"""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, NotAuthenticated, ParseError, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from edubureau.core.logfilters import DENIED_REASON_ATTR

__all__ = ["Conflict", "exception_handler"]

logger = logging.getLogger("edubureau.api")


class Conflict(APIException):
    """409: the request is well-formed but clashes with rows on record."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("数据冲突：与已有记录重复或违反约束。")
    default_code = "conflict"


def _error(detail, code: int) -> Response:
    set_rollback()
    return Response(detail, status=code)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        from .serializers import django_error_detail

        return _error(django_error_detail(exc), status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        # A race with another writer, or a rule only the database knows: nothing was written.
        return _error({"detail": Conflict.default_detail}, status.HTTP_409_CONFLICT)
    if isinstance(exc, ProtectedError | RestrictedError):
        return _error({"detail": _("无法删除：仍有其他记录引用它。")}, status.HTTP_409_CONFLICT)
    if isinstance(exc, ParseError):
        # DRF's message is English ("JSON parse error - …"); keep the parser's position as the reason.
        reason = str(exc.detail).removeprefix("JSON parse error - ")
        message = _("请求正文无法解析，请检查JSON格式：{reason}").format(reason=reason)
        return _error({"detail": message}, exc.status_code)
    if isinstance(exc, DataError | OverflowError):
        return _error({"detail": _("数值或文本超出允许范围。")}, status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied | NotAuthenticated) and context.get("request") is not None:
        setattr(getattr(context["request"], "_request", context["request"]), DENIED_REASON_ATTR, str(exc.detail))
    response = drf_exception_handler(exc, context)
    if response is None:
        request = context.get("request")
        logger.error("Unhandled API error: %s %s", getattr(request, "method", "?"), getattr(request, "path", "?"),
                     exc_info=exc)
        return _error({"detail": _("服务器内部错误，已记录，请稍后重试或联系系统管理员。")},
                      status.HTTP_500_INTERNAL_SERVER_ERROR)
    return response
