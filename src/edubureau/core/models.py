"""What every app shares: base models, user profiles (roles) and background job records."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import MODULES, Role
from .scope import BUREAU_ROLES, ScopedModel, ScopedQuerySet, scope_for

__all__ = ["BaseModel", "BureauOnlyQuerySet", "ImportJob", "Profile", "ScopedQuerySet"]


class BaseModel(ScopedModel):
    """Base of every registry model: scope (``visible_to``) and creation/update stamps."""

    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class BureauOnlyQuerySet(ScopedQuerySet):
    """Rows of the bureau's own lists (the 公安's 户籍 file, the 学位锁定 ledger): read by the bureau's users in their
    region only, never by a school, an inspector or a teacher."""

    def visible_to(self, user):
        scope = scope_for(user)
        bureau = scope.superuser or scope.role in BUREAU_ROLES
        return super().visible_to(user) if bureau else self.none()


class Profile(models.Model):
    """A user's role in the bureau, and the department, zone or school that role is bound to."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("科室"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="profiles",
    )
    zone = models.ForeignKey(
        "org.Zone", verbose_name=_("督学片区"), null=True, blank=True, on_delete=models.PROTECT, related_name="profiles"
    )
    school = models.ForeignKey(
        "org.School", verbose_name=_("学校"), null=True, blank=True, on_delete=models.PROTECT, related_name="profiles"
    )
    # The level a bureau role is bound to (issue 16): a city's leader sees every county, a county's only its own.
    # Empty: the department's region, else the whole instance (a county instance on its own).
    region = models.ForeignKey(
        "org.Region", verbose_name=_("所属区域"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="profiles", help_text=_("市级用户选市，县级用户选本县；留空表示本系统全部区域"),
    )
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    # A teacher's login is bound to the teacher (issue 11: each teacher sees their own lines).
    staff = models.OneToOneField(
        "people.Staff", verbose_name=_("教职工"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="profile",
    )

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")
        constraints = [
            # A school administrator without a school would silently see nothing; refuse it instead.
            models.CheckConstraint(
                condition=~models.Q(role=Role.SCHOOL) | models.Q(school__isnull=False),
                name="profile_school_role_has_school",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.INSPECTOR) | models.Q(zone__isnull=False),
                name="profile_inspector_role_has_zone",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.DEPARTMENT) | models.Q(department__isnull=False),
                name="profile_department_role_has_department",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.TEACHER) | models.Q(staff__isnull=False),
                name="profile_teacher_role_has_staff",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class ImportJob(models.Model):
    """One Excel import: the uploaded file, its dry-run or committed result, and progress to poll.

    Large imports run as a background task; the page polls ``done``/``total`` through htmx. A running job
    beats (``heartbeat``); one whose beat stopped (its worker died) is stale and is recovered as 中断
    (issue 18, see ``core.io.jobs.recover_stale_jobs``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("处理中")
        VALID = "valid", _("校验通过，待确认")
        INVALID = "invalid", _("有错误，未写入")
        DONE = "done", _("已导入")
        FAILED = "failed", _("失败")
        INTERRUPTED = "interrupted", _("中断")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    spec = models.CharField(_("导入类型"), max_length=64)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=255)
    commit = models.BooleanField(_("写入"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    done = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    # The first rows that will be written (headers, cells, changed columns), shown before 确认导入.
    preview = models.JSONField(_("预览"), default=dict, blank=True)
    message = models.TextField(_("说明"), blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # Issue 18: the last sign of life of the run (saved outside the write transaction, so it is seen during it).
    heartbeat = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    # Runs started so far; each run tags what it writes with a fresh write_token, so an interrupted run's
    # rows can be found (through its audit entries) and undone, and a run overtaken by recovery stops itself.
    attempt = models.PositiveSmallIntegerField(_("运行次数"), default=0)
    write_token = models.CharField(_("写入标记"), max_length=32, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")

    def __str__(self):
        return f"{self.spec} {self.filename}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_stale(self) -> bool:
        """Running, but no heartbeat for ``IMPORT_STALE_SECONDS``: its worker is gone (issue 18)."""
        from django.utils import timezone

        if self.status != self.Status.RUNNING:
            return False
        beat = self.heartbeat or self.created
        return (timezone.now() - beat).total_seconds() > settings.IMPORT_STALE_SECONDS


MODULE_CHOICES = list(MODULES.items())

# The follow-up life cycle's records live in their own module; Django finds models through this one.
from .followup_models import FollowUp, FollowUpEvent, FollowUpEvidence  # noqa: E402

__all__ += ["FollowUp", "FollowUpEvent", "FollowUpEvidence"]
