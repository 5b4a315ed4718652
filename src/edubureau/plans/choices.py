"""Labels of the computed task status (the codes come from the pure engine ``engine.status``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .engine import status


class TaskStatus(models.TextChoices):
    NOT_STARTED = status.NOT_STARTED, _("未开始")
    IN_PROGRESS = status.IN_PROGRESS, _("推进中")
    LAGGING = status.LAGGING, _("滞后")
    DONE = status.DONE, _("已完成")
    OVERDUE = status.OVERDUE, _("逾期")


BADGE = {
    TaskStatus.NOT_STARTED: "text-bg-light border",
    TaskStatus.IN_PROGRESS: "text-bg-primary",
    TaskStatus.LAGGING: "text-bg-warning",
    TaskStatus.DONE: "text-bg-success",
    TaskStatus.OVERDUE: "text-bg-danger",
}
