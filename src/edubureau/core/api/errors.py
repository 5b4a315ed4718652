"""Error pages that answer JSON under ``/api/`` and the usual HTML pages elsewhere (issue 18).

A client of the API parses every answer as JSON: an unknown route (404) or a crash (500) that came
back as an HTML page broke it twice — once for the error, once for the parse. Django calls these
views for errors raised outside DRF's own handling (``handler404``/``handler500`` in the root URLconf).
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

__all__ = ["API_PREFIX", "bad_request", "is_api", "page_not_found", "permission_denied", "server_error"]

API_PREFIX = "/api/"


def is_api(request) -> bool:
    """True for a request to the API (its answers, errors included, are JSON)."""
    return request.path.startswith(API_PREFIX)


def json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if is_api(request):
        return json_error(_("请求无效。"), 400)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if is_api(request):
        reason = str(exception) if exception and str(exception) else _("您没有执行该操作的权限。")
        return json_error(reason, 403)
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if is_api(request):
        return json_error(_("接口地址不存在：{path}").format(path=request.path), 404)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if is_api(request):
        return json_error(_("服务器内部错误，已记录，请稍后重试或联系系统管理员。"), 500)
    return defaults.server_error(request, template_name)
