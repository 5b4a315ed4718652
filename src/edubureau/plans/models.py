"""Work plans (督查督办): a plan document, its task tree, quantitative targets, milestones and progress reports.

A plan is county-wide: every signed-in user may read its head. Tasks, targets, milestones and reports
belong to the schools a task concerns, so a school sees only the tasks that concern it.

City plans (issue 16): a city's plan assigns its tasks to counties (``Task.counties``); each county reports on
the city task (``ProgressReport.region``) or breaks it down into tasks of its own plan (``Task.source_task``).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import BaseModel
from edubureau.core.validators import validate_upload

from .choices import TaskStatus
from .engine.status import MilestoneState, task_status

__all__ = ["Milestone", "Problem", "ProgressReport", "ReportAttachment", "Target", "Task", "WorkPlan"]


class WorkPlan(BaseModel):
    """A plan document of the bureau (工作要点 / 工作计划 / 实施方案), kept with its source text."""

    region_path = "region"

    # Whose plan it is: a city's plan (its tasks go to the counties) or a county's own. Empty: the instance's.
    region = models.ForeignKey(
        "org.Region", verbose_name=_("所属区域"), null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("计划名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    issuing_body = models.CharField(_("印发单位"), max_length=100, blank=True)
    source_name = models.CharField(_("源文件名"), max_length=255, blank=True)
    source_text = models.TextField(_("源文档文本"), blank=True)

    class Meta:
        verbose_name = _("工作计划")
        verbose_name_plural = _("工作计划")
        ordering = ["-year", "title"]

    def __str__(self):
        return f"{self.year}年 {self.title}"


def _regions_of_schools(school_ids):
    from edubureau.org.models import School

    return School.objects.filter(pk__in=school_ids).values("region_id")


def _tasks_of_schools(school_ids):
    """Tasks concerning one of ``school_ids``, or assigned to a county holding one of them (a city task)."""
    return Task.objects.filter(
        Q(pk__in=Task.schools.through.objects.filter(school_id__in=school_ids).values("task_id"))
        | Q(pk__in=Task.counties.through.objects.filter(region_id__in=_regions_of_schools(school_ids))
            .values("task_id"))
    ).values("pk")


class Task(BaseModel):
    """One item of a plan's heading tree, tracked as a task: lead department, schools concerned, deadline."""

    region_path = "plan__region"

    plan = models.ForeignKey(WorkPlan, verbose_name=_("工作计划"), on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级任务"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    item = models.CharField(_("条目编号"), max_length=32)
    marker = models.CharField(_("序号"), max_length=16, blank=True)
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    position = models.PositiveIntegerField(_("顺序"), default=0)
    title = models.TextField(_("任务"))
    text = models.TextField(_("原文"), blank=True)
    lead_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("牵头科室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_tasks",
    )
    partners = models.CharField(_("配合单位"), max_length=200, blank=True)
    schools = models.ManyToManyField("org.School", verbose_name=_("涉及学校"), blank=True, related_name="plan_tasks")
    # Issue 16: a city task goes to counties; each reports on it or breaks it down into its own plan.
    counties = models.ManyToManyField(
        "org.Region", verbose_name=_("承办区县"), blank=True, related_name="city_tasks",
        help_text=_("市级任务分派给哪些县（市、区）承办"),
    )
    # A county's task made by breaking a city task down (its drill-down from the city's matrix).
    source_task = models.ForeignKey(
        "self", verbose_name=_("来源的市级任务"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="breakdown_tasks",
    )
    start = models.DateField(_("开始时间"), null=True, blank=True, help_text=_("不填则为计划年度的1月1日"))
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    # Opened by the plans scan when the deadline passes with the task not done (督办, escalated by core).
    followup = models.OneToOneField(
        "core.FollowUp", verbose_name=_("督办事项"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="plan_task",
    )

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "item"], name="plans_task_unique_item")]

    def __str__(self):
        return f"{self.item} {self.marker}{self.title[:40]}"

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        return Q(pk__in=_tasks_of_schools(school_ids))

    def status(self, today: dt.date | None = None) -> TaskStatus:
        """未开始 / 推进中 / 滞后 / 已完成 / 逾期, computed from the deadline, milestones and the latest report.

        The task's start (1 January of the plan's year unless set) starts the straight line its progress is
        held against, and a task without
        its own deadline is due at the end of the plan's year (a 工作要点 is a year's work). Prefetch
        ``milestones`` and ``reports`` when listing many tasks.
        """
        reports = sorted(self.reports.all(), key=lambda r: r.period)
        code = task_status(
            today or timezone.localdate(),
            start=self.start_date,
            deadline=self.deadline or dt.date(self.plan.year, 12, 31),
            percent_done=reports[-1].percent_done if reports else None,
            milestones=[MilestoneState(m.due, m.done_on) for m in self.milestones.all()],
        )
        return TaskStatus(code)

    @property
    def start_date(self) -> dt.date:
        """When work on the task starts: its own start, else 1 January of the plan's year."""
        return self.start or dt.date(self.plan.year, 1, 1)

    def owning_school_ids(self) -> set[int]:
        # .all() reads prefetched schools when a page loaded them (a permission check per row, no query per row).
        return {school.pk for school in self.schools.all()} if self.pk else set()


class _TaskScoped(BaseModel):
    """Rows that follow their task's scope."""

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        return Q(task_id__in=_tasks_of_schools(school_ids))

    def owning_school_ids(self) -> set[int]:
        task = getattr(self, "task", None)
        return task.owning_school_ids() if task is not None else set()

    class Meta:
        abstract = True


class Target(_TaskScoped):
    """A quantitative target of a plan ("新增学位1.75万个"): the figure asked for and the progress toward it."""

    region_path = "plan__region"

    plan = models.ForeignKey(WorkPlan, verbose_name=_("工作计划"), on_delete=models.CASCADE, related_name="targets")
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    text = models.CharField(_("原文"), max_length=100)
    number = models.FloatField(_("目标值"), null=True, blank=True)
    low = models.FloatField(_("下限"), null=True, blank=True)
    high = models.FloatField(_("上限"), null=True, blank=True)
    comparator = models.CharField(_("比较"), max_length=16, blank=True)
    unit = models.CharField(_("单位"), max_length=16)
    counted = models.CharField(_("计量对象"), max_length=100, blank=True)
    deadline_text = models.CharField(_("时限（原文）"), max_length=32, blank=True)
    unknown = models.BooleanField(_("待填数字"), default=False)
    baseline = models.FloatField(_("基数"), null=True, blank=True)
    actual = models.FloatField(_("累计完成"), null=True, blank=True)
    evidence = models.TextField(_("佐证"), blank=True)

    class Meta:
        verbose_name = _("量化指标")
        verbose_name_plural = _("量化指标")
        ordering = ["plan", "pk"]

    def __str__(self):
        return self.text


class Milestone(_TaskScoped):
    """A node of a task's schedule (节点), laid backwards from the deadline (倒排工期)."""

    region_path = "task__plan__region"

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=200)
    due = models.DateField(_("节点时间"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    # Opened once by the plans scan when the node is past due and not done (kind "milestone").
    followup = models.OneToOneField(
        "core.FollowUp", verbose_name=_("督办事项"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="plan_milestone",
    )

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["task", "due"]

    def __str__(self):
        return self.title


class ProgressReport(_TaskScoped):
    """A period's report on a task from the responsible department or school (monthly by default).

    A school reports on the tasks that concern it: its own report belongs to it alone (so a task shared by
    several schools does not need all of them in scope), and it sees only its own reports and the bureau's.
    A report naming a school the task does not concern belongs to the task's schools, so a school cannot write
    one on a task that is not its own.

    ``region`` is whose report it is (issue 16): a county's report on a city task is the county's, so another
    county neither reads nor writes it; left empty it is the task's plan's region (set on save).
    """

    region_path = "region"

    school_writable = True

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports")
    period = models.DateField(_("报告期"))
    school = models.ForeignKey(
        "org.School",
        verbose_name=_("报告学校"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_reports",
    )
    region = models.ForeignKey(
        "org.Region", verbose_name=_("报告区域"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="plan_reports", help_text=_("县（市、区）对市级任务的报告填本县；否则为计划所属区域"),
    )
    narrative = models.TextField(_("进展情况"))
    percent_done = models.PositiveSmallIntegerField(_("完成百分比"), default=0)
    figure = models.FloatField(_("完成数"), null=True, blank=True)

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["task", "-period"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_done__lte=100), name="plans_report_percent_at_most_100"),
            # Issue 18: a school filed the same month twice; one report per task, school and month (the bureau's
            # own reports, school empty, are the lead department's running record and are not limited here).
            models.UniqueConstraint(
                fields=["task", "school", "period"], condition=Q(school__isnull=False),
                name="plans_report_once_a_month",
                violation_error_message=_("本校该月的进展已报送过，请修改原报告，不要重复报送。"),
            ),
        ]

    def __str__(self):
        return f"{self.task} {self.period}"

    def save(self, *args, **kwargs):
        if self.region_id is None and self.task_id is not None:
            self.region_id = WorkPlan.objects.filter(tasks=self.task_id).values_list("region_id", flat=True).first()
        super().save(*args, **kwargs)

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        """The school's own reports and the bureau's; of the bureau's, not another county's (issue 16)."""
        return (
            Q(task_id__in=_tasks_of_schools(school_ids))
            & (Q(school__isnull=True) | Q(school_id__in=school_ids))
            & (Q(region__isnull=True) | ~Q(region__level="county") | Q(region_id__in=_regions_of_schools(school_ids)))
        )

    def owning_school_ids(self) -> set[int]:
        task_schools = super().owning_school_ids()
        if self.school_id and self.school_id in task_schools:
            return {self.school_id}
        return task_schools


class ReportAttachment(BaseModel):
    """A file sent with a progress report (photos, minutes, acceptance forms)."""

    region_path = "report__region"

    school_writable = True

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("进展报告"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("附件"), upload_to="plans/reports/%Y/%m/", validators=[validate_upload])
    name = models.CharField(_("文件名"), max_length=255)

    class Meta:
        verbose_name = _("进展附件")
        verbose_name_plural = _("进展附件")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        return Q(report__in=ProgressReport.objects.filter(ProgressReport.scope_q(school_ids)).values("pk"))

    def owning_school_ids(self) -> set[int]:
        report = getattr(self, "report", None)
        return report.owning_school_ids() if report is not None else set()


class Problem(_TaskScoped):
    """A difficult problem raised against a task (难点问题台账), followed up through the shared life cycle.

    The follow-up carries the owner (responsible school or department), the deadline, the answers with their
    measures and evidence, verification and closure; this row says which task it belongs to and who raised it.
    """

    region_path = "task__plan__region"

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="problems")
    description = models.TextField(_("问题描述"))
    measures = models.TextField(_("拟采取措施"), blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="plan_problems",
    )
    followup = models.OneToOneField(
        "core.FollowUp", verbose_name=_("督办事项"), on_delete=models.PROTECT, related_name="plan_problem"
    )

    class Meta:
        verbose_name = _("难点问题")
        verbose_name_plural = _("难点问题")
        ordering = ["task", "pk"]

    def __str__(self):
        return self.description[:40]

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        """A school sees the problems it owns (owes the answer) or shares (a problem of a task naming the school,
        owed by a department), not those of a county-wide task owed by another school (issue 17)."""
        shared = Q(task_id__in=Task.schools.through.objects.filter(school_id__in=school_ids).values("task_id"))
        return Q(followup__school_id__in=school_ids) | (Q(followup__school__isnull=True) & shared)

    def owning_school_ids(self) -> set[int]:
        followup = getattr(self, "followup", None)
        if followup is not None and followup.school_id:
            return {followup.school_id}
        return super().owning_school_ids()
