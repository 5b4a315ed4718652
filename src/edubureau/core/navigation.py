"""The left-hand menu. Apps add their entries here; a user sees only the modules in their scope."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (group label, [(label, url name), …])
MENU = [
    (_("总览"), [(_("工作台"), "core:dashboard")]),
    (
        _("学校与机构"),
        [
            (_("学校"), "org:school_list"),
            (_("校区"), "org:campus_list"),
            (_("学校基本数据"), "org:schoolfacts_list"),
            (_("区县"), "org:region_list"),
            (_("片区"), "org:zone_list"),
            (_("教育集团"), "org:educationgroup_list"),
            (_("结对帮扶"), "org:pairing_list"),
            (_("科室"), "org:department_list"),
            (_("学年学期"), "org:schoolyear_list"),
        ],
    ),
    (
        _("教职工与学生"),
        [
            (_("教职工"), "people:staff_list"),
            (_("任职经历"), "people:posting_list"),
            (_("骨干与荣誉"), "people:honour_list"),
            (_("班级"), "people:schoolclass_list"),
            (_("学生"), "people:student_list"),
        ],
    ),
    (_("人事"), [(_("编制与缺员"), "staffing:establishment"), (_("交流轮岗"), "staffing:rotation_list"),
                 (_("请销假"), "staffing:leave_list"), (_("岗位等级晋升"), "staffing:promotion_list"),
                 (_("岗位聘任"), "staffing:postappointment_list"), (_("年度考核"), "staffing:appraisal_list"),
                 (_("师德记录"), "staffing:conductrecord_list"), (_("继续教育学时"), "staffing:training_progress"),
                 (_("人事设置"), "staffing:settings")]),
    (_("学生"), [(_("学籍名册"), "welfare:roll"), (_("学籍变动"), "welfare:rollchange_list"),
               (_("与国家学籍比对"), "welfare:reconcile_list"), (_("控辍保学"), "welfare:dropout_home"),
               (_("学生资助"), "welfare:aid_ledger"), (_("困难认定"), "welfare:recognition_list"),
               (_("资助项目"), "welfare:aidprogram_list"), (_("关爱群体"), "welfare:care_rosters"),
               (_("送教上门记录"), "welfare:homevisit_list"), (_("学生缺课"), "welfare:pupilabsence_list"),
               (_("户籍适龄儿童"), "welfare:householdchild_list"), (_("学生工作设置"), "welfare:settings")]),
    (_("招生入学"), [(_("招生工作台"), "enrollment:home"), (_("审核队列"), "enrollment:queue"),
                 (_("入学申请"), "enrollment:application_list"), (_("摇号"), "enrollment:lottery_list"),
                 (_("招生片区"), "enrollment:zones"), (_("学位预测"), "enrollment:seats"),
                 (_("居住单元"), "enrollment:residentialunit_list"), (_("学位供给"), "enrollment:seatplan_list"),
                 (_("学位增减"), "enrollment:seatchange_list"), (_("历年招生数"), "enrollment:intakecount_list"),
                 (_("出生人口"), "enrollment:birthcount_list"), (_("学位锁定台账"), "enrollment:propertyuse_list"),
                 (_("招生设置"), "enrollment:settings")]),
    (_("安全"), [(_("安全工作台"), "safety:home"), (_("安全隐患"), "safety:hazard_list"),
               (_("专项检查"), "safety:campaign_list"), (_("安全检查"), "safety:inspection_list"),
               (_("校车"), "safety:vehicle_list"), (_("校车驾驶人"), "safety:driver_list"),
               (_("校车线路"), "safety:route_list"), (_("学校食堂"), "safety:canteen_list"),
               (_("食材供应商"), "safety:supplier_list"), (_("陪餐记录"), "safety:mealcompanion_list"),
               (_("留样检查"), "safety:samplecheck_list"), (_("应急演练"), "safety:drill_list"),
               (_("证照到期提醒"), "safety:paperalert_list"), (_("安全设置"), "safety:settings")]),
    (_("建设项目"), [(_("项目进度"), "projects:home"), (_("项目库"), "projects:project_list"),
                  (_("项目阶段"), "projects:stage_list"), (_("资金拨付"), "projects:payment_list"),
                  (_("资金到位与支出"), "projects:money"), (_("新增学位"), "projects:seats")]),
    (_("信访"), [(_("信访工作台"), "complaints:home"), (_("信访件"), "complaints:complaint_list"),
               (_("登记信访件"), "complaints:complaint_create"), (_("信访统计"), "complaints:statistics"),
               (_("师德线索移送"), "complaints:conduct_referrals")]),
    (_("学业质量"), [(_("考试与质量分析"), "quality:exam_list")]),
    (_("体质健康"), [(_("体质健康总览"), "fitness:home"), (_("导入测试数据"), "fitness:upload"),
                 (_("体质健康设置"), "fitness:settings")]),
    (_("工作计划督办"), [(_("工作计划"), "plans:plan_list"), (_("上级任务"), "plans:upper_tasks"),
                   (_("我的任务"), "plans:my_tasks"), (_("难点问题台账"), "plans:problem_list")]),
    (_("义务教育均衡"), [(_("差异系数与达标"), "balance:standing"), (_("均衡发展设置"), "balance:settings")]),
    (
        _("督导"),
        [
            (_("督导首页"), "inspection:home"),
            (_("督学责任区"), "inspection:zone_list"),
            (_("督导计划"), "inspection:planner"),
            (_("督导记录"), "inspection:visit_list"),
            (_("整改通知"), "inspection:notice_list"),
            (_("督导统计"), "inspection:department"),
            (_("检查表"), "inspection:checklist_list"),
        ],
    ),
    (
        _("学校考核"),
        [
            (_("考核方案"), "evaluation:scheme_list"),
            (_("考核排名"), "evaluation:ranking"),
        ],
    ),
    (_("市级对比"), [(_("均衡发展对比"), "balance:city"), (_("考试质量对比"), "quality:city"),
                 (_("督导对比"), "inspection:city"), (_("学校考核对比"), "evaluation:city")]),
    (_("待办跟踪"), [(_("限期办理事项"), "core:followup_list")]),
    (_("系统"), [(_("导入记录"), "core:importjob_list"), (_("接口文档"), "api-docs")]),
]


# A teacher's whole menu: their own lines (issue 11). Every other page reads rows through the scope, which gives a
# teacher none.
TEACHER_MENU = [(_("我的"), [(_("我的人事信息"), "staffing:me")])]

# Pages of the bureau's own work that a school administrator has no use for (or is refused): left out of its
# menu so a school is not shown doors it cannot open. The pages still check permissions themselves.
NOT_FOR_SCHOOLS = frozenset({"inspection:zone_list", "inspection:planner", "inspection:department", "balance:settings",
                             "staffing:settings", "welfare:householdchild_list", "welfare:settings",
                             "enrollment:settings", "enrollment:propertyuse_list", "enrollment:birthcount_list",
                             "enrollment:residentialunit_list", "enrollment:zones", "enrollment:unitzone_list"})

# The city comparisons (issue 16) only for a user whose schools span two counties or more.
CITY_ONLY = frozenset({"balance:city", "quality:city", "inspection:city", "evaluation:city"})

# The city's tasks assigned to a county, for a county's bureau (a user bound to a region below the whole instance).
COUNTY_ONLY = frozenset({"plans:upper_tasks"})


# Pages an app shows only to some readers (师德记录: the 人事科 and schools), registered by the app:
# {url name: predicate(user)}.
_guards: dict = {}


def register_menu_guard(name: str, predicate) -> None:
    _guards[name] = predicate


def menu_for(user, path: str = ""):
    """The menu groups for ``user``; the link whose URL is the longest prefix of ``path`` is active,
    so a school's detail page (/org/schools/12/) keeps 学校 highlighted."""
    from .roles import Role
    from .scope import scope_for

    scope = scope_for(user)
    school = scope.role == Role.SCHOOL
    city = None  # computed on first need: one query, cached on the user
    groups = []
    for label, items in (TEACHER_MENU if scope.role == Role.TEACHER else MENU):
        links = []
        for item_label, name in items:
            if school and name in NOT_FOR_SCHOOLS:
                continue
            if name in COUNTY_ONLY and not scope.region_bound_bureau:
                continue
            if name in _guards and not _guards[name](user):
                continue
            if name in CITY_ONLY:
                if city is None:
                    from edubureau.org.city import spans_counties

                    city = not school and spans_counties(user)
                if not city:
                    continue
            try:
                links.append({"label": item_label, "url": reverse(name), "name": name})
            except NoReverseMatch:
                continue  # a page not built yet stays out of the menu
        if links:
            groups.append({"label": label, "links": links})
    candidates = [link for group in groups for link in group["links"] if _under(path, link["url"])]
    if candidates:
        max(candidates, key=lambda link: len(link["url"]))["active"] = True
    return groups


def _under(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))
