"""国家学生体质健康标准 (issue 14): each school's yearly test as it uploads it to the national platform, scored by the
2014 tables (``engine``), and the county's targets.

A test is one school's file for one 学年; importing the file again replaces its results at once (the platform keeps
the last upload too). The raw values are kept as the school wrote them, so the export gives back the same template.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import BaseModel
from edubureau.core.settings_row import SettingsRow

from .engine.standard import BMI, GRADE_NAMES, ITEMS

__all__ = ["POINTS_FIELDS", "FitnessResult", "FitnessSettings", "FitnessTest"]

# The template's item name → the column of its points.
POINTS_FIELDS = {BMI: "points_bmi", **{name: f"points_{item.file}" for name, item in ITEMS.items()}}


class FitnessTest(BaseModel):
    """One school's 体质健康测试 of one 学年 (the file it uploads to the national platform)."""

    scope_path = "school"
    school_writable = True  # a school uploads its own file; the bureau may upload for it

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("学年"), help_text=_("学年开始的年份，如2026表示2026—2027学年"))
    file_name = models.CharField(_("上报文件"), max_length=200, blank=True)
    pupils = models.PositiveIntegerField(_("测试人数"), default=0)
    scored = models.PositiveIntegerField(_("评分人数"), default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    class Meta:
        verbose_name = _("体质健康测试")
        verbose_name_plural = _("体质健康测试")
        ordering = ["-year", "school"]
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="fitness_one_test_per_school_year")]

    def __str__(self):
        return _("{school}{year}学年体质健康测试").format(school=self.school.name, year=self.year)


class FitnessResult(BaseModel):
    """One pupil's line of a test: the template's raw values, and the points, score and 等级 the engine gave."""

    scope_path = "test__school"
    school_writable = True

    class Level(models.TextChoices):
        EXCELLENT = "优秀", _("优秀")
        GOOD = "良好", _("良好")
        PASS = "及格", _("及格")
        FAIL = "不及格", _("不及格")

    test = models.ForeignKey(FitnessTest, verbose_name=_("测试"), on_delete=models.CASCADE, related_name="results")
    row = models.PositiveIntegerField(_("文件行号"))
    student_no = models.CharField(_("学籍号"), max_length=32, db_index=True)
    name = models.CharField(_("姓名"), max_length=32, blank=True)
    grade_code = models.CharField(_("年级编号"), max_length=2, choices=list(GRADE_NAMES.items()))
    class_code = models.CharField(_("班级编号"), max_length=16, blank=True)
    class_name = models.CharField(_("班级名称"), max_length=32, blank=True)
    sex = models.CharField(_("性别"), max_length=1, choices=[("男", _("男")), ("女", _("女"))])
    identity = models.JSONField(_("其他信息"), default=dict, blank=True)  # 民族代码, 出生日期 … as written
    raw = models.JSONField(_("原始成绩"), default=dict, blank=True)  # template column → text as the school wrote it
    height = models.FloatField(_("身高（厘米）"), null=True, blank=True)
    weight = models.FloatField(_("体重（千克）"), null=True, blank=True)
    bmi = models.FloatField(_("BMI"), null=True, blank=True)
    bmi_band = models.CharField(_("BMI等级"), max_length=4, blank=True)
    # One column per item (not a JSON map): the county overview reads 60,000 pupils at once, and decoding a JSON
    # value per row took longer than everything else together.
    points_bmi = models.FloatField(_("BMI得分"), null=True, blank=True)
    points_vital_capacity = models.FloatField(_("肺活量得分"), null=True, blank=True)
    points_run_50m = models.FloatField(_("50米跑得分"), null=True, blank=True)
    points_sit_and_reach = models.FloatField(_("坐位体前屈得分"), null=True, blank=True)
    points_rope_skipping = models.FloatField(_("一分钟跳绳得分"), null=True, blank=True)
    points_sit_ups = models.FloatField(_("一分钟仰卧起坐得分"), null=True, blank=True)
    points_shuttle_50x8 = models.FloatField(_("50米×8往返跑得分"), null=True, blank=True)
    points_standing_long_jump = models.FloatField(_("立定跳远得分"), null=True, blank=True)
    points_pull_ups = models.FloatField(_("引体向上得分"), null=True, blank=True)
    points_run_800m = models.FloatField(_("800米跑得分"), null=True, blank=True)
    points_run_1000m = models.FloatField(_("1000米跑得分"), null=True, blank=True)
    standard_score = models.FloatField(_("标准分"), null=True, blank=True,
                                       validators=[MinValueValidator(0), MaxValueValidator(100)])
    bonus = models.FloatField(_("附加分"), default=0)
    total = models.FloatField(_("学年总分"), null=True, blank=True)
    level = models.CharField(_("等级"), max_length=4, choices=Level.choices, blank=True)
    unscored = models.CharField(_("未评原因"), max_length=100, blank=True)
    vision_left = models.FloatField(_("左眼裸眼视力"), null=True, blank=True)
    vision_right = models.FloatField(_("右眼裸眼视力"), null=True, blank=True)

    class Meta:
        verbose_name = _("体质健康成绩")
        verbose_name_plural = _("体质健康成绩")
        ordering = ["test", "grade_code", "class_code", "row"]
        indexes = [models.Index(fields=["test", "grade_code", "class_name"], name="fitness_result_class")]

    def __str__(self):
        return f"{self.name or self.student_no}（{self.grade_name}）"

    @property
    def grade_name(self) -> str:
        return GRADE_NAMES.get(self.grade_code, self.grade_code)

    @property
    def points(self) -> dict[str, float]:
        """The items' points by the template's item names (those scored)."""
        values = {item: getattr(self, field) for item, field in POINTS_FIELDS.items()}
        return {item: value for item, value in values.items() if value is not None}


class FitnessSettings(SettingsRow):
    """The county's targets (the year's work plan states them; these are used where it does not) and the 毕业成绩
    rule."""

    pass_target = models.DecimalField(_("合格率目标（%）"), max_digits=4, decimal_places=1, default=95,
                                      validators=[MinValueValidator(0), MaxValueValidator(100)])
    good_target = models.DecimalField(_("优良率目标（%）"), max_digits=4, decimal_places=1, default=50,
                                      validators=[MinValueValidator(0), MaxValueValidator(100)],
                                      help_text=_("良好及以上的比例"))
    excellent_target = models.DecimalField(_("优秀率目标（%）"), max_digits=4, decimal_places=1, default=25,
                                           validators=[MinValueValidator(0), MaxValueValidator(100)])
    final_year_weight = models.DecimalField(
        _("毕业成绩中毕业年级所占比例（%）"), max_digits=4, decimal_places=1, default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("标准规定：毕业成绩＝毕业当年学年总分×50%＋其他学年学年总分平均得分×50%"))

    class Meta:
        verbose_name = _("体质健康设置")
        verbose_name_plural = _("体质健康设置")
