"""School evaluation (学校年度考核): the scheme as records, the inputs (evaluators' scores, third-party values,
figure snapshots), result versions and appeals.

The scoring itself is the pure engine's (``evaluation/engine``); ``services.py`` turns these records into the
engine's frozen scheme and school inputs. A scheme is reference data (every signed-in user may read it); scores,
figures and appeals belong to their school. A result version keeps the frozen scheme, the inputs and the engine's
result as JSON, so a published version never changes when a score is edited later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import BaseModel

__all__ = [
    "Appeal", "Bundle", "Category", "EvaluatorScore", "FigureSnapshot", "Indicator", "ResultVersion", "Scheme",
    "ThirdPartyScore",
]


class Scheme(BaseModel):
    """One year's assessment scheme (考核方案): its head, grade rule and appeal window."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿（可反复计算）")
        PUBLISHED = "published", _("已发布")

    class Weighting(models.TextChoices):
        WEIGHTS = "weights", _("按权重（各级权重之和为1）")
        POINTS = "points", _("按分值（各项分值相加）")

    class GradeMode(models.TextChoices):
        THRESHOLDS = "thresholds", _("按分数线")
        QUOTAS = "quotas", _("按类别内比例")

    region_path = "region"

    region = models.ForeignKey(
        "org.Region", verbose_name=_("所属区域"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="schemes",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("方案名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    total = models.FloatField(_("总分"), default=100)
    weighting = models.CharField(_("计分方式"), max_length=16, choices=Weighting.choices, default=Weighting.WEIGHTS)
    grade_mode = models.CharField(_("等次划分"), max_length=16, choices=GradeMode.choices,
                                  default=GradeMode.THRESHOLDS)
    grade_bands = models.JSONField(
        _("等次"), default=list, blank=True,
        help_text=_("按分数线：[[\"优秀\", 90], [\"良好\", 80], [\"合格\", 60]]；按比例：[[\"优秀\", 0.2], …]"),
    )
    grade_rest = models.CharField(_("其余等次"), max_length=16, default="合格")
    grade_lowest = models.CharField(_("最低等次"), max_length=16, default="不合格")
    grade_pass_line = models.FloatField(_("合格线"), null=True, blank=True,
                                        help_text=_("总分低于此线的定为最低等次（按比例划分时常用）；留空为不设"))
    appeal_until = models.DateField(_("申诉截止日期"), null=True, blank=True,
                                    help_text=_("发布结果后，学校可在此日期前对单项得分提出申诉"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation:scheme_detail", args=[self.pk])


class Indicator(BaseModel):
    """A node of the indicator tree (一级、二级…指标): a leaf scores points, a branch sums its children."""

    region_path = "scheme__region"

    class Source(models.TextChoices):
        ENTERED = "entered", _("考核组评分")
        THIRD_PARTY = "third_party", _("第三方评价")
        COMPUTED = "computed", _("业务数据计算")

    class Kind(models.TextChoices):
        NORMAL = "normal", _("计分指标")
        BONUS = "bonus", _("加分项")
        DEDUCTION = "deduction", _("扣分项")
        VETO = "veto", _("一票否决")

    class MappingKind(models.TextChoices):
        NONE = "", _("不换算（直接为得分）")
        LINEAR = "linear", _("线性（两端点之间按比例）")
        BANDS = "bands", _("分档（达到分数线得相应分）")
        BANDS_LE = "bands_le", _("分档（越低越好）")
        RANK = "rank", _("按类别内排名")
        DIRECT = "direct", _("直接计分")

    class Aggregate(models.TextChoices):
        MEAN = "mean", _("平均")
        TRIMMED = "trimmed", _("去掉最高最低后平均")

    class WhenMissing(models.TextChoices):
        ZERO = "zero", _("计0分，并列为缺数据")
        FULL = "full", _("计满分")
        EXCLUDE = "exclude", _("不计入，同级其余指标按权重折算")

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE,
                               related_name="indicators")
    parent = models.ForeignKey("self", verbose_name=_("上级指标"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    position = models.PositiveIntegerField(_("顺序"), default=0)
    code = models.CharField(_("编号"), max_length=16)
    title = models.CharField(_("指标"), max_length=200)
    max_score = models.FloatField(_("满分（分值）"), null=True, blank=True)
    weight = models.FloatField(_("权重"), default=1.0)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.ENTERED)
    figure = models.CharField(_("数据项"), max_length=64, blank=True)
    mapping_kind = models.CharField(_("换算规则"), max_length=16, choices=MappingKind.choices, blank=True)
    mapping_params = models.JSONField(_("换算参数"), default=list, blank=True,
                                      help_text=_("线性：[0.6, 1]；分档：[[60, 4], [80, 7]]；排名：[] 或 [10, 8, 6]"))
    lower_is_better = models.BooleanField(_("越低越好（排名）"), default=False)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.NORMAL)
    cap = models.FloatField(_("封顶分"), null=True, blank=True)
    aggregate = models.CharField(_("评分汇总"), max_length=16, choices=Aggregate.choices, default=Aggregate.MEAN)
    veto_at = models.FloatField(_("否决触发值"), default=1)
    note = models.CharField(_("评分说明"), max_length=300, blank=True)
    when_missing = models.CharField(
        _("无数据时"), max_length=8, choices=WhenMissing.choices, default=WhenMissing.ZERO,
        help_text=_("学校没有该项数据时的计分，如本年度无到期整改事项的学校"))

    class Meta:
        ordering = ["scheme", "position", "pk"]
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="evaluation_indicator_unique_code")]

    def __str__(self):
        return f"{self.code} {self.title}"


class Category(BaseModel):
    """A group of schools judged on one yardstick and ranked together (差别化分类考核).

    Schools join by kind and locality, or are listed explicitly (a listed school wins over the rule).
    """

    region_path = "scheme__region"

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE,
                               related_name="categories")
    position = models.PositiveIntegerField(_("顺序"), default=0)
    key = models.SlugField(_("标识"), max_length=32)
    title = models.CharField(_("类别名称"), max_length=64)
    school_kinds = models.JSONField(_("办学类型"), default=list, blank=True, help_text=_("如 [\"primary\"]"))
    localities = models.JSONField(_("城乡分类"), default=list, blank=True, help_text=_("如 [\"urban\"]，留空为不限"))
    schools = models.ManyToManyField("org.School", verbose_name=_("指定学校"), blank=True,
                                     related_name="evaluation_categories")
    weights = models.JSONField(_("本类别调整的权重"), default=dict, blank=True, help_text=_("指标编号 → 权重"))

    class Meta:
        ordering = ["scheme", "position", "pk"]
        verbose_name = _("考核类别")
        verbose_name_plural = _("考核类别")
        constraints = [models.UniqueConstraint(fields=["scheme", "key"], name="evaluation_category_unique_key")]

    def __str__(self):
        return self.title

    @property
    def takes(self) -> str:
        """Which schools the category takes, in words (办学类型、城乡分类、指定学校)."""
        from edubureau.org.choices import Locality, SchoolKind

        parts = []
        if self.school_kinds:
            parts.append("、".join(str(dict(SchoolKind.choices).get(k, k)) for k in self.school_kinds))
        if self.localities:
            parts.append("、".join(str(dict(Locality.choices).get(k, k)) for k in self.localities))
        listed = [s.name for s in self.schools.all()] if self.pk else []
        if listed:
            parts.append(str(_("指定：")) + "、".join(listed))
        return " · ".join(parts) or str(_("全部学校"))


class Bundle(BaseModel):
    """捆绑式考核: a share of the lead school's score comes from its members' progress over last year."""

    region_path = "scheme__region"

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="bundles")
    title = models.CharField(_("名称"), max_length=100, blank=True)
    lead = models.ForeignKey("org.School", verbose_name=_("牵头学校"), on_delete=models.PROTECT,
                             related_name="evaluation_bundles_led")
    members = models.ManyToManyField("org.School", verbose_name=_("成员学校"), related_name="evaluation_bundles")
    share = models.FloatField(_("捆绑比例"), default=0.2)
    full_at = models.FloatField(_("满分进步幅度"), default=10)
    group = models.ForeignKey("org.EducationGroup", verbose_name=_("教育集团"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    pairing = models.ForeignKey("org.Pairing", verbose_name=_("结对帮扶"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["scheme", "pk"]
        verbose_name = _("捆绑考核")
        verbose_name_plural = _("捆绑考核")

    def __str__(self):
        return self.title or str(self.lead)


class EvaluatorScore(BaseModel):
    """One evaluator's score of one school on one entered indicator (several evaluators are averaged/trimmed)."""

    scope_path = "school"

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="scores")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.CASCADE,
                               related_name="evaluation_scores")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评分人"), on_delete=models.PROTECT,
                                  related_name="evaluation_scores")
    score = models.FloatField(_("得分"))
    comment = models.CharField(_("评语"), max_length=300, blank=True)

    class Meta:
        ordering = ["scheme", "school", "indicator"]
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [models.UniqueConstraint(fields=["indicator", "school", "evaluator"],
                                               name="evaluation_score_one_per_evaluator")]

    def __str__(self):
        return f"{self.school} {self.indicator.code}: {self.score}"


class ThirdPartyScore(BaseModel):
    """A value imported from a third party's workbook (第三方评价)."""

    scope_path = "school"

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE,
                               related_name="third_party_scores")
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE,
                                  related_name="third_party_scores")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.CASCADE,
                               related_name="evaluation_third_party")
    value = models.FloatField(_("数值"))
    source_file = models.CharField(_("来源文件"), max_length=255, blank=True)

    class Meta:
        ordering = ["scheme", "school", "indicator"]
        verbose_name = _("第三方评价")
        verbose_name_plural = _("第三方评价")
        constraints = [models.UniqueConstraint(fields=["indicator", "school"], name="evaluation_third_party_unique")]

    def __str__(self):
        return f"{self.school} {self.indicator.code}: {self.value}"


class FigureSnapshot(BaseModel):
    """A school's figure from another module (or entered by hand) as it stood when the scheme was computed."""

    scope_path = "school"

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="figures")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.CASCADE,
                               related_name="evaluation_figures")
    key = models.CharField(_("数据项"), max_length=64)
    value = models.FloatField(_("数值"))
    source = models.CharField(_("来源说明"), max_length=300, blank=True)
    manual = models.BooleanField(_("手工填报"), default=False,
                                 help_text=_("手工填报的数值（如安全事故数）在重新计算时保留"))

    class Meta:
        ordering = ["scheme", "school", "key"]
        verbose_name = _("业务数据")
        verbose_name_plural = _("业务数据")
        constraints = [models.UniqueConstraint(fields=["scheme", "school", "key"], name="evaluation_figure_unique")]

    def __str__(self):
        return f"{self.school} {self.key}={self.value}"


class ResultVersion(BaseModel):
    """A computed result: version 0 is the draft (recomputed any number of times); 1, 2 … are published and frozen.

    ``scheme_json`` and ``inputs_json`` are the engine's frozen scheme and school inputs, ``result_json`` its result
    (``engine.cli.result_to_dict``); re-scoring the first two gives the same result, which is how the pages get the
    engine objects back.
    """

    region_path = "scheme__region"

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("版本"), default=0)
    computed_at = models.DateTimeField(_("计算时间"))
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("计算人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    final = models.BooleanField(_("最终结果"), default=False, help_text=_("申诉处理完毕后发布的最终结果"))
    note = models.CharField(_("发布说明"), max_length=300, blank=True)
    scheme_json = models.JSONField(_("方案（冻结）"), default=dict)
    inputs_json = models.JSONField(_("各校输入（冻结）"), default=list)
    result_json = models.JSONField(_("计算结果（冻结）"), default=dict)

    class Meta:
        ordering = ["scheme", "-version"]
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        constraints = [models.UniqueConstraint(fields=["scheme", "version"], name="evaluation_version_unique")]

    def __str__(self):
        return f"{self.scheme} {self.label}"

    @property
    def is_draft(self) -> bool:
        return self.version == 0

    @property
    def label(self) -> str:
        if self.is_draft:
            return str(_("草稿"))
        return f"v{self.version}" + (str(_("（最终）")) if self.final else "")


class Appeal(BaseModel):
    """A school contests one item of a published result with evidence, within the appeal window.

    The life cycle is the shared follow-up's (module ``evaluation``, kind ``appeal``, due the window's end): filing
    issues it and answers it at once with the reason and the evidence files (``FollowUpEvidence``); the department
    verifies it (核查销号, with a decided score when the school is right) or sends it back (退回) for more evidence.
    """

    scope_path = "school"
    school_writable = True
    school_locked_fields = ("scheme", "version", "school", "decided_score", "followup")

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="appeals")
    version = models.ForeignKey(ResultVersion, verbose_name=_("所申诉的结果"), on_delete=models.PROTECT,
                                related_name="appeals")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.CASCADE,
                               related_name="evaluation_appeals")
    indicator = models.ForeignKey(Indicator, verbose_name=_("申诉指标"), on_delete=models.PROTECT,
                                  related_name="appeals")
    reason = models.TextField(_("申诉理由"))
    decided_score = models.FloatField(_("复核后得分"), null=True, blank=True,
                                      help_text=_("核查后认定的该项得分（考核组评分或第三方数值），重新计算时生效"))
    followup = models.OneToOneField("core.FollowUp", verbose_name=_("办理流程"), on_delete=models.PROTECT,
                                    related_name="evaluation_appeal")

    class Meta:
        ordering = ["-created"]
        verbose_name = _("考核申诉")
        verbose_name_plural = _("考核申诉")

    def __str__(self):
        return f"{self.school} · {self.indicator}"

    def get_absolute_url(self):
        return reverse("evaluation:appeal_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        return Q(school__in=school_ids)
