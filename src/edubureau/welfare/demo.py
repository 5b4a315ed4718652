"""The demo's students story (issue 13): a term of 学籍 changes (transfers confirmed and pending, 转出, 休学), the
national 学籍 export with a dozen differences queued, the 户籍 file with three children on no roll, three 劝返
cases in different states, this year's 资助 programs, 认定 and a funded term in which the check catches two
应助尽助 gaps and one double payment (a transfer paid by both schools), and the care rosters with 送教上门."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from edubureau.core import idcard
from edubureau.core.io.safe_workbook import new_workbook
from edubureau.org.models import School, SchoolYear, Term
from edubureau.people.choices import ON_ROLL
from edubureau.people.models import Staff, Student
from edubureau.staffing.demo_support import demo_office, demo_school_head

from . import aid, dropout, reconciliation, rolls
from .models import AidProgram, AidRecognition, CareProfile, Grant, HomeVisit, HouseholdChild, PupilAbsence, RollChange

__all__ = ["load_demo"]

ONE_DAY = dt.timedelta(days=1)
# name, levels, yearly amounts by level, day pupils' share (wave2-facts (c); 学前 is the county's own standard)
PROGRAMS = (
    ("义务教育家庭经济困难学生生活补助", ("小学", "初中"), {"小学": 1250, "初中": 1500}, Decimal("0.5")),
    ("普通高中国家助学金", ("高中",), {"高中": 2300}, Decimal(1)),
    ("中职国家助学金", ("中职",), {"中职": 2300}, Decimal(1)),
    ("学前教育资助", ("学前",), {"学前": 1000}, Decimal(1)),
)



def load_demo(seed: int = 0) -> str | None:
    clerk, centre, head = demo_office("welfare"), demo_office("aid"), demo_school_head()
    year = SchoolYear.objects.filter(is_current=True).first()
    if clerk is None or centre is None or head is None or year is None or not Student.objects.exists():
        return None
    rng = random.Random(f"{seed}:welfare")
    today = timezone.localdate()
    term = Term.objects.filter(start__lte=today, end__gte=today).first() or year.terms.order_by("number").first()
    with transaction.atomic():
        moved = _changes(clerk, head, term, today, rng)
        batch = _national(clerk, rng)
        cases = _dropout(clerk, head, today, rng)
        gaps, doubles = _aid(centre, head, year, term, moved, rng)
        care = _care(rng, today)
    return (f"学生：学籍变动{RollChange.objects.count()}笔、国家学籍差异{batch.differences.count()}条待处理、"
            f"劝返事项{cases}件、资助核查发现应助未助{gaps}人和重复发放{doubles}人、关爱档案{care}份")


def _pupils(school: School, rng, n: int, **filters) -> list[Student]:
    rows = list(Student.objects.filter(school=school, status__in=ON_ROLL, **filters).order_by("student_no")[:400])
    return rng.sample(rows, min(n, len(rows)))


def _changes(clerk, head, term, today, rng) -> Student | None:
    """A term of changes; returns the pupil whose transfer both schools paid (for the 资助 story)."""
    showcase = head.profile.school
    start = max(term.start, today - dt.timedelta(days=120))
    day = start + dt.timedelta(days=7)
    primaries = list(School.objects.filter(kind="primary", is_active=True).exclude(pk=showcase.pk).order_by("code"))
    moved = None
    # Four transfers both schools confirmed, one of them into the demo school.
    for i, source in enumerate(primaries[:4]):
        pupil = _pupils(source, rng, 1, grade__in=(2, 3, 4, 5))[0]
        target = showcase if i == 0 else primaries[(i + 4) % len(primaries)]
        change = rolls.file_change(user=clerk, student=pupil, kind="转学", day=day + dt.timedelta(days=i),
                                   reason="随父母工作调动转学", to_school=target)
        rolls.confirm_transfer(change, clerk, day=day + dt.timedelta(days=i + 3))
        moved = moved or pupil
    # Two pending: one the demo school must still confirm, one it asked for.
    pupil = _pupils(primaries[5], rng, 1, grade__in=(3, 4))[0]
    rolls.file_change(user=clerk, student=pupil, kind="转学", day=today - dt.timedelta(days=3),
                      reason="家庭搬迁至城区", to_school=showcase)
    pupil = _pupils(showcase, rng, 1, grade__in=(5,))[0]
    rolls.file_change(user=head, student=pupil, kind="转学", day=today - dt.timedelta(days=2),
                      reason="户籍迁回原籍", to_school=primaries[6])
    # Two out of the county, one 休学 past its end, one 休学 running.
    for source, place in ((primaries[7], "浙江省宁波市鄞州区东湖小学"), (primaries[8], "广东省东莞市长安镇第一小学")):
        pupil = _pupils(source, rng, 1)[0]
        rolls.file_change(user=clerk, student=pupil, kind="转出", day=day + dt.timedelta(days=10), reason="随迁",
                          destination=place)
    late = _pupils(primaries[9], rng, 1)[0]
    rolls.file_change(user=clerk, student=late, kind="休学", day=day + dt.timedelta(days=2), reason="病休（肺炎）",
                      until=today - dt.timedelta(days=6))
    pupil = _pupils(showcase, rng, 1, grade__in=(4,))[0]
    rolls.file_change(user=head, student=pupil, kind="休学", day=today - dt.timedelta(days=20), reason="骨折住院",
                      until=today + dt.timedelta(days=40))
    return moved


def _national(clerk, rng):
    """The national export as the county receives it: its own header names and codes, with a dozen differences."""
    rows = reconciliation.roll_rows(Student.objects.all())
    rng.shuffle(rows)
    extra = []
    body = [list(r) for r in rows[2:]]  # the first two: pupils the national system does not have yet
    for r in body[:4]:  # four in another class there
        r[7] = str(int(r[7]) % 6 + 1) if r[7].isdigit() else "1"
    for r in body[4:6]:  # two whose 留守 flag differs
        r[8] = "非留守" if r[8] != "非留守" else "单亲留守"
    body[6][9] = "是" if body[6][9] == "否" else "否"  # one 随迁 flag
    body[7][0] = body[7][0][:17] + ("0" if body[7][0][17] != "0" else "1")  # one typo in an ID number
    for k, name in enumerate(("马小雨", "赵一鸣")):  # two the national system still lists, left long ago
        born = dt.date(2016 + k, 3, 5 + k)
        extra.append([_id_number(body[0][0][:6], born, 10 + k), "", name, "男" if k else "女", f"{born:%Y-%m-%d}",
                      body[0][5], "三年级", "2", "非留守", "否", "非随班就读"])
    headers = ["身份证件类型", "身份证件号", "学籍辅号", "姓名", "性别", "出生日期", "学校标识码", "年级", "班级",
               "是否留守儿童", "是否进城务工人员随迁子女", "随班就读"]
    left_code = {"非留守": "0", "单亲留守": "1", "双亲留守": "2"}
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("学生名单")
    sheet.write_row(0, 0, headers)
    for i, r in enumerate(body + extra, start=1):
        sheet.write_row(i, 0, ["居民身份证", r[0], r[1], r[2], "1" if r[3] == "男" else "2", r[4], r[5], r[6],
                               f"{r[7]}班" if r[7] else "", left_code.get(r[8], r[8]), r[9], r[10]])
    book.close()
    upload = SimpleUploadedFile("全国学籍系统导出_在校生名单.xlsx", buffer.getvalue())
    batch = reconciliation.import_national(upload, user=clerk, region=getattr(clerk.profile.department, "region", None))
    return batch


def _dropout(clerk, head, today, rng) -> int:
    """The 户籍 file (mostly children on a roll, three on none), a run of absences, three cases in three states."""
    on_roll = list(Student.objects.filter(status__in=ON_ROLL, grade__in=range(1, 10)).exclude(id_number=None)
                   .values_list("id_number", "name")[:300])
    towns = sorted({n.split("镇")[0] + "镇" for n in School.objects.filter(name__contains="镇").values_list(
        "name", flat=True)})[:4] or ["城关镇"]
    children = [HouseholdChild(id_number=n, name=name, township=rng.choice(towns)) for n, name in on_roll]
    region = getattr(clerk.profile.department, "region", None)
    out = []
    for k, (name, born, town) in enumerate((("陈小虎", dt.date(today.year - 9, 4, 2), towns[0]),
                                            ("刘芳芳", dt.date(today.year - 12, 7, 19), towns[-1]),
                                            ("王强", dt.date(today.year - 13, 1, 23), towns[0]))):
        number = _id_number(f"5224{26 + k:02d}", born, k)
        out.append(HouseholdChild(id_number=number, name=name, township=town, guardian="祖父"))
    for child in children + out:
        child.region = region
    HouseholdChild.objects.bulk_create(children + out, ignore_conflicts=True)
    # Five school days absent in a row at the demo school: 疑似辍学.
    absent = _pupils(head.profile.school, rng, 2, grade__in=(6,))
    days = [today - dt.timedelta(days=d) for d in range(1, 12) if (today - dt.timedelta(days=d)).weekday() < 5][:5]
    PupilAbsence.objects.bulk_create([PupilAbsence(student=absent[0], day=d, reason="未请假") for d in days])
    PupilAbsence.objects.bulk_create([PupilAbsence(student=absent[1], day=d, reason="家长称生病")
                                      for d in days[1:4]])
    risks = dropout.current_risks(Student.objects.all(), HouseholdChild.objects.all(), today=today)
    opened = 0
    out_of_school = [r for r in risks if r.kind == "适龄未入学" and r.school is not None]
    if out_of_school:  # 劝返中, two visits so far
        case = dropout.open_case(out_of_school[0], user=clerk, today=today - dt.timedelta(days=12),
                                 township_head=f"{out_of_school[0].household.township}副镇长 杨建华",
                                 bureau_head="基础教育科 郑伟")
        dropout.take_step(case, "核实", clerk, day=today - dt.timedelta(days=11), note="村委会核实：随祖父在家，未入学")
        dropout.take_step(case, "辍学", clerk, day=today - dt.timedelta(days=10), note="确认适龄未入学")
        dropout.add_attempt(case, clerk, day=today - dt.timedelta(days=9), people="校长、村支书",
                            outcome="祖父担心路远，未同意")
        dropout.add_attempt(case, clerk, day=today - dt.timedelta(days=4), people="镇副镇长、校长、驻村干部",
                            outcome="说明寄宿和交通补助政策，祖父同意下周送孩子入学")
        opened += 1
    absent_risk = next((r for r in risks if r.student == absent[0]), None)
    if absent_risk is not None:  # 核实 by the class teacher's home visit
        case = dropout.open_case(absent_risk, user=head, today=today - dt.timedelta(days=1))
        dropout.take_step(case, "核实", head, day=today, note="班主任家访：孩子在家帮忙照看弟弟，家长同意次日返校")
        opened += 1
    back = next((r for r in risks if r.student == absent[1]), None)
    if back is not None:  # closed: back at school after the head teacher's call
        case = dropout.open_case(back, user=head, today=today - dt.timedelta(days=3))
        dropout.take_step(case, "核实", head, day=today - dt.timedelta(days=2), note="电话联系家长：孩子发烧在家")
        dropout.take_step(case, "复学", head, day=today - dt.timedelta(days=1), note="已返校上课，补交病假条")
        opened += 1
    return opened


def _id_number(area: str, born: dt.date, k: int) -> str:
    first17 = f"{area}{born:%Y%m%d}{300 + k:03d}"
    return first17 + idcard.check_digit(first17)


def _aid(centre, head, year, term, moved, rng) -> tuple[int, int]:
    """Programs, 认定 and the term's grants; returns the check's 应助尽助 gaps and double payments."""
    region = getattr(centre.profile.department, "region", None)
    programs = {}
    for name, levels, yearly, share in PROGRAMS:
        programs[name] = AidProgram.objects.create(region=region, year=year.start_year, name=name, levels=list(levels),
                                                   yearly=yearly, day_share=share, needs_recognition=True)
    pupils = list(Student.objects.filter(status__in=ON_ROLL).filter(Q(registered_poor=True) | Q(disabled=True))
                  .select_related("school").order_by("pk"))
    showcase = head.profile.school
    recognitions = []
    for s in pupils:
        groups = [g for g, on in (("建档立卡", s.registered_poor), ("残疾", s.disabled)) if on]
        ticked = {k: True for k in rng.sample(list(aid.engine.INDICATORS), rng.randint(1, 3))}
        tier = aid.engine.suggested_tier(aid.engine.recognition_score(ticked), groups)
        recognitions.append(AidRecognition(student=s, school=s.school, year=year.start_year, groups=groups,
                                           indicators=ticked, tier=tier, state=AidRecognition.State.RECOGNISED,
                                           family_situation="家庭人均收入低，详见申请表"))
    for rec in recognitions:
        rec.score = Decimal(aid.engine.recognition_score(rec.indicators))
    AidRecognition.objects.bulk_create(recognitions)
    # Three at the demo school still in 公示, one of them appealed.
    extra = _pupils(showcase, rng, 3, registered_poor=False, disabled=False)
    for k, s in enumerate(extra):
        rec = AidRecognition.objects.create(student=s, school=showcase, year=year.start_year,
                                            indicators={"单亲家庭": True, "多子女就学": True, "家庭劳动力缺乏": True},
                                            family_situation="母亲务工收入不稳定，父亲去世", tier="一般困难")
        aid.start_public(AidRecognition.objects.filter(pk=rec.pk), head)
        if k == 0:
            rec.refresh_from_db()
            aid.file_appeal(rec, head, "家长认为应认定为“困难”：父亲去世后无其他收入")
    # The term's grants: every recognised pupil but two (the 应助尽助 gaps), and the transferred pupil twice.
    skipped = {pupils[3].pk, pupils[len(pupils) // 2].pk} if len(pupils) > 4 else set()
    grants = []
    for s in pupils:
        if s.pk in skipped:
            continue
        level = aid.level_of(s.grade, s.school.kind)
        program = next((p for p in programs.values() if level in p.levels), None)
        if program is None:
            continue
        boarder = s.school.locality == "rural" and s.grade >= 4
        engine_program = aid.engine.Program(program.name, tuple(program.levels), program.yearly,
                                            float(program.day_share))
        amount = Decimal(str(engine_program.term_amount(level, boarder=boarder)))
        grants.append(Grant(term=term, program=program, student=s, school=s.school, amount=amount, boarder=boarder,
                            account=f"6217{rng.randint(10**11, 10**12 - 1)}",
                            paid_on=term.start + dt.timedelta(days=45)))
    if moved is not None:
        before = RollChange.objects.filter(student=moved, kind="转学").first()
        program = programs["义务教育家庭经济困难学生生活补助"]
        for school in (before.school, before.to_school):
            grants.append(Grant(term=term, program=program, student=moved, school=school, amount=Decimal("312.50"),
                                account="621700000000" + str(moved.pk)[-4:].zfill(4),
                                paid_on=term.start + dt.timedelta(days=45)))
    Grant.objects.bulk_create(grants)
    for program in programs.values():
        spent = sum(g.amount for g in grants if g.program_id == program.pk)
        program.term_budget = (spent * Decimal("1.05")).quantize(Decimal(1)) if spent else None
        program.save(update_fields=["term_budget"])
    check = aid.check_term(term, Student.objects.all(), Grant.objects.all())
    return len(check.result.unfunded), len(check.result.duplicates)


def _care(rng, today) -> int:
    """Care records for the 留守 and disabled pupils of six schools, three taught at home with their visits."""
    schools = list(School.objects.filter(locality__in=("rural", "town"), kind__in=("primary", "nine_year"))
                   .order_by("code")[:6])
    places = ("浙江省宁波市", "广东省东莞市", "江苏省苏州市", "福建省晋江市", "贵阳市")
    relations = (("祖母", "奶奶"), ("祖父", "爷爷"), ("外祖母", "外婆"), ("母亲", "妈妈"))
    profiles = []
    for s in Student.objects.filter(school__in=schools, status__in=ON_ROLL).filter(left_behind=True).order_by("pk"):
        relation = rng.choice(relations)
        profiles.append(CareProfile(student=s, guardian=f"{s.name[0]}{relation[1]}", guardian_relation=relation[0],
                                    guardian_phone=f"139{rng.randint(10**7, 10**8 - 1)}",
                                    parents_work_place=rng.choice(places)))
    CareProfile.objects.bulk_create(profiles)
    teachers = list(Staff.objects.filter(postings__school__in=schools, postings__end__isnull=True).distinct()[:3])
    disabled = list(Student.objects.filter(school__in=schools, status__in=ON_ROLL, disabled=True, left_behind=False)
                    .order_by("pk")[:3])
    for k, s in enumerate(disabled):
        profile = CareProfile.objects.create(student=s, guardian=f"{s.name[0]}妈妈", guardian_relation="母亲",
                                             disability=("肢体残疾", "智力残疾", "多重残疾")[k],
                                             placement=CareProfile.Placement.HOME,
                                             home_teacher=teachers[k % len(teachers)] if teachers else None,
                                             visits_per_term=4, hardship="重度残疾，无法到校" if k == 2 else "")
        for v in range(4 if k == 0 else 1):  # the first child's plan is kept, the others are behind
            HomeVisit.objects.create(profile=profile, day=today - dt.timedelta(days=7 * (v + 1)),
                                     teachers=profile.home_teacher.name if profile.home_teacher else "送教教师",
                                     content=("生活自理训练", "语文识字", "康复训练", "数学数数")[v])
    return CareProfile.objects.count()
