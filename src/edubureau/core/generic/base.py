"""What every registry page shares: sign-in, a role, the model, and the scope-restricted queryset."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from edubureau.core.scope import can_write, scope_for

from .urls import object_url

__all__ = ["RegistryView", "can_add"]


def can_add(user, model) -> bool:
    """May ``user`` add rows of ``model`` at all (to show 新增 and open the add form)?

    ``can_write`` answers for the kind of row; a user bound to schools cannot add a row that is itself
    a school (``scope_path == "pk"``): a new school is outside every scope until it exists — except a county's or
    city's bureau, which adds schools to its own region. The saved instance is still checked with ``can_write``.
    """
    if not can_write(user, model):
        return False
    scope = scope_for(user)
    return scope.all_schools or scope.region_bound_bureau or getattr(model, "scope_path", None) != "pk"


class RegistryView(LoginRequiredMixin, TemplateView):
    """Base of the list, detail, edit, delete and history pages of one registry model.

    ``queryset`` is the model's base queryset (with its ``select_related``); rows a user may read
    always come from ``get_queryset()``, which goes through ``visible_to``.
    """

    queryset = None
    action: str = ""

    @property
    def model(self):
        return self.queryset.model

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # A signed-in account with no role reaches nothing; say so instead of showing empty pages.
        if scope_for(request.user).role is None:
            raise PermissionDenied(_("您的账号尚未分配角色，请联系系统管理员。"))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.queryset.all().visible_to(self.request.user)

    def get_return_url(self, default: str = "") -> str:
        """A same-site ``return_url`` from the query string or form, else ``default``."""
        url = self.request.POST.get("return_url") or self.request.GET.get("return_url")
        if url and url_has_allowed_host_and_scheme(url, {self.request.get_host()}, self.request.is_secure()):
            return url
        return default

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        context.update(
            model=self.model,
            verbose_name=meta.verbose_name,
            verbose_name_plural=meta.verbose_name_plural,
            list_url=object_url(self.model, "list"),
            add_url=object_url(self.model, "add"),
            can_add=can_add(self.request.user, self.model),
        )
        return context
