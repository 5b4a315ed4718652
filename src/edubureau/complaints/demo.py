"""The demo's 信访 (issue 15): a dozen cases across the channels over the last four months — an anonymous 师德 case
found 属实 that becomes a 师德 record, the same caller twice within 90 days (a repeat), a case overdue at a
school, answers waiting for the office's check, and closed cases with their 回访."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from edubureau.org.models import School
from edubureau.people.models import Staff
from edubureau.staffing.demo_support import demo_office

from . import services
from .models import Complaint

__all__ = ["load_demo"]

CALLER_PHONE = "13907310825"


def _teacher(school):
    return Staff.objects.filter(postings__school=school, postings__end__isnull=True).order_by("pk").first()


def _school_user(school):
    from edubureau.demo.accounts import school_admin

    user = get_user_model().objects.filter(profile__role="school", profile__school=school).order_by("pk").first()
    return user or school_admin(school)


def load_demo(seed: int = 0) -> str | None:
    office = demo_office("complaints")
    schools = list(School.objects.order_by("code")[:6])
    if office is None or len(schools) < 2:
        return None
    jichu, anquan, renshi = demo_office("enrollment"), demo_office("safety"), demo_office("staffing")
    xiaozhang = get_user_model().objects.filter(username="xiaozhang").select_related("profile").first()
    home = xiaozhang.profile.school if xiaozhang and xiaozhang.profile.school_id else schools[0]
    others = [s for s in schools if s.pk != home.pk]
    x, y = others[0], others[-1]
    today = timezone.localdate()
    cal = services.calendar()

    def day(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    def case(ago, channel, category, summary, content, *, school=None, teacher=None, who=None):
        c = Complaint(channel=channel, received_on=day(ago), category=category, school=school, teacher=teacher,
                      summary=summary, content=content, anonymous=who is None)
        if who:
            c.complainant_name, c.complainant_phone, c.complainant_id, c.complainant_address = who
        return services.register(c, by=office)

    def run(c, *, to=None, dept_user=None, answer_by=None, finding="", reply="", check=None, visit=""):
        start = min(c.received_on + dt.timedelta(days=1), today)
        if dept_user is not None:
            services.assign(c, by=office, department=dept_user.profile.department, today=start)
        else:
            services.assign(c, by=office, school=to, today=start)
        if finding:
            answered = min(cal.add_working_days(start, 3), today)
            services.answer(c, by=answer_by, finding=finding, reply=reply, today=answered)
            for approve in check or ():
                services.check(c, by=office, approve=approve, today=answered,
                               note="" if approve else "答复未说明整改措施，请补充后重新答复。")
                if not approve:
                    services.answer(c, by=answer_by, finding=finding, reply=reply + "已补充整改措施。", today=answered)
            if visit and c.is_closed:
                services.return_visit(c, by=office, satisfaction=visit, note="电话回访", day=answered)
        return c

    teacher = _teacher(home)
    home_user, x_user, y_user = _school_user(home), _school_user(x), _school_user(y)
    parent = ("李建华", CALLER_PHONE, "", "城关镇幸福小区3幢2单元501室")
    with transaction.atomic():
        fees = case(110, "来信", "乱收费", "反映学校以资料费名义收费", "家长来信反映开学时每生收取资料费80元。",
                    school=x, who=("王秀英", "13807311234", "", "城关镇文昌路18号"))
        run(fees, to=x, answer_by=x_user, finding="属实", reply="已全额清退资料费，并在全校通报。", check=[True],
            visit="满意")
        run(case(100, "12345热线", "招生", "询问外地务工人员子女入学条件", "来电询问随迁子女入学需要的材料。",
                 who=("赵丽", "13607318899", "", "")),
            dept_user=jichu, answer_by=jichu, finding="不属实", reply="已电话告知入学材料和办理流程。",
            check=[True], visit="基本满意")
        conduct = case(60, "网上信访", "师德", "反映教师有偿补课",
                       "匿名反映该校一名教师在校外组织本班学生有偿补课。", school=home, teacher=teacher)
        run(conduct, to=home, answer_by=home_user, finding="属实" if teacher else "部分属实",
            reply="经调查，该教师暑期在校外有偿补课属实，已责令停止并退还费用。", check=[True])
        records = 0
        if teacher is not None and renshi is not None:
            services.refer_conduct(conduct, by=office, category="规范从教行为", note="有偿补课，经学校调查属实")
            services.create_conduct_record(conduct, by=renshi, day=day(40))
            records = 1
        first = case(45, "电话", "安全", "反映校门口上下学时段交通拥堵", "家长电话反映校门口接送车辆占道。",
                     school=y, who=parent)
        run(first, to=y, answer_by=y_user, finding="部分属实", reply="已协调交警在上下学时段执勤。", check=[True],
            visit="满意")
        repeat = case(20, "12345热线", "校园欺凌", "反映孩子在校被高年级学生欺负",
                      "反映孩子在校多次被高年级学生索要财物。", school=y, who=parent)
        run(repeat, to=y)  # five working days have long passed: overdue at the school
        topic = case(30, "上级转办", "乱收费", "市信访局转办：反映学校收取校服费",
                     "市信访局转来群众反映，学校统一订购校服并收费。", school=x)
        run(topic, to=x, answer_by=x_user, finding="不属实", reply="校服由家长自愿征订，学校未收取费用。")
        returned = case(80, "来信", "招生", "反映片区划分不合理", "来信认为所在小区被划入较远学校的片区。",
                        who=("陈志强", "13974319876", "", "城关镇锦绣小区5栋"))
        run(returned, dept_user=jichu, answer_by=jichu, finding="不属实",
            reply="片区按就近原则划分并已公示，已向来信人说明。", check=[False, True], visit="不满意")
        extended = 0
        if anquan is not None:
            wall = run(case(3, "12345热线", "安全", "反映学校围墙破损", "市民来电反映学校后围墙有缺口。", school=home,
                            who=("刘洋", "13517310001", "", "")), dept_user=anquan)
            # The wall needs works before the answer: the office extends the deadline once, with the caller told.
            services.extend(wall, by=office, due=wall.answer_due + dt.timedelta(days=15), notified=True,
                            reason="围墙修复需招标施工，待施工方案确定后答复。", today=today)
            extended = 1
        run(case(70, "网上信访", "师德", "反映教师体罚学生", "反映某教师在课堂上罚站学生一节课。",
                 school=x, teacher=_teacher(x), who=("周敏", "13873105555", "", "")),
            to=x, answer_by=x_user, finding="不属实", reply="经调取监控和走访学生，未发现体罚情况。", check=[True],
            visit="满意")
        run(case(50, "电话", "其他", "咨询教师资格证认定时间", "来电咨询今年教师资格认定的受理时间。",
                 who=("孙磊", "15807316666", "", "")),
            dept_user=renshi or jichu, answer_by=renshi or jichu, finding="不属实", reply="已告知受理时间。",
            check=[True], visit="满意")
        case(1, "来访", "其他", "来访反映学校食堂饭菜质量", "家长来访反映食堂饭菜分量少、口味差。", school=home,
             who=("黄海", "13607312222", "", "城关镇阳光小区"))
        case(0, "来访", "招生", "来访询问转学手续", "家长来访询问跨县转学手续。",
             who=("吴芳", "13807313333", "", ""))
    rows = Complaint.objects.all()
    return (f"信访：{rows.count()}件（重复件{rows.filter(repeat_of__isnull=False).count()}件，"
            f"逾期{rows.overdue(today).count()}件，回访{rows.filter(visit_on__isnull=False).count()}件，"
            f"延期{extended}件，生成师德记录{records}条）")
