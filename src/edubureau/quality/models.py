"""Exams of the county's academic quality monitoring (学业质量监测) and their candidates' scores."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import BaseModel

from .engine.config import DEFAULT_PRESET, INDEX_PRESETS, Cutoffs, ExamConfig, order_subjects

__all__ = ["Exam", "ExamResult", "TeacherAssignment"]


class Exam(BaseModel):
    """One county-wide exam (统考/质量监测) of a grade in a term, with its rules and its analysis.

    The analysis of the whole county is computed once when scores are imported and kept in
    ``report`` (the engine's plain data); pages and the API read it and cut it down to the
    reader's scope. An exam is reference data: every signed-in user may see that it exists.
    """

    class Status(models.TextChoices):
        EMPTY = "empty", _("未导入成绩")
        RUNNING = "running", _("导入中")
        INVALID = "invalid", _("成绩文件有错误")
        READY = "ready", _("已分析")

    region_path = "region"

    # A city exam (its report has a county level) or a county's own. Empty: the instance's.
    region = models.ForeignKey(
        "org.Region", verbose_name=_("所属区域"), null=True, blank=True, on_delete=models.PROTECT, related_name="exams"
    )
    name = models.CharField(_("考试名称"), max_length=100)
    term = models.ForeignKey("org.Term", verbose_name=_("学期"), on_delete=models.PROTECT, related_name="exams")
    grade = models.SmallIntegerField(_("年级"), help_text=_("1—12，如九年级填9"))
    full_marks = models.JSONField(_("各科满分"), default=dict, help_text=_("如 {\"语文\": 120, \"数学\": 120}"))
    total_subjects = models.JSONField(_("计入总分的科目"), default=list, blank=True,
                                      help_text=_("留空表示全部科目"))
    excellent_cut = models.FloatField(_("优秀线（占满分比例）"), default=0.85)
    good_cut = models.FloatField(_("良好线（占满分比例）"), default=0.70)
    pass_cut = models.FloatField(_("及格线（占满分比例）"), default=0.60)
    low_cut = models.FloatField(_("低分线（占满分比例）"), default=0.40)
    # The 综合指数 weighting the bureau chose for this exam: its pages rank by it until a reader picks another.
    index_preset = models.CharField(_("综合指数方案"), max_length=16, default=DEFAULT_PRESET,
                                    choices=[(key, name) for key, (name, _weights) in INDEX_PRESETS.items()])
    class Stage(models.TextChoices):
        QUEUED = "queued", _("排队中")
        READING = "reading", _("读取文件")
        CHECKING = "checking", _("逐行校验")
        ANALYSING = "analysing", _("统计分析")
        WRITING = "writing", _("写入成绩")
        DONE = "done", _("完成")

    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.EMPTY)
    # The import's progress, polled by the exam page while the background task runs.
    stage = models.CharField(_("导入进度"), max_length=16, choices=Stage.choices, blank=True)
    candidates = models.PositiveIntegerField(_("考生人数"), default=0)
    errors = models.JSONField(_("导入错误"), default=list, blank=True)
    report = models.JSONField(_("分析结果"), default=dict, blank=True)

    class Meta:
        ordering = ["-term__start", "grade", "name"]
        verbose_name = _("考试")
        verbose_name_plural = _("考试")

    def __str__(self):
        return self.name

    @property
    def subjects(self) -> list[str]:
        """The exam's subjects in the usual order (not the stored JSON's, which PostgreSQL reorders)."""
        return order_subjects(self.full_marks)

    @property
    def whole_label(self) -> str:
        """What "the whole" of this exam is called on its pages: 全市 for a city's exam, else 全县."""
        from edubureau.org.choices import RegionLevel

        return _("全市") if self.region_id and self.region.level == RegionLevel.CITY else _("全县")

    def config(self) -> ExamConfig:
        """The engine's rules for this exam."""
        return ExamConfig(
            {k: float(v) for k, v in self.full_marks.items()},
            total_of=tuple(self.total_subjects) or None,
            cutoffs=Cutoffs(excellent=self.excellent_cut, good=self.good_cut, passing=self.pass_cut,
                            low=self.low_cut),
        )


class ExamResult(BaseModel):
    """One candidate's scores in one exam (null = absent), written in bulk by the import."""

    scope_path = "school"

    exam = models.ForeignKey(Exam, verbose_name=_("考试"), on_delete=models.CASCADE, related_name="results")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT,
                               related_name="exam_results")
    exam_no = models.CharField(_("考号"), max_length=32)
    student_no = models.CharField(_("学籍号"), max_length=32, blank=True)
    name = models.CharField(_("姓名"), max_length=64, blank=True)
    class_name = models.CharField(_("班级"), max_length=32)
    scores = models.JSONField(_("各科成绩"), default=dict)
    total = models.FloatField(_("总分"), null=True, blank=True)

    class Meta:
        ordering = ["exam", "school", "class_name", "exam_no"]
        verbose_name = _("考生成绩")
        verbose_name_plural = _("考生成绩")
        constraints = [models.UniqueConstraint(fields=["exam", "exam_no"], name="quality_result_unique_exam_no")]
        indexes = [models.Index(fields=["exam", "school"])]

    def __str__(self):
        return f"{self.exam_no} {self.name}"


class TeacherAssignment(BaseModel):
    """Who taught a subject to a class for an exam (任课教师), so the class's results reach the teacher."""

    scope_path = "school"

    exam = models.ForeignKey(Exam, verbose_name=_("考试"), on_delete=models.CASCADE, related_name="teachers")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT,
                               related_name="exam_teachers")
    class_name = models.CharField(_("班级"), max_length=32)
    subject = models.CharField(_("学科"), max_length=32)
    teacher_name = models.CharField(_("任课教师"), max_length=64)
    # The teacher in the staff registry, matched by ID number or by name among the school's staff.
    staff = models.ForeignKey("people.Staff", verbose_name=_("教职工"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="exam_assignments")

    class Meta:
        ordering = ["exam", "school", "class_name", "subject"]
        verbose_name = _("任课教师")
        verbose_name_plural = _("任课教师")
        constraints = [models.UniqueConstraint(fields=["exam", "school", "class_name", "subject"],
                                               name="quality_teacher_unique_class_subject")]

    def __str__(self):
        return f"{self.class_name}{self.subject} {self.teacher_name}"
