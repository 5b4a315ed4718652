"""The bureau's registry of people: staff with postings, titles and honours; classes and students."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard
from edubureau.core.models import BaseModel, ScopedQuerySet
from edubureau.core.pinyin import PinyinNamed, PinyinQuerySetMixin, PinyinScopedQuerySet
from edubureau.core.validators import validate_id_number
from edubureau.org.choices import LevelPart
from edubureau.org.models import School

from .choices import (
    ON_ROLL,
    POOL_REASONS,
    Education,
    Establishment,
    HonourKind,
    HonourLevel,
    Inclusive,
    PostingReason,
    PostKind,
    Qualification,
    RollStatus,
    Sex,
    Title,
)

__all__ = ["Honour", "OwnedThroughStaff", "Posting", "SchoolClass", "Staff", "Student"]

# Issue 18: a school typing another school's staff ID number learned "具有 身份证号 的 教职工 已存在". The form, the
# API (its unique validator takes this message) and the import (core.io.validate reads "unique_neutral") say only
# that the number cannot be used, and the bureau resolves it.
STAFF_ID_TAKEN = {
    "unique": _("该身份证号无法使用，请联系教育局人事科核实"),
    "unique_neutral": _("该身份证号无法使用，请联系教育局人事科核实"),
}
STUDENT_ID_TAKEN = {
    "unique": _("该身份证号无法使用，请联系教育局核实"),
    "unique_neutral": _("该身份证号无法使用，请联系教育局核实"),
}


# --- Staff ----------------------------------------------------------------------------------------


class StaffQuerySet(PinyinQuerySetMixin, ScopedQuerySet):
    def with_current_school(self):
        """Annotate ``current_school_id``: the school of the staff member's open posting."""
        open_posting = Posting.objects.filter(staff=OuterRef("pk"), end__isnull=True).order_by("-start")
        return self.annotate(current_school_id=models.Subquery(open_posting.values("school_id")[:1]))


class Staff(PinyinNamed, BaseModel):
    """A member of staff (教职工) of the county's schools.

    Where someone works is not a field: it is the open ``Posting``. Years at the current school and
    membership of the county pool (无校籍, 县管校聘) follow from the postings.
    """

    school_writable = True
    # Deleting a staff member erases their postings at every school; a school records a departure
    # by asking the personnel department to end the posting instead.
    school_deletable = False

    name = models.CharField(_("姓名"), max_length=32)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True, validators=[validate_id_number],
                                 error_messages=STAFF_ID_TAKEN)
    # Derived from the ID number on save (used by age statistics); never entered.
    birth_date = models.DateField(_("出生日期"), editable=False)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    establishment = models.CharField(_("编制类型"), max_length=16, choices=Establishment.choices)
    post_kind = models.CharField(_("岗位类别"), max_length=16, choices=PostKind.choices)
    subject = models.CharField(_("任教学科"), max_length=16, blank=True)
    teaching_level = models.CharField(_("任教学段"), max_length=16, choices=LevelPart.choices, blank=True)
    education = models.CharField(_("最高学历"), max_length=16, choices=Education.choices)
    qualification = models.CharField(
        _("教师资格"), max_length=16, choices=Qualification.choices, default=Qualification.NONE
    )
    title = models.CharField(_("职称"), max_length=16, choices=Title.choices, default=Title.NONE)
    post_grade = models.PositiveSmallIntegerField(_("专业技术岗位等级"), null=True, blank=True)
    work_start = models.DateField(_("参加工作时间"), null=True, blank=True)
    is_active = models.BooleanField(_("在职"), default=True)

    objects = StaffQuerySet.as_manager()
    pinyin_person = True  # 曾 sorts as zeng (core.pinyin.SURNAMES)

    class Meta:
        # By pinyin (issue 17), then the characters (same-sounding names), then the row.
        ordering = ["name_pinyin", "name", "id"]
        verbose_name = _("教职工")
        verbose_name_plural = _("教职工")
        # The staff list is sorted by name: a city's 60,000 staff page on an index, not a sort (issue 16).
        indexes = [models.Index(fields=["name_pinyin", "name", "id"], name="people_staff_pinyin_list")]
        constraints = [
            models.CheckConstraint(
                condition=Q(post_grade__isnull=True) | Q(post_grade__gte=1, post_grade__lte=13),
                name="staff_post_grade_1_to_13",
                violation_error_message=_("专业技术岗位等级应在1—13级之间"),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:staff_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.id_number = idcard.normalize(self.id_number)
        self.birth_date = idcard.birth_date(self.id_number)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "birth_date"}
        super().save(*args, **kwargs)

    # Staff belong to the schools of their open postings (a rotating teacher to both schools' views).
    @classmethod
    def scope_q(cls, school_ids):
        return Exists(Posting.objects.filter(staff=OuterRef("pk"), end__isnull=True, school__in=school_ids))

    def owning_school_ids(self) -> set[int]:
        if not self.pk:
            return set(getattr(self, "_pending_school_ids", set()))
        return set(self.postings.filter(end__isnull=True).values_list("school_id", flat=True))

    @property
    def masked_id_number(self) -> str:
        return idcard.mask(self.id_number)

    @property
    def current_posting(self):
        return next((p for p in self.postings.all() if p.end is None), None)

    @property
    def home_posting(self):
        """The open posting at the school of record (校籍), if any."""
        return next((p for p in self.postings.all() if p.end is None and p.reason == PostingReason.REGULAR), None)

    @property
    def in_county_pool(self) -> bool:
        """无校籍: no open regular posting, or posted by the county (县管校聘)."""
        open_postings = [p for p in self.postings.all() if p.end is None]
        return not any(p.reason == PostingReason.REGULAR for p in open_postings) or any(
            p.reason in POOL_REASONS for p in open_postings
        )

    def years_at_current_school(self, on: dt.date | None = None) -> float | None:
        """Continuous years at the current school, joining back-to-back postings at the same school."""
        on = on or timezone.localdate()
        postings = sorted(self.postings.all(), key=lambda p: p.start, reverse=True)
        current = next((p for p in postings if p.end is None), None)
        if current is None:
            return None
        since = current.start
        for p in postings:
            if p.school_id == current.school_id and p.end is not None and (since - p.end).days <= 1:
                since = min(since, p.start)
        return round((on - since).days / 365.25, 1)

    @property
    def age(self) -> int:
        today = timezone.localdate()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


class Posting(BaseModel):
    """A period a staff member worked at a school, and why (任职, 交流轮岗, 支教, 借调, 县管校聘)."""

    scope_path = "school"
    school_writable = False  # postings are moved by the personnel department (人事科)

    staff = models.ForeignKey(Staff, verbose_name=_("教职工"), on_delete=models.CASCADE, related_name="postings")
    school = models.ForeignKey(School, verbose_name=_("学校"), on_delete=models.PROTECT, related_name="postings")
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    reason = models.CharField(
        _("任职类型"), max_length=16, choices=PostingReason.choices, default=PostingReason.REGULAR
    )
    position = models.CharField(_("职务"), max_length=32, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["staff", "-start"]
        verbose_name = _("任职经历")
        verbose_name_plural = _("任职经历")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="posting_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
            # One open posting per school at a time; a rotation adds a second open posting elsewhere.
            models.UniqueConstraint(
                fields=["staff", "school"],
                condition=Q(end__isnull=True),
                name="posting_one_open_per_school",
                violation_error_message=_("该教职工在此学校已有在任的任职记录"),
            ),
        ]

    def __str__(self):
        return f"{self.staff} @ {self.school} ({self.start}—{self.end or ''})"


class OwnedThroughStaff(BaseModel):
    """A row about one staff member (an honour, an appraisal, a 师德 record, training hours): it belongs to
    whoever the staff member belongs to, the schools of their open postings."""

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, school_ids):
        return Exists(Posting.objects.filter(staff=OuterRef("staff"), end__isnull=True, school__in=school_ids))

    def owning_school_ids(self) -> set[int]:
        return self.staff.owning_school_ids() if self.staff_id else set()


class Honour(OwnedThroughStaff):
    """A key-teacher title or honour (骨干教师, 学科带头人, 名师 …) at a level, with its dates."""

    staff = models.ForeignKey(Staff, verbose_name=_("教职工"), on_delete=models.CASCADE, related_name="honours")
    kind = models.CharField(_("称号"), max_length=16, choices=HonourKind.choices)
    level = models.CharField(_("级别"), max_length=16, choices=HonourLevel.choices)
    subject = models.CharField(_("学科"), max_length=16, blank=True)
    awarded = models.DateField(_("认定日期"))
    expires = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        ordering = ["staff", "-awarded"]
        verbose_name = _("骨干与荣誉")
        verbose_name_plural = _("骨干与荣誉")
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "kind", "level", "awarded"],
                name="honour_unique",
                violation_error_message=_("该称号记录已存在"),
            ),
            models.CheckConstraint(
                condition=Q(expires__isnull=True) | Q(expires__gt=models.F("awarded")),
                name="honour_expires_after_awarded",
                violation_error_message=_("有效期应晚于认定日期"),
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()}{self.get_kind_display()}"

    def clean(self):
        from .vetoes import honour_veto  # registered by the modules above people (人事: a running 师德 sanction)

        reason = honour_veto(self.staff, self.awarded) if self.staff_id and self.awarded else None
        if reason:
            raise ValidationError({"staff": reason})


    def is_valid_on(self, day: dt.date) -> bool:
        return self.awarded <= day and (self.expires is None or day <= self.expires)


# --- Classes and students -------------------------------------------------------------------------


class SchoolClass(BaseModel):
    """A class (班级) of a school in a school year: its grade, name and size."""

    scope_path = "school"
    school_writable = True

    school = models.ForeignKey(School, verbose_name=_("学校"), on_delete=models.CASCADE, related_name="classes")
    school_year = models.ForeignKey(
        "org.SchoolYear", verbose_name=_("学年"), on_delete=models.PROTECT, related_name="classes"
    )
    grade = models.SmallIntegerField(_("年级"))
    name = models.CharField(_("班级名称"), max_length=32)
    size = models.PositiveSmallIntegerField(_("班额"))
    head_teacher = models.ForeignKey(
        Staff,
        verbose_name=_("班主任"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="head_of_classes",
    )

    class Meta:
        ordering = ["school", "grade", "name"]
        verbose_name = _("班级")
        verbose_name_plural = _("班级")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "grade", "name"],
                name="schoolclass_unique_name",
                violation_error_message=_("该学校此学年此年级已有同名班级"),
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=-3, grade__lte=12),
                name="schoolclass_grade_range",
                violation_error_message=_("年级超出范围"),
            ),
        ]

    def __str__(self):
        return f"{self.school} {self.name}"

    def get_absolute_url(self):
        return reverse("people:schoolclass_detail", args=[self.pk])

    @property
    def size_band(self) -> str:
        """The class-size band of policy-facts §3."""
        from .engine import class_size_band

        return class_size_band(self.size)


class Student(PinyinNamed, BaseModel):
    """A pupil on the register (学籍), with the care flags the welfare and balance modules use."""

    scope_path = "school"
    school_writable = True
    objects = PinyinScopedQuerySet.as_manager()
    pinyin_person = True

    student_no = models.CharField(_("学籍号"), max_length=19, unique=True)
    name = models.CharField(_("姓名"), max_length=32)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    id_number = models.CharField(
        _("身份证号"), max_length=18, unique=True, null=True, blank=True, validators=[validate_id_number],
        error_messages=STUDENT_ID_TAKEN,
    )
    school = models.ForeignKey(School, verbose_name=_("学校"), on_delete=models.PROTECT, related_name="students")
    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("班级"), null=True, blank=True, on_delete=models.SET_NULL, related_name="students"
    )
    grade = models.SmallIntegerField(_("年级"))
    enrolled = models.DateField(_("入学日期"), null=True, blank=True)
    left_behind = models.BooleanField(_("留守儿童"), default=False)
    # 单亲/双亲留守 of the national 学籍's 是否留守儿童: with both parents away the child is 双亲留守.
    both_parents_away = models.BooleanField(_("父母均外出"), default=False,
                                            help_text=_("留守儿童父母双方均外出务工为“双亲留守”，否则为“单亲留守”"))
    migrant = models.BooleanField(_("随迁子女"), default=False)
    disabled = models.BooleanField(_("残疾"), default=False)
    inclusive = models.CharField(_("随班就读"), max_length=12, choices=Inclusive.choices, default=Inclusive.NONE,
                                 blank=True, help_text=_("不填为“非随班就读”"))
    registered_poor = models.BooleanField(_("建档立卡"), default=False)
    # Issue 13: the 学籍 fields the national system matches on where a pupil has no ID number, and where the pupil is.
    aux_no = models.CharField(_("学籍辅号"), max_length=24, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True, help_text=_("有身份证号的由身份证号读出"))
    status = models.CharField(_("学籍状态"), max_length=4, choices=RollStatus.choices, default=RollStatus.ENROLLED,
                              help_text=_("由学籍变动办理，不直接修改"))

    class Meta:
        ordering = ["school", "grade", "student_no"]
        verbose_name = _("学生")
        verbose_name_plural = _("学生")
        constraints = [
            models.CheckConstraint(condition=Q(both_parents_away=False) | Q(left_behind=True),
                                   name="student_both_parents_only_left_behind",
                                   violation_error_message=_("“父母均外出”只适用于留守儿童")),
        ]

    def save(self, *args, **kwargs):
        self.inclusive = self.inclusive or Inclusive.NONE
        if self.id_number and len(self.id_number) == 18:
            try:
                self.birth_date = idcard.birth_date(self.id_number)
            except (idcard.IdCardError, ValueError):
                pass  # the validator reports a bad number; the date stays as entered
        super().save(*args, **kwargs)

    @property
    def on_roll(self) -> bool:
        """On a school's roll today (在读 or 休学): not transferred out of the county or deceased."""
        return self.status in ON_ROLL

    @property
    def left_behind_word(self) -> str:
        """The national 学籍's 是否留守儿童 value: 非留守, 单亲留守 or 双亲留守."""
        if not self.left_behind:
            return "非留守"
        return "双亲留守" if self.both_parents_away else "单亲留守"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:student_detail", args=[self.pk])

    @property
    def masked_id_number(self) -> str:
        return idcard.mask(self.id_number) if self.id_number else ""
