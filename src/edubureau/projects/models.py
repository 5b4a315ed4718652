"""新建改扩建项目 (issue 15): a project, its six stages with planned and actual dates, its payments, photos per stage.

The budget is five decimal fields, one per funding source (中央/省/市/县/自筹), not a child model of budget lines: the
sources are a fixed list of five, a 项目库 spreadsheet has one row per project with a column per source, and the
import, the export and the list read it without an extra query. Payments name their source and count against it.

A project's stages are created with it; a stage late against its plan becomes a follow-up (``services.scan_projects``)
and the delivery stage keeps the enrolment module's ``SeatChange`` in step (``services.sync_seats``).

Stage photos are files like every other upload: checked by the shared ``validate_upload`` (type and size cap) and, as
they are shown as thumbnails, by their first bytes (a renamed .exe is no photo); served only through ``core.files``
within the project's scope, never from a public media URL.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core.files import image_type
from edubureau.core.models import BaseModel
from edubureau.core.validators import validate_upload

from .engine import STAGES, budget_use, stage_late

__all__ = ["PHOTO_EXTENSIONS", "Payment", "Project", "Source", "Stage", "StagePhoto", "validate_photo"]

MONEY = dict(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))])


class Source(models.TextChoices):
    CENTRAL = "中央", _("中央")
    PROVINCE = "省", _("省级")
    CITY = "市", _("市级")
    COUNTY = "县", _("县级")
    SELF = "自筹", _("自筹")


BUDGET_FIELDS = {Source.CENTRAL: "budget_central", Source.PROVINCE: "budget_province", Source.CITY: "budget_city",
                 Source.COUNTY: "budget_county", Source.SELF: "budget_self"}


class Project(BaseModel):
    """A construction project of the 项目库 at one school (or a new school not yet in the registry)."""

    scope_path = "school"
    region_path = "region"

    class Kind(models.TextChoices):
        NEW = "新建", _("新建")
        EXTEND = "改扩建", _("改扩建")
        REINFORCE = "加固", _("加固")
        REPAIR = "维修", _("维修")
        SPORTS = "运动场", _("运动场")
        CANTEEN = "食堂", _("食堂")
        DORMITORY = "宿舍", _("宿舍")

    class Level(models.TextChoices):
        PRIMARY = "小学", _("小学")
        JUNIOR = "初中", _("初中")

    number = models.CharField(_("项目编号"), max_length=30, unique=True)
    name = models.CharField(_("项目名称"), max_length=100)
    school = models.ForeignKey("org.School", verbose_name=_("学校"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text=_("新建学校尚未建档时留空，由计划财务科负责"))
    region = models.ForeignKey("org.Region", verbose_name=_("区县"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("项目类型"), max_length=8, choices=Kind.choices)
    level = models.CharField(_("新增学位学段"), max_length=4, choices=Level.choices, blank=True,
                             help_text=_("新增教室或学位时填写；九年一贯制学校按新增学位所在学段"))
    area = models.DecimalField(_("建筑面积（㎡）"), max_digits=10, decimal_places=1, default=0,
                               validators=[MinValueValidator(Decimal(0))])
    classrooms = models.PositiveSmallIntegerField(_("新增教室"), default=0)
    seats = models.PositiveIntegerField(_("新增学位"), default=0)
    streams = models.PositiveSmallIntegerField(
        _("起始年级新增班数"), null=True, blank=True,
        help_text=_("交付后一年级（七年级）每年多招的班数；留空按新增教室÷年级数（小学6、初中3）计算"))
    budget_central = models.DecimalField(_("中央资金（万元）"), default=0, **MONEY)
    budget_province = models.DecimalField(_("省级资金（万元）"), default=0, **MONEY)
    budget_city = models.DecimalField(_("市级资金（万元）"), default=0, **MONEY)
    budget_county = models.DecimalField(_("县级资金（万元）"), default=0, **MONEY)
    budget_self = models.DecimalField(_("自筹资金（万元）"), default=0, **MONEY)
    note = models.TextField(_("备注"), blank=True)
    # The enrolment module's row for this project's new first-year classes (kept by services.sync_seats).
    seat_change = models.OneToOneField("enrollment.SeatChange", verbose_name=_("学位增减"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="project", editable=False)

    class Meta:
        verbose_name = _("建设项目")
        verbose_name_plural = _("建设项目")
        ordering = ["number"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (self.classrooms or self.seats or self.streams) and not self.level:
            raise ValidationError({"level": _("新增教室或学位时请填写学段")})

    def save(self, *args, **kwargs):
        if self.school_id and not self.region_id:
            self.region_id = self.school.region_id
        created = self.pk is None
        super().save(*args, **kwargs)
        from . import services

        if created:
            services.ensure_stages(self)
        services.sync_seats(self)

    def delete(self, *args, **kwargs):
        from . import services

        change = self.seat_change
        services.withdraw_followups(self)
        photos = list(StagePhoto.objects.filter(stage__project=self).values_list("file", flat=True))
        result = super().delete(*args, **kwargs)
        if change is not None:
            change.delete()
        services.forget_files(StagePhoto._meta.get_field("file").storage, photos)
        return result

    @property
    def budget(self) -> dict[str, Decimal]:
        return {str(source): getattr(self, field) for source, field in BUDGET_FIELDS.items()}

    @property
    def budget_total(self) -> Decimal:
        return sum(self.budget.values(), Decimal(0))

    def budget_rows(self, payments=None):
        payments = self.payments.all() if payments is None else payments
        return budget_use(self.budget, [(p.source, p.amount) for p in payments])

    def over_budget(self, payments=None) -> bool:
        """True when the payments from any source, or all of them, exceed the budget."""
        return any(row.over for row in self.budget_rows(payments))

    def owner_label(self) -> str:
        return self.school.name if self.school_id else str(_("计划财务科"))


class Stage(BaseModel):
    """One of the six stages (立项 → 交付) of a project: planned and actual dates; late ones owe a follow-up."""

    scope_path = "project__school"
    region_path = "project__region"
    school_deletable = False

    class Step(models.TextChoices):
        APPROVED = "立项", _("立项")
        TENDER = "招标", _("招标")
        STARTED = "开工", _("开工")
        TOPPED = "主体完工", _("主体完工")
        ACCEPTED = "竣工验收", _("竣工验收")
        DELIVERED = "交付", _("交付")

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="stages")
    step = models.CharField(_("阶段"), max_length=8, choices=Step.choices)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0, editable=False)
    planned = models.DateField(_("计划日期"), null=True, blank=True)
    actual = models.DateField(_("实际日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    followup = models.ForeignKey("core.FollowUp", verbose_name=_("逾期督办事项"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+", editable=False)

    class Meta:
        verbose_name = _("项目阶段")
        verbose_name_plural = _("项目阶段")
        ordering = ["project", "order"]
        constraints = [models.UniqueConstraint(fields=["project", "step"], name="projects_one_stage_per_step",
                                               violation_error_message=_("该项目已有此阶段"))]

    def __str__(self):
        return f"{self.project} · {self.step}"

    def clean(self):
        super().clean()
        if self.actual and self.actual > timezone.localdate():
            raise ValidationError({"actual": _("实际日期不能晚于今天")})

    def save(self, *args, **kwargs):
        self.order = STAGES.index(self.step) if self.step in STAGES else 0
        super().save(*args, **kwargs)
        from . import services

        services.after_stage_saved(self)

    def is_late(self, today=None) -> bool:
        return stage_late(self.planned, self.actual, today or timezone.localdate())


class Payment(BaseModel):
    """A payment (拨付) against a project's budget, from one funding source."""

    scope_path = "project__school"
    region_path = "project__region"

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("拨付日期"))
    amount = models.DecimalField(_("金额（万元）"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    source = models.CharField(_("资金来源"), max_length=4, choices=Source.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("项目拨付")
        verbose_name_plural = _("项目拨付")
        ordering = ["project", "paid_on", "pk"]

    def __str__(self):
        return f"{self.project} {self.paid_on} {self.amount}万元"


# Photos a browser shows as thumbnails (the file route serves these inline); HEIC and documents are refused.
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp")


def validate_photo(file) -> None:
    """A stage photo is a real JPG, PNG, GIF or WebP image, judged by its first bytes, not by its name."""
    FileExtensionValidator(PHOTO_EXTENSIONS, message=_(
        "文件“%(value)s”不是照片，请上传 JPG、PNG、GIF 或 WebP 格式的图片。"))(file)
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if image_type(head) is None:
        raise ValidationError(_("文件“%(name)s”的内容不是有效的图片（可能是改了扩展名的其他文件）。"),
                              params={"name": getattr(file, "name", "")}, code="not_image")


class StagePhoto(BaseModel):
    """A photo of a project at one stage (the site at 开工, the frame at 主体完工, the keys at 交付), several per stage.

    Uploaded by the project's school or by the 计划财务科 (``permissions.can_add_photo``); ``by_school`` keeps which
    side uploaded it, and only that side deletes it.
    """

    scope_path = "stage__project__school"
    region_path = "stage__project__region"

    stage = models.ForeignKey(Stage, verbose_name=_("阶段"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to="projects/stages/%Y/%m/", validators=[validate_upload, validate_photo])
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    taken_on = models.DateField(_("拍摄日期"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    by_school = models.BooleanField(_("学校上传"), default=False, editable=False)

    class Meta:
        verbose_name = _("阶段照片")
        verbose_name_plural = _("阶段照片")
        ordering = ["stage", "taken_on", "pk"]

    def __str__(self):
        return self.caption or f"{self.stage.step}照片"

    def clean(self):
        super().clean()
        if self.taken_on and self.taken_on > timezone.localdate():
            raise ValidationError({"taken_on": _("拍摄日期不能晚于今天")})
