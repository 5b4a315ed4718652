"""The signed-in user's own account: 修改密码 and 令牌管理 (issue 18).

Users could neither change their password nor see or revoke their API token, and tokens never expired.
The password page is Django's ``PasswordChangeView`` (the session stays signed in); the token page shows
the token's creation and expiry, makes a new one (the old one stops working at once) or revokes it.
The full key is shown once, right after it is made; afterwards only its first characters.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from rest_framework.authtoken.models import Token

from .api.authentication import token_expired, token_expires
from .forms import bootstrapify

__all__ = ["AccountPasswordChangeView", "TokenManageView"]

SHOWN_PREFIX = 6


class AccountPasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class AccountPasswordChangeView(auth_views.PasswordChangeView):
    """修改密码: the old password, the new one twice; checked by the configured password validators."""

    form_class = AccountPasswordForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("core:dashboard")
    title = gettext_lazy("修改密码")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改。"))
        return response


class TokenManageView(LoginRequiredMixin, View):
    """令牌管理: the user's API token — when made, when it expires — with 生成新令牌 and 撤销."""

    template_name = "registration/token_manage.html"

    def get(self, request, new_key: str | None = None):
        token = Token.objects.filter(user=request.user).first()
        context = {
            "title": _("令牌管理"),
            "token": token,
            "new_key": new_key,
            "prefix": token.key[:SHOWN_PREFIX] if token else "",
            "expires": token_expires(token) if token else None,
            "expired": bool(token and token_expired(token)),
        }
        return render(request, self.template_name, context)

    def post(self, request):
        action = request.POST.get("action")
        if action not in ("create", "revoke"):
            messages.error(request, _("未知操作。"))
            return redirect("account-token")
        Token.objects.filter(user=request.user).delete()
        if action == "create":
            token = Token.objects.create(user=request.user)
            messages.success(
                request, _("已生成新令牌，旧令牌（如有）已失效。请立即复制保存，离开本页后将不再完整显示。")
            )
            # Rendered, not redirected: the full key is shown on this answer only.
            return self.get(request, new_key=token.key)
        messages.success(request, _("令牌已撤销，使用它的程序将无法再访问接口。"))
        return redirect("account-token")
