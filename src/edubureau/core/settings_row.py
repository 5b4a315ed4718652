"""A module's settings as one row for the instance (均衡发展设置, 人事设置, 学生工作设置): who changed it last, the
current row (an unsaved one with the defaults when none was saved), and saving it with the version check."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

__all__ = ["SettingsRow", "save_settings"]


class SettingsRow(models.Model):
    updated = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls):
        """The instance's settings; an unsaved row with the defaults when none was saved."""
        return cls.objects.order_by("pk").first() or cls()


def save_settings(request, form) -> None:
    """Save a valid settings form as ``request.user``, refused (409) when someone saved since it was read."""
    row = form.save(commit=False)
    row.updated_by = request.user
    with transaction.atomic():
        form.lock_and_check()
        row.save()
