"""Choice lists of the people registry (教职工 and 学籍)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .engine import EDUCATION_RANK, INTERMEDIATE_OR_ABOVE, PE_ART_SUBJECTS  # noqa: F401 (re-exported)


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Establishment(models.TextChoices):
    """编制: the kind of post a staff member holds."""

    CIVIL = "civil", _("事业编制")
    FILED = "filed", _("备案制")
    CONTRACT = "contract", _("合同制")
    TEMPORARY = "temporary", _("临聘")


class PostKind(models.TextChoices):
    TEACHER = "teacher", _("专任教师")
    ADMIN = "admin", _("行政人员")
    SUPPORT = "support", _("教辅人员")
    WORKER = "worker", _("工勤人员")


class Education(models.TextChoices):
    """Highest education, ordered from high to low."""

    DOCTORATE = "doctorate", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("本科")
    ASSOCIATE = "associate", _("专科")
    SECONDARY = "secondary", _("高中/中专")
    BELOW = "below", _("初中及以下")




class Qualification(models.TextChoices):
    """教师资格证 kind held."""

    NONE = "none", _("无")
    KINDERGARTEN = "kindergarten", _("幼儿园")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初级中学")
    SENIOR = "senior", _("高级中学")
    VOCATIONAL = "vocational", _("中职专业课")


class Title(models.TextChoices):
    """职称 of primary and secondary teachers since the 2015 reform (policy-facts §7.2)."""

    FULL_SENIOR = "full_senior", _("正高级")
    SENIOR = "senior", _("高级")
    FIRST = "first", _("一级")
    SECOND = "second", _("二级")
    THIRD = "third", _("三级")
    NONE = "none", _("未定级")



# 专业技术岗位等级 allowed for each title band (13 levels: 正高 1–4, 副高 5–7, 中级 8–10, 初级 11–13).
TITLE_POST_GRADES = {
    Title.FULL_SENIOR: range(1, 5),
    Title.SENIOR: range(5, 8),
    Title.FIRST: range(8, 11),
    Title.SECOND: range(11, 13),
    Title.THIRD: range(13, 14),
}


class HonourKind(models.TextChoices):
    KEY_TEACHER = "key_teacher", _("骨干教师")
    SUBJECT_LEADER = "subject_leader", _("学科带头人")
    FAMOUS_TEACHER = "famous_teacher", _("名师")
    SPECIAL_GRADE = "special_grade", _("特级教师")


class HonourLevel(models.TextChoices):
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("国家级")


class PostingReason(models.TextChoices):
    """Why a staff member is at a school. A regular posting is the school of record (校籍)."""

    REGULAR = "regular", _("任职")
    ROTATION = "rotation", _("交流轮岗")
    SUPPORT = "support", _("支教")
    SECONDMENT = "secondment", _("借调")
    COUNTY_POOL = "county_pool", _("县管校聘")


# Postings that leave the staff member without a school of record of their own (无校籍).
POOL_REASONS = (PostingReason.COUNTY_POOL,)

SUBJECTS = [
    "语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治", "思想政治",
    "科学", "信息技术", "体育", "音乐", "美术", "心理健康", "劳动", "学前教育", "特殊教育", "其他",
]


class Inclusive(models.TextChoices):
    """The national 学籍's 随班就读 values (a disabled pupil taught in an ordinary class)."""

    NONE = "非随班就读", _("非随班就读")
    SIGHT = "视力残疾随班就读", _("视力残疾随班就读")
    HEARING = "听力残疾随班就读", _("听力残疾随班就读")
    INTELLECT = "智力残疾随班就读", _("智力残疾随班就读")
    OTHER = "其它残疾随班就读", _("其它残疾随班就读")


class RollStatus(models.TextChoices):
    """Where a pupil's 学籍 stands; changed only by a 学籍变动 (welfare.rolls)."""

    ENROLLED = "在读", _("在读")
    SUSPENDED = "休学", _("休学")
    LEFT = "已转出", _("已转出")
    DECEASED = "死亡", _("死亡")


ON_ROLL = (RollStatus.ENROLLED, RollStatus.SUSPENDED)  # on a school's roll (休学 stays on it)
