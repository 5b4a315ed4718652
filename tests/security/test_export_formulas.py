"""Issue 18, must-fix 4: text a user typed comes out of every export as text, never as a formula.

The probe typed ``=HYPERLINK("http://…","点此")`` as a finding's description and got a live link in the 问题台账.
Here every download the project offers is found by walking the URL resolver, filled with typed text starting
with = + - @ in each free-text field it shows (school, department and staff names, task titles, narratives,
descriptions, measures, exam and indicator titles, uploaded cells …), and read back from the sheet XML: no
``<f>`` element carries typed text, and the typed text is there as a string. A CSV cell (none today) must start
with a quote; a .docx must not turn typed text into a field. The evaluation workbook's own formulas (totals,
AVERAGE) must still be formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import itertools
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from edubureau.core.io.safe_workbook import csv_cell
from edubureau.core.models import ImportJob
from edubureau.core.roles import Role
from edubureau.core.testing.factories import (
    make_department,
    make_facts,
    make_school,
    make_school_year,
    make_user,
    make_zone,
)

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_serial = itertools.count(1)


def typed(prefix: str = "=") -> str:
    """A distinct piece of text a user could type, starting with one of the characters a spreadsheet reads as a
    formula; short enough for a 32-character name field."""
    n = next(_serial)
    return {
        "=": f'=HYPERLINK("http://evil.example/{n}","点此")',
        "+": f"+甲{n}+1",
        "-": f"-乙{n}+1",
        "@": f"@SUM(丙{n})",
    }[prefix]


def _core(text: str) -> str:
    """What a formula made of ``text`` would hold in its ``<f>`` element (the leading = is dropped)."""
    return text[1:]


# --- Discovery ------------------------------------------------------------------------------------------------

EXPORT_PATH = re.compile(r"(xlsx|export|csv|docx|template)/?$")
# A view that builds a file download says so in its source: one of these content types or the xlsx helper.
EXPORT_SOURCE = re.compile(
    r"spreadsheetml|wordprocessingml|text/csv|xlsx_response|list_xlsx|wants_xlsx|content_type=(XLSX|DOCX|CSV)\b")


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}".strip(":") if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), f"{namespace}:{p.name}".strip(":"), p.callback


def _source(callback) -> str:
    target = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    try:
        return inspect.getsource(target)
    except (OSError, TypeError):
        return ""


def discovered_exports() -> set[str]:
    """URL names of every page download: by path or name, or by a view that answers with a file content type."""
    found = set()
    for path, name, callback in _walk(get_resolver().url_patterns):
        if path.startswith("api/"):
            continue  # the API answers JSON (its errors too, tests/security/test_api_errors.py)
        if EXPORT_PATH.search(path) or EXPORT_PATH.search(name) or EXPORT_SOURCE.search(_source(callback)):
            found.add(name)
    return found


# Fallback list, kept by hand: the downloads known when issue 18 was fixed. Discovery must find at least these,
# so a change that hides one from the walk above (a renamed helper, a moved content type) is noticed.
KNOWN_EXPORTS = {
    "balance:export", "balance:template", "core:export", "core:import_errors", "core:import_template",
    "evaluation:results_export", "evaluation:third_party_template", "inspection:bulletin", "inspection:ledger",
    "plans:plan_ledger", "plans:plan_report", "plans:problem_ledger", "quality:exam_workbook",
}


# --- Reading the files back -------------------------------------------------------------------------------------


def xlsx_cells(content: bytes) -> list[tuple[str, str, str | None, str | None]]:
    """(sheet part, cell ref, formula or None, string value or None) of every cell, from the raw XML."""
    book = zipfile.ZipFile(io.BytesIO(content))
    shared = []
    if "xl/sharedStrings.xml" in book.namelist():
        root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter(f"{MAIN}t")) for si in root.iter(f"{MAIN}si")]
    cells = []
    for part in book.namelist():
        if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", part):
            continue
        for c in ElementTree.fromstring(book.read(part)).iter(f"{MAIN}c"):
            formula, value, kind = c.find(f"{MAIN}f"), c.find(f"{MAIN}v"), c.get("t")
            text = None
            if kind == "s" and value is not None:
                text = shared[int(value.text)]
            elif kind == "inlineStr":
                text = "".join(t.text or "" for t in c.iter(f"{MAIN}t"))
            cells.append((part, c.get("r"), formula.text or "" if formula is not None else None, text))
    return cells


def check_xlsx(content: bytes, shown: list[str], exact: list[str]) -> list[str]:
    """Assert no formula holds typed text, every ``shown`` text is in a string cell and every ``exact`` text is
    a whole string cell; return the workbook's formulas."""
    cells = xlsx_cells(content)
    formulas = [f for _p, _r, f, _t in cells if f is not None]
    for formula in formulas:
        assert "evil.example" not in formula, f"typed text written as a formula: ={formula}"
        for text in shown + exact:
            assert _core(text) not in formula, f"typed text {text!r} written as a formula: ={formula}"
    strings = [t for _p, _r, f, t in cells if f is None and t is not None]
    for text in shown:
        assert any(text in s for s in strings), f"{text!r} is not in any text cell"
    for text in exact:
        assert text in strings, f"{text!r} is not a text cell of its own"
    return formulas


def check_docx(content: bytes, shown: list[str]) -> None:
    """A .docx cannot compute, but a field (HYPERLINK, DDE …) would: no field may carry typed text."""
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    root = ElementTree.fromstring(xml)
    text = "".join(t.text or "" for t in root.iter(f"{WORD}t"))
    fields = [e.get(f"{WORD}instr") or "" for e in root.iter(f"{WORD}fldSimple")]
    fields += [e.text or "" for e in root.iter(f"{WORD}instrText")]
    assert not any("evil.example" in f for f in fields)
    for typed_text in shown:
        assert typed_text in text, f"{typed_text!r} is not in the document's text"


def check_csv(content: bytes, shown: list[str]) -> None:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    for cell in (c for row in rows for c in row):
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), f"CSV cell {cell!r} would be read as a formula"
    for text in shown:
        assert any(c == "'" + text for row in rows for c in row), f"{text!r} is not quoted in the CSV"


# --- One case per export: data with typed text, the download, what it must show -----------------------------


def _plans(client):
    from edubureau.plans.models import ProgressReport
    from edubureau.plans.services import import_plan, raise_problem

    today = timezone.localdate()
    plan = import_plan("某县教育工作要点\n一、学前教育\n（一）扩大资源。年内新建幼儿园3所。\n", title="某县工作要点",
                       year=today.year)
    task = plan.tasks.get(item="1.1")
    lead = make_department(name=typed("+"), modules=("plans",))
    task.title, task.marker, task.partners, task.lead_department = typed("="), "", typed("-"), lead
    task.save()
    narrative = typed("=")
    ProgressReport.objects.create(task=task, period=today.replace(day=1), narrative=narrative, percent_done=30)
    planner = make_user(Role.DEPARTMENT, department=make_department(modules=("plans",)))
    planner.first_name = typed("@")
    planner.save()
    description, measures = typed("="), typed("-")
    raise_problem(task, planner, description=description, measures=measures, due=today + dt.timedelta(days=9))
    client.force_login(make_user(Role.LEADER))
    return plan, task, lead, narrative, planner, description, measures


def case_plan_ledger(client):
    plan, task, lead, narrative, *_ = _plans(client)
    response = client.get(reverse("plans:plan_ledger", args=[plan.pk]))
    return response, [], [task.title, lead.name, task.partners, narrative]


def case_plan_report(client):
    plan, task, _lead, narrative, *_rest, description, _measures = _plans(client)
    return client.get(reverse("plans:plan_report", args=[plan.pk])), [task.title, narrative, description], []


def case_problem_ledger(client):
    _plan, task, _lead, _narrative, planner, description, measures = _plans(client)
    return client.get(reverse("plans:problem_ledger")), [], [task.title, description, measures, planner.first_name]


def _inspection(client):
    from edubureau.inspection.models import Checklist, ChecklistItem, Finding, Inspector, Visit
    from edubureau.inspection.services import issue_notice

    today = timezone.localdate()
    school = make_school(typed("="))
    inspector = Inspector.objects.create(user=make_user(Role.INSPECTOR, zone=make_zone()), name=typed("@"))
    item = ChecklistItem.objects.create(checklist=Checklist.objects.create(name="经常性督导检查表", kind="routine"),
                                        position=1, text=typed("+"), category="food", points=10)
    day = today - dt.timedelta(days=21)
    visit = Visit.objects.create(day=day, kind="routine")
    visit.schools.set([school])
    visit.inspectors.set([inspector])
    description = typed("=")
    finding = Finding.objects.create(visit=visit, school=school, category="food", description=description,
                                     found_on=day, item=item)
    # Overdue, so the 督导通报 names the school in its list of late notices.
    issue_notice([finding], due=today - dt.timedelta(days=10), user=inspector.user, issued_on=day)
    client.force_login(make_user(Role.DEPARTMENT, department=make_department(modules=("inspection",))))
    return school, inspector, item, description


def case_inspection_ledger(client):
    school, inspector, item, description = _inspection(client)
    return client.get(reverse("inspection:ledger")), [], [school.name, inspector.name, item.text, description]


def case_inspection_bulletin(client):
    school, *_ = _inspection(client)
    return client.get(reverse("inspection:bulletin")), [school.name], []


def case_exam_workbook(client, tmp_path):
    from edubureau.org.models import Term
    from edubureau.quality.models import Exam
    from edubureau.quality.services import import_scores

    term = Term.objects.create(school_year=make_school_year(), number=1, start=dt.date(2025, 9, 1),
                               end=dt.date(2026, 1, 20))
    a, b = make_school(typed("="), kind="junior"), make_school(typed("-"), kind="junior")
    class_name = typed("+")
    rows = [["考号", "姓名", "学校", "班级", "语文"], ["1", "张三", a.code, class_name, 100],
            ["2", "李四", a.code, "2班", 80], ["3", "王五", b.code, "1班", 60], ["4", "赵六", b.code, "1班", 90]]
    path = tmp_path / "scores.csv"
    path.write_text("\n".join(",".join(map(str, r)) for r in rows), encoding="utf-8")
    exam = Exam.objects.create(name=typed("="), term=term, grade=9, full_marks={"语文": 120})
    import_scores(exam, path)
    exam.refresh_from_db()
    assert exam.status == Exam.Status.READY, exam.errors
    client.force_login(make_user(Role.LEADER))
    return client.get(reverse("quality:exam_workbook", args=[exam.pk])), [], [exam.name, a.name, b.name, class_name]


def case_exam_score_template(client):
    """Issue 17: the score-file template's headers are the exam's subjects, typed by a 教研室 clerk."""
    from edubureau.org.models import Term
    from edubureau.quality.models import Exam

    term = Term.objects.create(school_year=make_school_year(), number=1, start=dt.date(2025, 9, 1),
                               end=dt.date(2026, 1, 20))
    subject = typed("=")
    exam = Exam.objects.create(name="期末", term=term, grade=9, full_marks={"语文": 120, subject: 100})
    client.force_login(make_user(Role.LEADER))
    return client.get(reverse("quality:exam_score_template", args=[exam.pk])), [], [subject]


def case_balance_export(client):
    year = make_school_year(2025)
    a, b = make_school(typed("=")), make_school(typed("@"))
    make_facts(a, year)
    make_facts(b, year, sports_area=1200)
    client.force_login(make_user(Role.LEADER))
    return client.get(reverse("balance:export"), {"year": 2025}), [], [a.name, b.name]


def case_balance_template(client):
    client.force_login(make_user(Role.LEADER))
    return client.get(reverse("balance:template")), [], []


def _evaluation():
    from edubureau.evaluation import engine, services
    from edubureau.evaluation.models import EvaluatorScore

    schools = [make_school(typed("="), locality="urban"), make_school(typed("+"), locality="urban")]
    categories = {"urban": {"school_kinds": ["primary"], "localities": ["urban", "town"]}}
    scheme = services.from_engine(engine.standard_scheme(2026), categories=categories)
    scheme.title = typed("=")
    scheme.save()
    indicator = scheme.indicators.get(code="1.3")
    indicator.title = typed("-")
    indicator.save()
    staff = make_user(Role.DEPARTMENT, department=make_department(modules=("evaluation",)))
    for school, value in zip(schools, (9, 6), strict=True):
        EvaluatorScore.objects.create(scheme=scheme, indicator=indicator, school=school, evaluator=staff, score=value)
    return scheme, schools, indicator, staff, services


def case_results_export(client):
    scheme, schools, indicator, staff, services = _evaluation()
    services.recompute(scheme, staff)
    client.force_login(staff)
    response = client.get(reverse("evaluation:results_export", args=[scheme.pk]))
    return response, [indicator.title], [s.name for s in schools]


def case_third_party_template(client):
    scheme, schools, _indicator, staff, _services = _evaluation()
    leaf = scheme.indicators.filter(source="third_party", children__isnull=True).first()
    leaf.title = typed("@")
    leaf.save()
    client.force_login(staff)
    response = client.get(reverse("evaluation:third_party_template", args=[scheme.pk]))
    return response, [leaf.title], [s.name for s in schools]


def case_registry_export(client):
    school = make_school(typed("="), principal=typed("@"), address=typed("+"))
    client.force_login(make_user(Role.LEADER))
    return client.get(reverse("core:export", args=["org.school"])), [], [school.name, school.principal, school.address]


def case_import_template(client):
    client.force_login(make_user(Role.LEADER))
    return client.get(reverse("core:import_template", args=["org.school"])), [], []


def case_import_errors(client):
    clerk = make_user(Role.DEPARTMENT, department=make_department(modules=("org",)))
    school = make_school("城关小学")
    name, principal = typed("="), typed("-")
    rows = [["学校标识码", "学校名称", "办学类型", "城乡分类", "区县代码", "校长"],
            ["12AB", name, "小学", "城区", school.region.code, principal]]
    upload = io.StringIO()
    csv.writer(upload).writerows(rows)
    client.force_login(clerk)
    client.post(reverse("core:import_start", args=["org.school"]),
                {"file": SimpleUploadedFile("学校.csv", upload.getvalue().encode(), content_type="text/csv")})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID, job.status
    return client.get(reverse("core:import_errors", args=[job.pk])), [], [name, principal]


def case_plan_counties(client):
    """The city's task × county matrix (issue 16): task, lead department and county names typed by users."""
    from edubureau.core.testing.factories import make_city_with_counties
    from edubureau.plans.city import assign_counties
    from edubureau.plans.models import Task, WorkPlan

    city, counties = make_city_with_counties(typed("@"), "乙县")
    lead = make_department(name=typed("+"), modules=("plans",), region=city)
    plan = WorkPlan.objects.create(region=city, title="市工作要点", year=timezone.localdate().year)
    task = Task.objects.create(plan=plan, item="1", title=typed("="), lead_department=lead)
    leader = make_user(Role.LEADER, region=city)
    assign_counties([task], counties, by=make_user(Role.DEPARTMENT, department=lead))
    client.force_login(leader)
    return client.get(reverse("plans:plan_counties_xlsx", args=[plan.pk])), [], [task.title, lead.name,
                                                                                  counties[0].name]


# The department lists' 导出Excel (issue 17): the list page itself answers ?format=xlsx.
XLSX_QUERY = {"format": "xlsx"}


def case_followup_list(client):
    school, inspector, item, description = _inspection(client)
    return client.get(reverse("core:followup_list"), XLSX_QUERY), [], [school.name]


def case_notice_list(client):
    school, *_ = _inspection(client)
    return client.get(reverse("inspection:notice_list"), XLSX_QUERY), [], [school.name]


def case_visit_list(client):
    from edubureau.inspection.models import Visit

    school, inspector, *_ = _inspection(client)
    notes = typed("-")
    Visit.objects.update(notes=notes)
    return client.get(reverse("inspection:visit_list"), XLSX_QUERY), [], [school.name, inspector.name, notes]


def case_problem_list(client):
    _plan, task, _lead, _narrative, planner, description, measures = _plans(client)
    response = client.get(reverse("plans:problem_list"), XLSX_QUERY)
    return response, [], [task.title, description, measures, planner.first_name]


def case_appeal_list(client):
    scheme, schools, indicator, staff, services = _evaluation()
    services.publish(scheme, staff)
    scheme.appeal_until = timezone.localdate() + dt.timedelta(days=5)
    scheme.save()
    reason = typed("@")
    services.open_appeal(scheme=scheme, school=schools[0], indicator=indicator, reason=reason,
                         user=make_user(Role.SCHOOL, school=schools[0]))
    client.force_login(staff)
    response = client.get(reverse("evaluation:appeal_list", args=[scheme.pk]), XLSX_QUERY)
    return response, [], [schools[0].name, reason]


def case_import_log(client):
    user = make_user(Role.DEPARTMENT, department=make_department(modules=("registry",)))
    filename = typed("=")
    ImportJob.objects.create(user=user, spec="people.staff", filename=filename, status=ImportJob.Status.DONE)
    client.force_login(user)
    return client.get(reverse("core:importjob_list"), XLSX_QUERY), [], [filename]


def case_rotation_plan(client):
    from edubureau.core.testing.factories import make_region, make_staff
    from edubureau.staffing.services import build_plan

    region = make_region()
    town = make_school(typed("="), locality="urban", region=region, latitude=30.0, longitude=120.0)
    village = make_school(typed("+"), locality="rural", region=region, latitude=30.0, longitude=120.1)
    teacher = make_staff(town, start=dt.date(2010, 9, 1), name=typed("-")[:20], subject="音乐")
    renshi = make_user(Role.DEPARTMENT, department=make_department(modules=("people", "staffing")))
    plan = build_plan(region, 2026, renshi, time_limit=2)
    client.force_login(renshi)
    response = client.get(reverse("staffing:rotation_detail", args=[plan.pk]), XLSX_QUERY)
    return response, [], [town.name, village.name, teacher.name]


def case_rotation_statistics(client):
    response, _shown, _exact = case_rotation_plan(client)
    plan_id = int(response.wsgi_request.path.rstrip("/").split("/")[-1])
    return client.get(reverse("staffing:rotation_statistics", args=[plan_id])), [], ["交流人数"]


def _leave_school():
    from edubureau.core.testing.factories import make_staff

    school = make_school(typed("="))
    teacher = make_staff(school, name=typed("-")[:20])
    return school, teacher, make_user(Role.SCHOOL, school=school)


def case_leave_list(client):
    from edubureau.staffing.leave import file_leave

    school, teacher, head = _leave_school()
    reason, substitute = typed("=")[:100], typed("@")
    file_leave(staff=teacher, kind="事假", start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 3), user=head,
               reason=reason, substitute=substitute)
    client.force_login(head)
    response = client.get(reverse("staffing:leave_list"), XLSX_QUERY)
    return response, [], [school.name, teacher.name, reason, substitute]


def case_leave_month(client):
    from edubureau.staffing.models import LeaveRequest

    school, teacher, head = _leave_school()
    LeaveRequest.objects.create(staff=teacher, school=school, kind="病假", start=dt.date(2026, 11, 2),
                                end=dt.date(2026, 11, 3), days=2, state="已销假", returned_on=dt.date(2026, 11, 4))
    client.force_login(head)
    return client.get(reverse("staffing:leave_month"), {"month": "2026-11"}), [], [school.name, teacher.name]


def case_establishment(client):
    school, _teacher, head = _leave_school()
    client.force_login(head)
    return client.get(reverse("staffing:establishment"), XLSX_QUERY), [], [school.name]


def _promotion_school():
    """A school whose name, and a teacher whose name, a clerk typed as formulas; the teacher due for level 9."""
    from decimal import Decimal

    from edubureau.core.testing.factories import make_region, make_staff
    from edubureau.staffing.models import PostAppointment, TrainingRecord

    region = make_region()
    school = make_school(typed("="), region=region)
    teacher = make_staff(school, name=typed("-")[:20], title="first", post_grade=10, work_start=dt.date(2008, 8, 1))
    PostAppointment.objects.create(staff=teacher, grade=10, since=dt.date(2015, 9, 1))
    TrainingRecord.objects.create(staff=teacher, course=typed("+")[:100], hours=Decimal(8), level="校", year=2026)
    renshi = make_user(Role.DEPARTMENT, department=make_department(modules=("people", "staffing")))
    return region, school, teacher, renshi


def case_promotion(client):
    from edubureau.staffing.promotion import build_round

    region, school, teacher, renshi = _promotion_school()
    round_ = build_round(region, 2026, renshi, today=dt.date(2026, 9, 1))
    client.force_login(renshi)
    response = client.get(reverse("staffing:promotion_detail", args=[round_.pk]), XLSX_QUERY)
    return response, [], [school.name, teacher.name]


def case_training(client):
    _region, school, teacher, renshi = _promotion_school()
    client.force_login(renshi)
    return client.get(reverse("staffing:training_progress"), XLSX_QUERY), [], [school.name, teacher.name]


def _welfare_pupil():
    """A school and a pupil whose names a clerk typed as formulas, the school's login and the 资助 centre's."""
    from edubureau.core.testing.factories import make_class, make_id_number, make_student

    make_school_year()
    school = make_school(typed("="))
    pupil = make_student(school, make_class(school, grade=3), name=typed("-")[:30],
                         id_number=make_id_number(dt.date(2016, 3, 1), "M"))
    centre = make_user(Role.DEPARTMENT, department=make_department(modules=("people", "welfare", "aid")))
    return school, pupil, make_user(Role.SCHOOL, school=school), centre


def case_roll_changes(client):
    from edubureau.welfare.rolls import file_change

    school, pupil, head, _centre = _welfare_pupil()
    reason = typed("@")[:100]
    file_change(user=head, student=pupil, kind="休学", day=dt.date(2025, 10, 8), reason=reason,
                until=dt.date(2026, 1, 8))
    client.force_login(head)
    return client.get(reverse("welfare:rollchange_list"), XLSX_QUERY), [], [school.name, pupil.name, reason]


def case_roll_export(client):
    school, pupil, head, _centre = _welfare_pupil()
    client.force_login(head)
    return client.get(reverse("welfare:roll_export")), [], [pupil.name]


def case_roll_differences(client):
    from edubureau.welfare.models import NationalRollImport, RollDifference

    school, pupil, head, _centre = _welfare_pupil()
    batch = NationalRollImport.objects.create(filename=typed("+")[:60])
    note = typed("=")[:100]
    RollDifference.objects.create(batch=batch, school=school, student=pupil, kind="信息不一致", label=pupil.name,
                                  field="班级", national=typed("-")[:30], roll="2班", note=note,
                                  resolution="核实无误")
    client.force_login(head)
    response = client.get(reverse("welfare:nationalrollimport_detail", args=[batch.pk]), {"format": "xlsx",
                                                                                           "state": "all"})
    return response, [], [school.name, pupil.name, note]


def case_dropout_ledger(client):
    from edubureau.core.followup import open_followup
    from edubureau.welfare.models import DropoutCase

    school, pupil, head, _centre = _welfare_pupil()
    followup = open_followup(module="welfare", kind="dropout", title="劝返", due=dt.date(2026, 1, 8), school=school,
                             issued_on=dt.date(2025, 12, 1))
    reason, head_name = typed("@")[:100], typed("+")[:30]
    DropoutCase.objects.create(school=school, student=pupil, name=pupil.name, risk="疑似辍学", reason=reason,
                               school_head=head_name, followup=followup)
    client.force_login(head)
    return client.get(reverse("welfare:dropout_home"), XLSX_QUERY), [], [school.name, pupil.name, reason, head_name]


def case_aid_bank(client):
    from decimal import Decimal

    from edubureau.org.models import Term
    from edubureau.welfare.models import AidProgram, Grant

    school, pupil, _head, centre = _welfare_pupil()
    year = pupil.school_class.school_year
    term = Term.objects.create(school_year=year, number=1, start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    program = AidProgram.objects.create(year=year.start_year, name=typed("=")[:40], levels=["小学"],
                                        yearly={"小学": 1250}, day_share=Decimal("0.5"))
    account = typed("-")[:32]
    Grant.objects.create(term=term, program=program, student=pupil, school=school, amount=Decimal("312.50"),
                         account=account)
    client.force_login(centre)
    response = client.get(reverse("welfare:aid_bank"), {"term": term.pk})
    return response, [], [school.name, pupil.name, program.name, account]


def _enrollment():
    """A school with a typed name, three typed applicants of whom two fit its seats by the published lottery, a
    clerk, and the draw done."""
    from edubureau.enrollment import services
    from edubureau.enrollment.models import Application, EnrollmentSettings, Lottery, SeatPlan

    settings = EnrollmentSettings.current()
    settings.year = 2026
    settings.save()
    school = make_school(typed("="))
    SeatPlan.objects.create(school=school, level="小学", classes=1, class_size=2)
    clerk = make_user(Role.DEPARTMENT, department=make_department(modules=("enrollment",)))
    from edubureau.core.testing.factories import make_id_number

    names = [typed(p)[:30] for p in ("=", "+", "@")]
    for n, name in enumerate(names):
        Application.objects.create(year=2026, level="小学", number=f"2026X{n}", child_name=name, sex="男",
                                   child_id=make_id_number(dt.date(2019, 10, 1 + n), "M"), school=school,
                                   guardian_name="家长", guardian_id=make_id_number(), state="审核通过",
                                   category="一类")
    services.publish_seed(school=school, year=2026, level="小学", seed="1", source="公证", seats=2, by=clerk)
    services.place_children(2026, "小学", by=clerk)
    return school, names, clerk, Lottery.objects.get()


def case_enrollment_queue(client):
    from edubureau.enrollment.models import Application, EnrollmentSettings

    settings = EnrollmentSettings.current()
    settings.year = 2026
    settings.save()
    school = make_school(typed("="))
    name, reason = typed("+")[:30], typed("@")
    from edubureau.core.testing.factories import make_id_number

    Application.objects.create(year=2026, level="小学", number="2026X9", child_name=name, sex="女",
                               child_id=make_id_number(dt.date(2019, 10, 1), "F"), school=school,
                               guardian_name="家长", guardian_id=make_id_number(), state="待核实",
                               findings=[{"code": "lock", "reason": reason, "others": []}])
    client.force_login(make_user(Role.DEPARTMENT, department=make_department(modules=("enrollment",))))
    response = client.get(reverse("enrollment:queue"), XLSX_QUERY)
    return response, [reason], [school.name, name]


def case_enrollment_lottery(client):
    _school, names, clerk, lottery = _enrollment()
    client.force_login(clerk)
    return client.get(reverse("enrollment:lottery_detail", args=[lottery.pk]), XLSX_QUERY), [], names


def case_enrollment_lottery_csv(client):
    _school, names, clerk, lottery = _enrollment()
    client.force_login(clerk)
    return client.get(reverse("enrollment:lottery_csv", args=[lottery.pk])), [], names


def case_enrollment_classes(client):
    from edubureau.enrollment.models import Application

    school, _names, clerk, _lottery = _enrollment()
    client.force_login(clerk)
    admitted = list(Application.objects.filter(admitted_school=school).values_list("child_name", flat=True))
    assert len(admitted) == 2
    response = client.get(reverse("enrollment:classes", args=[school.pk]),
                          {"classes": 1, "seed": "1", "level": "小学", "format": "xlsx"})
    return response, [], admitted


def case_enrollment_notices(client):
    school, names, clerk, _lottery = _enrollment()
    client.force_login(clerk)
    from edubureau.enrollment.models import Application

    admitted = list(Application.objects.filter(admitted_school=school).values_list("child_name", flat=True))
    response = client.get(reverse("enrollment:notices", args=[school.pk]), {"level": "小学"})
    return response, [school.name, *admitted], []


# --- issue 15: safety (safety helper's block) ---------------------------------------------------------------------
def case_safety_ledger(client):
    from edubureau.safety.models import Hazard

    school = make_school(typed("="))
    description, person, measures = typed("="), typed("+"), typed("-")
    Hazard.objects.create(school=school, category="消防", description=description, grade="一般",
                          found_on=dt.date(2026, 10, 8), responsible=person, measures=measures)
    client.force_login(make_user(Role.DEPARTMENT, department=make_department(modules=("safety",))))
    return client.get(reverse("safety:hazard_ledger")), [], [school.name, description, person, measures]


# issue 15: 信访 — the office's list export (with who complained) writes typed text as text.
def case_complaints_list(client):
    from edubureau.complaints import services
    from edubureau.complaints.models import Complaint

    office = make_user(Role.DEPARTMENT, department=make_department(modules=("complaints",)))
    school = make_school(typed("="))
    summary, name = typed("+"), typed("@")[:30]
    services.register(Complaint(channel="来信", received_on=timezone.localdate(), category="其他", school=school,
                                summary=summary, content=typed("-"), complainant_name=name), by=office)
    client.force_login(office)
    return client.get(reverse("complaints:complaint_list"), XLSX_QUERY), [summary], [school.name, name]


# issue 14: the national template given back to the school writes what it typed as text.
def case_fitness_template(client):
    from edubureau.fitness.models import FitnessResult, FitnessTest

    school = make_school(typed("="))
    test = FitnessTest.objects.create(school=school, year=2026, pupils=1)
    name, klass, address = typed("+")[:30], typed("@")[:30], typed("=")
    FitnessResult.objects.create(test=test, row=2, student_no="G0001", name=name, grade_code="11", class_name=klass,
                                 sex="男", identity={"家庭住址": address}, raw={"50米跑": "=1+1"})
    client.force_login(make_user(Role.DEPARTMENT, department=make_department(modules=("fitness",))))
    return client.get(reverse("fitness:template", args=[test.pk])), [], [name, klass, address, "=1+1"]


CASES = {
    "fitness:template": case_fitness_template,  # issue 14
    "enrollment:queue": case_enrollment_queue,
    "enrollment:lottery_detail": case_enrollment_lottery,
    "enrollment:lottery_csv": case_enrollment_lottery_csv,
    "enrollment:classes": case_enrollment_classes,
    "enrollment:notices": case_enrollment_notices,
    "welfare:rollchange_list": case_roll_changes,
    "welfare:roll_export": case_roll_export,
    "welfare:nationalrollimport_detail": case_roll_differences,
    "welfare:dropout_home": case_dropout_ledger,
    "welfare:aid_bank": case_aid_bank,
    "staffing:rotation_detail": case_rotation_plan,
    "staffing:promotion_detail": case_promotion,
    "staffing:rotation_statistics": case_rotation_statistics,
    "staffing:training_progress": case_training,
    "staffing:leave_list": case_leave_list,
    "staffing:leave_month": case_leave_month,
    "staffing:establishment": case_establishment,
    "core:followup_list": case_followup_list,
    "core:importjob_list": case_import_log,
    "evaluation:appeal_list": case_appeal_list,
    "inspection:notice_list": case_notice_list,
    "inspection:visit_list": case_visit_list,
    "plans:problem_list": case_problem_list,
    "balance:export": case_balance_export,
    "balance:template": case_balance_template,
    "core:export": case_registry_export,
    "core:import_errors": case_import_errors,
    "core:import_template": case_import_template,
    "evaluation:results_export": case_results_export,
    "evaluation:third_party_template": case_third_party_template,
    "inspection:bulletin": case_inspection_bulletin,
    "inspection:ledger": case_inspection_ledger,
    "plans:plan_counties_xlsx": case_plan_counties,
    "plans:plan_ledger": case_plan_ledger,
    "plans:plan_report": case_plan_report,
    "plans:problem_ledger": case_problem_ledger,
    "quality:exam_workbook": case_exam_workbook,
    "quality:exam_score_template": case_exam_score_template,
    "safety:hazard_ledger": case_safety_ledger,  # issue 15
    "complaints:complaint_list": case_complaints_list,  # issue 15
}


def test_every_export_is_discovered_and_has_a_case():
    found = discovered_exports()
    assert KNOWN_EXPORTS <= found, f"the walk lost {sorted(KNOWN_EXPORTS - found)}"
    assert found == set(CASES), f"exports without a case here: {sorted(found - set(CASES))}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_typed_text_is_written_as_text(name, client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = CASES[name]
    response, shown, exact = case(client, tmp_path) if "tmp_path" in inspect.signature(case).parameters \
        else case(client)
    assert response.status_code == 200, response.content[:300]
    content_type = response["Content-Type"].split(";")[0]
    if content_type == XLSX:
        check_xlsx(response.content, shown, exact)
    elif content_type == DOCX:
        check_docx(response.content, shown + exact)
    elif content_type == "text/csv":
        check_csv(response.content, shown + exact)
    else:
        pytest.fail(f"{name} answered {content_type}, not a file this test knows")


def test_evaluation_workbook_keeps_its_own_formulas(client):
    scheme, schools, indicator, staff, services = _evaluation()
    services.recompute(scheme, staff)
    client.force_login(staff)
    content = client.get(reverse("evaluation:results_export", args=[scheme.pk])).content
    formulas = check_xlsx(content, [indicator.title], [s.name for s in schools])
    # Written with write_formula, they survive strings_to_formulas=False: the category mean and the totals.
    assert any(f.startswith("AVERAGE(") for f in formulas)
    assert any(f.startswith("MAX(0,") for f in formulas)


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+甲", "'+甲"), ("-乙", "'-乙"), ("@SUM(1)", "'@SUM(1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("城关小学", "城关小学"), (-3, -3), (-2.5, -2.5), (None, None),
])
def test_csv_cell_quotes_only_text_a_spreadsheet_would_compute(value, expected):
    assert csv_cell(value) == expected


def test_every_workbook_opens_through_new_workbook():
    # A workbook opened with xlsxwriter.Workbook directly would turn typed "=…" into a formula again (issue 18).
    src = Path(__file__).resolve().parents[2] / "src" / "edubureau"
    direct = sorted(
        str(path.relative_to(src)) for path in src.rglob("*.py")
        if path.name != "safe_workbook.py" and re.search(r"xlsxwriter\.Workbook\(|from xlsxwriter import .*Workbook",
                                                          path.read_text(encoding="utf-8"))
    )
    assert direct == [], f"open workbooks with core.io.safe_workbook.new_workbook: {direct}"
