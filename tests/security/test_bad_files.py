"""Issue 18, must-fix 1: uploads that cannot kill the server, and a bad-file corpus run against every upload.

The probe's 5.5 KB xlsx (A1 and XFD1048576) made calamine allocate 512 GiB from 用文件核算 and the
registry import's dry run; 用文件核算 took a 53 MB csv. Here every workbook upload refuses that file,
zip bombs, wrong types and oversized files with a Chinese message and no 500, writes nothing, and reads
GBK csv and formula cells correctly. The upload endpoints are discovered from the URLconf, so a new
module's upload fails :func:`test_every_upload_endpoint_is_known` until it is added to the lists below.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import struct
import subprocess
import sys
import textwrap
import time
import types
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import xlsxwriter
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from edubureau.balance.fileinput import COLUMNS as BALANCE_COLUMNS
from edubureau.core.io import reader
from edubureau.core.io.filecheck import FileLimits, FileRefused, _XlsxScanner, check_workbook, check_xls, check_zip
from edubureau.core.models import ImportJob
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.core.uploads import limits_for
from edubureau.core.validators import validate_upload
from edubureau.evaluation import engine as evaluation_engine
from edubureau.evaluation import services as evaluation_services
from edubureau.evaluation.models import ThirdPartyScore
from edubureau.evaluation.views import TEMPLATE_CATEGORIES
from edubureau.fitness.models import FitnessResult, FitnessTest
from edubureau.org.models import Term
from edubureau.people.models import Staff
from edubureau.plans.models import WorkPlan
from edubureau.quality.engine.reading import ReadFailure, read_score_file
from edubureau.quality.models import Exam, ExamResult, TeacherAssignment
from edubureau.welfare.models import NationalRollImport, RollDifference

from .sparse_file import make_docx_bomb, make_sparse_xls, make_sparse_xlsx, make_xls, make_xlsx, make_zip_bomb_xlsx

SRC = Path(__file__).resolve().parents[2] / "src"
QUICK = 15  # seconds: a refusal never waits for the file to be read (2 shared cores, so generous)
MIB = 1 << 20

# --- The upload endpoints, in one place ------------------------------------------------------------
# URL names whose view reads an uploaded workbook or document: each is run through the bad-file corpus.
WORKBOOK_ENDPOINTS = ["core:import_start", "balance:file", "quality:exam_create", "quality:exam_reupload",
                      "quality:exam_teachers", "evaluation:third_party_import", "welfare:reconcile_list",
                      "fitness:upload"]
DOCUMENT_ENDPOINTS = ["plans:plan_import"]
# URL names that store attachments (evidence, photos, report files) without reading them: their files go to
# a model FileField validated by core.validators.validate_upload (type and the attachment size cap).
ATTACHMENT_ENDPOINTS = ["core:followup_act", "evaluation:appeal_create", "inspection:visit_new", "plans:task_report",
                        "welfare:rollchange_create"]
# issue 15: safety's hazard photo and drill photo (registry edit pages; FileFields validated by validate_upload)
ATTACHMENT_ENDPOINTS += ["safety:hazard_add", "safety:hazard_edit", "safety:drill_add", "safety:drill_edit"]
# issue 15: photos per project stage (validate_upload, then the bytes must be an image: tests/projects/test_photos.py)
ATTACHMENT_ENDPOINTS += ["projects:stage_photo_upload"]
# URL names that show an upload form but post it elsewhere.
DISPLAY_ONLY = {"balance:standing": "shows the 用文件核算 form, which posts to balance:file",
                "evaluation:scheme_detail": "shows the appeal form, which posts to evaluation:appeal_create"}


# --- Discovering the upload endpoints from the URLconf ----------------------------------------------

def _patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern.callback


def _codes(function):
    stack = [function.__code__]
    while stack:
        code = stack.pop()
        yield code
        stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))


def _has_file_field(form) -> bool:
    return any(isinstance(field, forms.FileField) for field in form.base_fields.values())


def _uploads(callback) -> bool:
    """Whether a view takes files: its form has a FileField, or its code uses a file form or request.FILES."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        form = getattr(view_class, "form_class", None) or getattr(view_class, "form", None)
        if isinstance(form, type) and issubclass(form, forms.BaseForm):
            return _has_file_field(form)  # generic views pass request.FILES to whatever form they have
        functions = [v for k in view_class.__mro__ if k.__module__.startswith("edubureau.")
                     for v in vars(k).values() if inspect.isfunction(v)]
    else:
        functions = [inspect.unwrap(callback)]
    for function in functions:
        for code in _codes(function):
            for name in code.co_names:
                value = function.__globals__.get(name)
                if isinstance(value, type) and issubclass(value, forms.BaseForm) and _has_file_field(value):
                    return True
            if "FILES" in code.co_names:
                return True
    return False


def discovered_upload_endpoints() -> set[str]:
    """Every URL name of ours whose view takes an uploaded file (Django's admin is superuser-only: left out)."""
    return {name for name, callback in _patterns(get_resolver().url_patterns)
            if not name.startswith("admin:") and _uploads(callback)}


def test_every_upload_endpoint_is_known():
    found = discovered_upload_endpoints()
    assert {"core:import_start", "balance:file", "quality:exam_create", "plans:plan_import"} <= found
    known = {*WORKBOOK_ENDPOINTS, *DOCUMENT_ENDPOINTS, *ATTACHMENT_ENDPOINTS, *DISPLAY_ONLY}
    assert found == known, "a new upload endpoint: add it to the lists at the top of this module"


def test_every_stored_file_field_is_validated():
    """Each model FileField checks type and size; the import job's file passed the import form's guard."""
    exempt = {(ImportJob, "file")}
    unchecked = [(model.__name__, field.name) for model in apps.get_models() if model.__module__.startswith("edubureau")
                 for field in model._meta.get_fields() if isinstance(field, models.FileField)
                 and validate_upload not in field.validators and (model, field.name) not in exempt]
    assert unchecked == []


# --- The hostile files themselves --------------------------------------------------------------------

def test_the_sparse_file_is_the_probes():
    content = make_sparse_xlsx()
    assert 5_000 < len(content) < 6_500
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b'r="XFD1048576"' in sheet and b'r="A1"' in sheet


@pytest.mark.parametrize("lie", [False, True], ids=["honest", "lying-header"])
def test_the_zip_bomb_is_small_and_inflates_past_every_cap(lie):
    content = make_zip_bomb_xlsx(1300, lie=lie)
    assert len(content) < 2 * MIB
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        declared = sum(i.file_size for i in archive.infolist())
    if lie:  # zipfile would stop at the declared size: only a real count of the inflated bytes sees the padding
        assert declared < MIB
    else:
        assert declared > 1300 * MIB > max(limits_for(k).max_unzipped for k in ("registry", "exam", "balance"))


def _run_limited(code: str, memory_mib: int = 1500) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter whose address space is capped, so a huge allocation aborts it."""
    prelude = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, ({memory_mib} << 20, {memory_mib} << 20))
    """)
    env = {"PYTHONPATH": f"{SRC}:{SRC.parent}", "DJANGO_SETTINGS_MODULE": "edubureau.config.settings_test",
           "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                          env=env, timeout=120, cwd=SRC.parent)


def test_registry_reader_refuses_the_sparse_file_without_allocating_it():
    started = time.perf_counter()
    result = _run_limited("""
        import django
        django.setup()
        from edubureau.core.io.reader import ReadError, read_sheet
        from tests.security.sparse_file import make_sparse_xlsx
        try:
            read_sheet(make_sparse_xlsx(), "probe.xlsx", {"学校标识码"})
        except ReadError as exc:
            print("REFUSED", exc)
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "REFUSED 表格的已用区域延伸到第1,048,576行，超过上限200,000行" in result.stdout
    assert time.perf_counter() - started < 60


def test_exam_reader_refuses_the_sparse_file_without_django_or_allocation(tmp_path):
    path = tmp_path / "scores.xlsx"
    path.write_bytes(make_sparse_xlsx("考号"))
    result = _run_limited(f"""
        import sys
        from edubureau.core.io.filecheck import FileLimits
        from edubureau.quality.engine.reading import ReadFailure, read_score_file
        try:
            read_score_file({str(path)!r}, limits=FileLimits(max_rows=1_000_000, max_columns=300))
        except ReadFailure as exc:
            print("REFUSED", exc)
        print("django" in sys.modules)
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == [
        "REFUSED 表格的已用区域延伸到第1,048,576行，超过上限1,000,000行；如果下方是空行，请删除空行后重新保存", "False"]


def test_plan_reader_refuses_a_docx_bomb_in_bounded_memory(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(make_docx_bomb(1300))
    result = _run_limited(f"""
        from edubureau.core.io.filecheck import FileLimits
        from edubureau.plans.engine.readers import UnreadableDocument, read_document
        try:
            read_document({str(path)!r}, FileLimits(max_bytes=10 << 20, max_unzipped=200 << 20))
        except UnreadableDocument as exc:
            print("REFUSED", exc)
    """, memory_mib=800)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "REFUSED 文件解压后超过上限200 MB" in result.stdout


@pytest.mark.parametrize("lie", [False, True], ids=["honest", "lying-header"])
def test_zip_bomb_is_refused_from_what_it_really_inflates_to(lie):
    started = time.perf_counter()
    with pytest.raises(FileRefused, match="解压后超过上限400 MB|文件大小与记录不符"):
        check_workbook(make_zip_bomb_xlsx(1300, lie=lie), ".xlsx", limits_for("registry"))
    assert time.perf_counter() - started < QUICK


def test_a_small_padded_workbook_still_reads():
    """The padding itself is legal XML: under the cap the same construction is an ordinary workbook."""
    sheet = reader.read_sheet(make_zip_bomb_xlsx(2), "ok.xlsx", {"学校标识码"})
    assert sheet.headers == ["学校标识码", "学校名称"] and sheet.rows == [(2, ["3300000001", "城关一小"])]


# --- The scanner measures what calamine would allocate -------------------------------------------

def _sheet_part(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def _slow_extent(xml: bytes):
    """The tag-by-tag scan alone, fed in 7-byte pieces so every tag is cut somewhere."""
    scanner = _XlsxScanner("sheet")
    scanner.scan = super(_XlsxScanner, scanner).scan
    for start in range(0, len(xml), 7):
        scanner.feed(xml[start:start + 7])
    return scanner.extent


@pytest.mark.parametrize("cells", [
    [(0, 0, "表头"), (2, 3, 1)],
    [(0, 0, "a"), (9, 27, "b"), (4, 701, 2.5)],
    [(5, 2, "x"), (1_048_575, 16_383, 1)],
])
def test_fast_and_tag_by_tag_scans_agree_with_calamine(cells):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for row, column, value in cells:
        sheet.write(row, column, value)
    book.close()
    xml = _sheet_part(buffer.getvalue())
    (fast,) = check_zip(buffer.getvalue(), ".xlsx", FileLimits())
    slow = _slow_extent(xml)
    expected_rows = max(r for r, _c, _v in cells) + 1
    expected_columns = max(c for _r, c, _v in cells) + 1
    assert (fast.rows, fast.columns, fast.cells) == (slow.rows, slow.columns, slow.cells) == (
        expected_rows, expected_columns, len(cells))


def test_cells_without_references_are_counted_as_calamine_places_them():
    """A hand-made sheet with neither row nor cell references: positions follow one another."""
    xml = b"<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row/><row r='9'><c/><c/><c/></row></sheetData>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    (extent,) = check_zip(buffer.getvalue(), ".xlsx", FileLimits())
    assert (extent.rows, extent.columns, extent.cells) == (9, 3, 5)


def test_a_prefixed_far_cell_cannot_hide_from_the_fast_scan():
    xml = b'<x:sheetData><x:row r="1"><x:c r="A1"/></x:row><x:row r="2"><x:c r="XFD1048576"/></x:row></x:sheetData>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    with pytest.raises(FileRefused, match="第1,048,576行"):
        check_workbook(buffer.getvalue(), ".xlsx", limits_for("registry"))


def test_ods_trailing_blank_rows_do_not_count_but_a_far_cell_does():
    def ods(rows: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("content.xml", f"<office:body><table:table table:name='S'>{rows}</table:table>"
                                            "</office:body>")
        return buffer.getvalue()

    blank_tail = ('<table:table-row><table:table-cell office:value-type="string"><text:p>学校标识码</text:p>'
                  '</table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575">'
                  '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    (extent,) = check_workbook(ods(blank_tail), ".ods", limits_for("balance"))
    assert (extent.rows, extent.columns) == (1, 1)
    far = ('<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>'
           '</table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell/>'
           '</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
           '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>')
    with pytest.raises(FileRefused, match="第1,048,576行"):
        check_workbook(ods(far), ".ods", limits_for("balance"))


# --- .xls: measured from its cell records ----------------------------------------------------------

@pytest.mark.parametrize("mini", [False, True], ids=["sectors", "mini-stream"])
def test_xls_extent_is_what_calamine_reads(mini):
    import python_calamine

    content = make_xls([(0, 0, 1.5), (3, 2, 7.0), (1, 1, 2.0)], mini=mini)
    rows = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python(
        skip_empty_area=False)
    (extent,) = check_xls(content)
    assert (extent.rows, extent.columns, extent.cells) == (len(rows), len(rows[0]), 3) == (4, 3, 3)


def test_registry_reader_refuses_the_sparse_xls_without_taking_a_gigabyte():
    result = _run_limited("""
        import django
        django.setup()
        from edubureau.core.io.reader import ReadError, read_sheet
        from tests.security.sparse_file import make_sparse_xls
        try:
            read_sheet(make_sparse_xls(), "probe.xls", {"学校标识码"})
        except ReadError as exc:
            print("REFUSED", exc)
    """, memory_mib=900)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "REFUSED 表格的已用区域延伸到第256列，超过上限200列" in result.stdout


@pytest.mark.parametrize("content", [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600, b"PK\x03\x04" * 200,
                                     make_xls([(0, 0, 1.0)])[:900]], ids=["bad-header", "zip", "truncated"])
def test_a_damaged_xls_is_a_clear_error(content):
    with pytest.raises(FileRefused, match="不是有效的 xls 文件"):
        check_xls(content)


# --- Formula cells and GBK csv read as data ----------------------------------------------------------

def test_formula_cells_read_as_their_cached_value_never_evaluated(tmp_path):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["考号", "学校标识码", "学校名称"])
    # Cached values differ from what evaluating would give (2, a link): the reader must show the cache.
    sheet.write_formula(1, 0, "=1+1", None, 7)
    sheet.write_formula(1, 1, '=HYPERLINK("http://evil.example/","3300000001")', None, "3300000001")
    sheet.write_formula(1, 2, '=CMD|" /C calc"!A0', None, "城关一小")
    book.close()
    content = buffer.getvalue()
    rows = reader.read_sheet(content, "f.xlsx", {"学校标识码"}).rows
    assert rows == [(2, [7, "3300000001", "城关一小"])]
    path = tmp_path / "f.xlsx"
    path.write_bytes(content)
    assert read_score_file(path).rows() == [(2, "7", "3300000001", "城关一小")]


def test_formula_text_in_a_csv_stays_text():
    content = "学校标识码,学校名称\n=1+1,=HYPERLINK(\"http://evil.example/\")\n".encode("gb18030")
    assert reader.read_sheet(content, "f.csv", {"学校标识码"}).rows == [(2, ["=1+1", '=HYPERLINK("http://evil.example/")'])]


def test_csv_that_is_not_a_table_is_a_clear_error():
    with pytest.raises(reader.ReadError, match="无法读取CSV文件"):
        reader.read_sheet(b"a,b\n" + b"x" * 200_000 + b"\n", "big-field.csv", {"a"})


# --- The corpus, against every workbook and document endpoint -----------------------------------

def png_bytes() -> bytes:
    import zlib

    raw = b"\x00\xff\x00\x00"
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                + struct.pack(">I", zlib.crc32(kind + data)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run"

# name → (filename, content factory, what the message says)
HOSTILE = {
    "empty": ("空.xlsx", lambda: b"", "提交的是空文件"),
    "exe renamed .xlsx": ("成绩.xlsx", lambda: EXE, "不是有效的 xlsx 文件"),
    "png renamed .xlsx": ("名册.xlsx", png_bytes, "不是有效的 xlsx 文件"),
    "png": ("照片.png", png_bytes, "不支持的文件类型：.png|请上传 .xlsx、.xls 或 .csv 文件"),
    "sparse giant range": ("probe.xlsx", make_sparse_xlsx, "表格的已用区域延伸到第1,048,576行"),
    # registry: 256 columns > 200; balance, evaluation: 65,536 rows; exam: 65,536 × 256 cells > 10,000,000.
    "sparse xls": ("probe.xls", make_sparse_xls, "第256列|第65,536行|超过上限10,000,000个单元格|请上传 .xlsx"),
    "zip bomb": ("bomb.xlsx", lambda: make_zip_bomb_xlsx(1300), "文件解压后超过上限"),
    "zip bomb, lying header": ("bomb2.xlsx", lambda: make_zip_bomb_xlsx(1300, lie=True),
                               "解压后超过上限|大小与记录不符"),
}


@dataclass
class Endpoint:
    url: str
    data: dict
    user: object
    written: callable  # counts that must not change

    def post(self, client, upload):
        client.force_login(self.user)
        started = time.perf_counter()
        response = client.post(self.url, {**self.data, "file": upload}, follow=True)
        return response, time.perf_counter() - started


@pytest.fixture
def endpoints(db, settings, tmp_path):
    """Each workbook or document endpoint with a user allowed to post to it and the rows it could write."""
    settings.MEDIA_ROOT = tmp_path / "media"
    year = f.make_school_year(2025)
    school = f.make_school("城关一小", code="3301000001")
    term = Term.objects.create(school_year=year, number=1, start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    quality = f.make_user(Role.DEPARTMENT, department=f.make_department("jiaoyan", modules=["quality"]))
    exam = Exam.objects.create(name="期末", term=term, grade=9, full_marks={"语文": 120}, status=Exam.Status.READY)
    scheme = evaluation_services.from_engine(evaluation_engine.standard_scheme(2025), categories=TEMPLATE_CATEGORIES)
    evaluator = f.make_user(Role.DEPARTMENT, department=f.make_department("kaohe", modules=["evaluation"]))
    exam_data = {"name": "九年级统考", "term": term.pk, "grade": 9, "full_marks_text": "语文=120", "total_text": "",
                 "excellent_cut": 85, "good_cut": 70, "pass_cut": 60, "low_cut": 40}
    return {
        "core:import_start": Endpoint(
            reverse("core:import_start", args=["people.staff"]), {"dry_run": "on"},
            f.make_user(Role.DEPARTMENT, department=f.make_department("renshi", modules=["org", "people"])),
            lambda: (Staff.objects.count(), ImportJob.objects.count())),
        # The probe's read-only user: a school administrator may run 用文件核算.
        "balance:file": Endpoint(reverse("balance:file"), {}, f.make_user(Role.SCHOOL, school=school),
                                 lambda: (ImportJob.objects.count(),)),
        "quality:exam_create": Endpoint(reverse("quality:exam_create"), exam_data, quality,
                                        lambda: (Exam.objects.count(), ExamResult.objects.count())),
        # Issue 17: a refused exam's score file uploaded again; read in the background like a new exam's.
        "quality:exam_reupload": Endpoint(reverse("quality:exam_reupload", args=[exam.pk]), {}, quality,
                                          lambda: (ExamResult.objects.count(),)),
        "quality:exam_teachers": Endpoint(reverse("quality:exam_teachers", args=[exam.pk]), {}, quality,
                                          lambda: (TeacherAssignment.objects.count(),)),
        "evaluation:third_party_import": Endpoint(reverse("evaluation:third_party_import", args=[scheme.pk]), {},
                                                  evaluator, lambda: (ThirdPartyScore.objects.count(),)),
        # Issue 13: the national 学籍 export, read against the roll; a refused file queues no difference.
        "welfare:reconcile_list": Endpoint(
            reverse("welfare:reconcile_list"), {},
            f.make_user(Role.DEPARTMENT, department=f.make_department("jichu", modules=["people", "welfare"])),
            lambda: (NationalRollImport.objects.count(), RollDifference.objects.count())),
        # Issue 14: a school's 体质健康 file, scored only when every row reads.
        "fitness:upload": Endpoint(
            reverse("fitness:upload"), {"school": school.pk, "year": 2026},
            f.make_user(Role.DEPARTMENT, department=f.make_department("tiwei", modules=["fitness"])),
            lambda: (FitnessTest.objects.count(), FitnessResult.objects.count())),
        "plans:plan_import": Endpoint(
            reverse("plans:plan_import"), {"year": 2025, "issuing_body": "县教育局"},
            f.make_user(Role.DEPARTMENT, department=f.make_department("bangong", modules=["plans"])),
            lambda: (WorkPlan.objects.count(),)),
    }


def _page_text(response) -> str:
    return response.content.decode()


def test_the_fixture_covers_every_workbook_and_document_endpoint(endpoints):
    assert set(endpoints) == {*WORKBOOK_ENDPOINTS, *DOCUMENT_ENDPOINTS}


@pytest.mark.parametrize("endpoint", [*WORKBOOK_ENDPOINTS, *DOCUMENT_ENDPOINTS])
@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_is_refused_quickly_clearly_and_writes_nothing(client, endpoints, endpoint, case):
    filename, make, message = HOSTILE[case]
    target = endpoints[endpoint]
    if endpoint in DOCUMENT_ENDPOINTS and case != "empty":
        message = "不支持的文件格式"  # a plan is .txt, .docx or .pdf: anything else is refused by its type
    before = target.written()
    response, seconds = target.post(client, SimpleUploadedFile(filename, make()))
    assert response.status_code in (200, 400), response.status_code
    assert any(part in _page_text(response) for part in message.split("|")), case
    assert seconds < QUICK
    assert target.written() == before


@pytest.mark.parametrize("endpoint", WORKBOOK_ENDPOINTS)
def test_a_file_over_the_size_cap_is_refused_naming_the_cap(client, endpoints, endpoint, settings):
    kind = {"core:import_start": "registry", "balance:file": "balance", "evaluation:third_party_import": "evaluation",
            "welfare:reconcile_list": "registry"
            }.get(endpoint, "exam")
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, kind: {**settings.UPLOAD_LIMITS[kind], "max_bytes": MIB}}
    target = endpoints[endpoint]
    before = target.written()
    response, _seconds = target.post(client, SimpleUploadedFile("big.csv", b"a,b\n" + b"1,2\n" * (MIB // 4)))
    assert response.status_code in (200, 400)
    assert "超过上限1 MB" in _page_text(response)
    assert target.written() == before


def test_balance_refuses_the_probes_53_mb_csv_under_the_default_cap(client, endpoints):
    target = endpoints["balance:file"]
    row = ",".join(["1001", "城关小学", "小学"] + ["1"] * (len(BALANCE_COLUMNS) - 3)) + "\n"
    content = (",".join(BALANCE_COLUMNS) + "\n" + row * (6 * MIB // len(row.encode()))).encode()
    assert len(content) > limits_for("balance").max_bytes
    response, _seconds = target.post(client, SimpleUploadedFile("big.csv", content))
    assert response.status_code == 400 and "超过上限5 MB" in _page_text(response)


def test_a_plan_docx_bomb_is_refused(client, endpoints):
    target = endpoints["plans:plan_import"]
    response, seconds = target.post(client, SimpleUploadedFile("plan.docx", make_docx_bomb(300)))
    assert response.status_code == 200 and "文件解压后超过上限200 MB" in _page_text(response)
    assert seconds < QUICK and target.written() == (0,)


@pytest.mark.parametrize("endpoint", WORKBOOK_ENDPOINTS)
def test_wrong_headers_are_a_clear_error_and_write_nothing(client, endpoints, endpoint):
    target = endpoints[endpoint]
    before = target.written()
    content = make_xlsx([["甲", "乙", "丙"], [1, 2, 3]])
    response, _seconds = target.post(client, SimpleUploadedFile("wrong.xlsx", content))
    assert response.status_code in (200, 400)
    page = _page_text(response)
    if endpoint in ("quality:exam_create", "quality:exam_reupload"):  # read in the background: refused, with why
        exam = Exam.objects.get(name="九年级统考" if endpoint == "quality:exam_create" else "期末")
        assert exam.status == Exam.Status.INVALID and "考号" in exam.errors[0]["message"]
        assert ExamResult.objects.count() == before[-1]
        return
    assert any(m in page for m in ("找不到表头行", "缺少", "无法读取文件")), page[:500]
    assert target.written()[0] == before[0]


# --- GBK csv where csv is accepted ----------------------------------------------------------------

def test_gbk_csv_reads_in_the_registry_dry_run(client, endpoints):
    target = endpoints["core:import_start"]
    headers = ["身份证号", "姓名", "编制类型", "岗位类别", "最高学历", "现任学校标识码"]
    row = [f.make_id_number(), "欧阳老师", "事业编制", "专任教师", "本科", "3301000001"]
    content = ("\n".join(",".join(r) for r in (headers, row)) + "\n").encode("gbk")
    response, _seconds = target.post(client, SimpleUploadedFile("名册.csv", content))
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.VALID, job.errors
    assert "欧阳老师" in _page_text(response) and Staff.objects.count() == 0


def test_gbk_csv_reads_in_the_balance_check(client, endpoints):
    values = ["1001", "东河小学", "小学", "200", "600", "900", "300000", "10", "4000", "12", "6", "4", "1", "1", "3"]
    content = (",".join(BALANCE_COLUMNS) + "\n" + ",".join(values) + "\n").encode("gbk")
    response, _seconds = endpoints["balance:file"].post(client, SimpleUploadedFile("均衡.csv", content))
    assert response.status_code == 200 and "东河小学" in _page_text(response)


def test_gbk_csv_reads_in_the_exam_import(client, endpoints):
    content = "考号,姓名,学校,班级,语文\n1,欧阳娜,城关一小,1班,100\n".encode("gbk")
    endpoints["quality:exam_create"].post(client, SimpleUploadedFile("成绩.csv", content))
    exam = Exam.objects.get(name="九年级统考")
    assert exam.status == Exam.Status.READY, exam.errors
    assert list(exam.results.values_list("name", flat=True)) == ["欧阳娜"]


# --- Attachments: stored, never read; type and the configured size cap -------------------------

def test_attachment_cap_comes_from_the_settings(settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "attachment": {"max_bytes": 1000}}
    validate_upload(SimpleUploadedFile("照片.jpg", b"x" * 1000))
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile("照片.jpg", b"x" * 1001))
    assert "超过1000 B" in refused.value.messages[0] and "照片.jpg" in refused.value.messages[0]


def test_attachment_refuses_an_executable():
    with pytest.raises(ValidationError, match="类型不受支持"):
        validate_upload(SimpleUploadedFile("setup.exe", EXE))


def test_exam_reader_caps_rows_and_columns(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("考号," + ",".join(f"c{i}" for i in range(10)) + "\n" + "1,2\n" * 5, encoding="utf-8")
    with pytest.raises(ReadFailure, match="超过10列"):
        read_score_file(path, limits=FileLimits(max_columns=10))
    with pytest.raises(ReadFailure, match="超过4行"):
        read_score_file(path, limits=FileLimits(max_rows=4))
    assert read_score_file(path, limits=FileLimits(max_rows=5, max_columns=11)).height == 5


def test_a_plan_pdf_over_the_page_cap_is_refused(client, endpoints, settings):
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "plan": {**settings.UPLOAD_LIMITS["plan"], "max_pages": 2}}
    target = endpoints["plans:plan_import"]
    response, _seconds = target.post(client, SimpleUploadedFile("plan.pdf", buffer.getvalue()))
    assert "PDF 文档有3页，超过上限2页" in _page_text(response) and target.written() == (0,)
    response, _seconds = target.post(client, SimpleUploadedFile("plan.pdf", b"%PDF-1.4 broken"))
    assert "无法读取 PDF 文档" in _page_text(response)


def test_the_shape_checks_are_pure_and_their_examples_hold():
    """Engines (exam reader, plan reader) use filecheck, so it must import without Django."""
    import doctest

    from edubureau.core.io import filecheck

    code = "import sys, edubureau.core.io.filecheck; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(SRC)})
    assert result.stdout.strip() == "False", result.stderr
    failures, tried = doctest.testmod(filecheck, optionflags=doctest.ELLIPSIS)
    assert failures == 0 and tried >= 10
