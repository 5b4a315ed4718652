"""The roles of DESIGN.md ("Who uses it") and the modules a department may own."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADER = "leader", _("局领导")
    DEPARTMENT = "department", _("科室")
    INSPECTOR = "inspector", _("责任督学")
    SCHOOL = "school", _("学校管理员")
    READONLY = "readonly", _("只读/审计")
    # A teacher reads their own lines only (交流轮岗公示, 请假, 岗位晋升, 继续教育学时): no registry row is theirs to
    # read through the scope, the 人事 module's own page ("我的") reads them by the linked staff member.
    TEACHER = "teacher", _("教师")


# Module keys are app labels: a department that owns "people" may write Staff, Posting, Student …
MODULES = {
    "org": _("学校与机构"),
    "people": _("教职工与学生"),
    "plans": _("工作计划"),
    "inspection": _("督导"),
    "evaluation": _("学校考核"),
    "quality": _("学业质量"),
    "balance": _("均衡发展"),
    "staffing": _("人事"),
    "enrollment": _("招生"),
    "welfare": _("学生学籍与关爱"),  # 学籍变动、国家学籍比对、控辍保学、关爱群体
    # Not an app: the capability to read families' situations (困难认定, 资助发放, 关爱档案) — the 资助中心's alone.
    "aid": _("学生资助（可见家庭经济情况）"),
    "safety": _("安全"),
    "projects": _("建设项目"),
    "complaints": _("信访"),
    "fitness": _("体质健康"),
}
