"""Writing and reading exam scores: the bulk import, and frames of stored results for the engine."""

from __future__ import annotations

import polars as pl
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.scope import scope_for
from edubureau.core.uploads import limits_for
from edubureau.org.models import School

from .engine.config import TOTAL, order_subjects
from .engine.placing import summarize_scores
from .engine.reading import ReadFailure, read_score_file
from .engine.report import analyze
from .engine.scores import ScoreFileError, clean_scores, ignored_columns
from .engine.teachers import ASSIGNMENT_HEADERS, AssignmentError, StaffIndex, clean_assignments
from .engine.value_added import value_added
from .models import Exam, ExamResult, TeacherAssignment

__all__ = ["county_score_summary", "exam_value_added", "import_scores", "import_teachers", "report_for",
           "results_frame", "staff_index", "write_results"]

BATCH = 2000
# Figures derived from an exam's scores are cached under the exam's version; a day bounds what an old version leaves.
CACHE_SECONDS = 24 * 3600


def _schools_of(exam: Exam):
    """The schools an exam's files may name: those of its region's subtree (a county's exam names its own schools, a
    city's those of every county, issue 16), or every school for an exam of the whole instance."""
    if exam.region_id is None:
        return School.objects.all()
    return School.objects.filter(region_id__in=exam.region.subtree_ids())


def import_scores(exam: Exam, path) -> Exam:
    """Check the score file at ``path``; if clean, replace the exam's results and analysis in one go.

    A file with any error writes nothing: the errors (row, column, reason) are kept on the exam.
    """
    config = exam.config()
    _stage(exam, Exam.Stage.READING)
    schools = list(_schools_of(exam).values_list("pk", "name", "code"))
    known = {name: name for _pk, name, _code in schools} | {code: name for _pk, name, code in schools}
    school_ids = {name: pk for pk, name, _code in schools}
    try:
        raw = read_score_file(path, limits=limits_for("exam"))  # issue 18: capped before calamine reads it
        _stage(exam, Exam.Stage.CHECKING)
        frame = clean_scores(raw, config, known_schools=known)
    except ReadFailure as exc:
        return _refuse(exam, [{"row": 0, "column": "", "code": "unreadable",
                               "message": _("无法读取成绩文件：{error}").format(error=exc)}])
    except ScoreFileError as exc:
        return _refuse(exam, [e.as_dict() for e in exc.errors])
    return write_results(exam, frame, school_ids, ignored=ignored_columns(raw.columns, config))


def write_results(exam: Exam, frame: pl.DataFrame, school_ids: dict[str, int],
                  ignored: list[tuple[str, str | None]] = ()) -> Exam:
    """Replace the exam's results with a clean frame (see ``clean_scores``) and store its analysis.

    ``ignored``: the file's columns the import did not read, kept with the report so the page names them."""
    config = exam.config()
    # The 片区 of each school comes from the registry, so the zone level is there whatever the file says.
    zones = dict(School.objects.filter(pk__in=set(school_ids.values()), zone__isnull=False)
                 .values_list("name", "zone__name"))
    if zones:
        frame = frame.with_columns(pl.col("school").replace_strict(zones, default=None, return_dtype=pl.String)
                                   .alias("zone"))
    _stage(exam, Exam.Stage.ANALYSING)
    report = analyze(frame, config)
    report["ignored_columns"] = [{"column": column, "suggestion": near} for column, near in ignored]
    subjects = list(config.subjects)
    _stage(exam, Exam.Stage.WRITING)
    with transaction.atomic():
        ExamResult.objects.filter(exam=exam).delete()
        _insert_results(exam, frame, school_ids, subjects)
        exam.report, exam.errors, exam.candidates, exam.status = report, [], frame.height, Exam.Status.READY
        exam.stage = Exam.Stage.DONE
        exam.save(update_fields=["report", "errors", "candidates", "status", "stage", "updated"])
    return exam


def _insert_results(exam: Exam, frame: pl.DataFrame, school_ids: dict[str, int], subjects: list[str]) -> None:
    """Insert the frame's candidates with one ``executemany`` per batch.

    ``bulk_create`` prepares every field of every object in Python (about 10 calls per cell), which made
    the ORM the slowest step of an import; here only the JSON scores go through the field's own
    preparation (so PostgreSQL gets jsonb), the rest are plain values.
    """
    meta = ExamResult._meta
    scores_field = meta.get_field("scores")
    columns = ["created", "updated", "exam_id", "school_id", "exam_no", "student_no", "name", "class_name",
               "scores", "total"]
    sql = "INSERT INTO {table} ({columns}) VALUES ({values})".format(
        table=connection.ops.quote_name(meta.db_table),
        columns=", ".join(connection.ops.quote_name(meta.get_field(c).column) for c in columns),
        values=", ".join(["%s"] * len(columns)))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    ids = frame.select(
        pl.col("school").replace_strict(school_ids, return_dtype=pl.Int64),
        pl.col("exam_no"), pl.col("student_no").fill_null(""), pl.col("name").fill_null(""),
        pl.col("class").fill_null(""), pl.col(TOTAL))
    scores = frame.select(subjects).rows()
    with connection.cursor() as cursor:
        batch = []
        for (school_id, exam_no, student_no, name, class_name, total), marks in zip(ids.iter_rows(), scores,
                                                                                    strict=True):
            value = scores_field.get_db_prep_save(dict(zip(subjects, marks, strict=True)), connection)
            batch.append((now, now, exam.pk, school_id, exam_no, student_no, name, class_name, value, total))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _refuse(exam: Exam, errors: list[dict]) -> Exam:
    exam.errors, exam.status, exam.stage = errors, Exam.Status.INVALID, Exam.Stage.DONE
    exam.save(update_fields=["errors", "status", "stage", "updated"])
    return exam


def _stage(exam: Exam, stage: str) -> None:
    # Saved at once, outside the write transaction, so the polling page sees it.
    exam.stage = stage
    Exam.objects.filter(pk=exam.pk).update(stage=stage)


def report_for(user, exam: Exam) -> dict:
    """The exam's analysis as ``user`` may see it: county figures always, schools and classes in scope.

    A school administrator sees the county, its own school and classes (with their county rank),
    never another school's rows (issue 5).
    """
    report = exam.report or {}
    if report.get("subjects"):  # in the usual order: PostgreSQL's jsonb does not keep the stored one
        report = {**report, "subjects": {name: report["subjects"][name] for name in order_subjects(report["subjects"])}}
    scope = scope_for(user)
    if scope.all_schools or not report:
        return report
    names = set(School.objects.filter(pk__in=scope.school_ids).values_list("name", flat=True))
    subjects = {}
    for name, entry in report.get("subjects", {}).items():
        subjects[name] = {**entry, "zones": [],
                          "schools": [s for s in entry.get("schools", []) if s["school"] in names],
                          "classes": [c for c in entry.get("classes", []) if c["school"] in names]}
    return {**report, "subjects": subjects}


def results_frame(exam: Exam) -> pl.DataFrame:
    """The exam's stored results as the engine's clean frame (whole county: callers cut to scope)."""
    subjects = exam.subjects
    rows = ExamResult.objects.filter(exam=exam).values_list(
        "exam_no", "student_no", "name", "school__name", "class_name", "scores", "total")
    data = {k: [] for k in ("exam_no", "student_no", "name", "school", "class", *subjects, TOTAL)}
    for exam_no, student_no, name, school, class_name, scores, total in rows:
        for key, value in (("exam_no", exam_no), ("student_no", student_no or None), ("name", name),
                           ("school", school), ("class", class_name), (TOTAL, total)):
            data[key].append(value)
        for s in subjects:
            data[s].append(scores.get(s))
    schema = {k: pl.String for k in ("exam_no", "student_no", "name", "school", "class")} | {
        s: pl.Float64 for s in (*subjects, TOTAL)}
    return pl.DataFrame(data, schema=schema).with_columns(pl.lit(None, dtype=pl.String).alias("zone"))


def _version(exam: Exam) -> str:
    """A cache key part that changes whenever the exam's scores or rules do (saving the exam stamps ``updated``)."""
    return f"{exam.pk}.{exam.updated.timestamp() if exam.updated else 0}"


def county_score_summary(exam: Exam) -> dict[str, dict]:
    """The county's scores of every subject, summarised for placing one candidate (``engine.placing``).

    Kept in the cache per exam version: the first class page of a 100,000-candidate exam reads the scores once, the
    next ones place their pupils at once (issue 17)."""
    key = f"quality:score-summary:{_version(exam)}"
    summary = cache.get(key)
    if summary is None:
        summary = summarize_scores(results_frame(exam), exam.config())
        cache.set(key, summary, timeout=CACHE_SECONDS)
    return summary


def exam_value_added(user, exam: Exam, prior: Exam, key: str = "exam_no") -> dict:
    """Value-added from ``prior`` to ``exam``, fitted on the county, cut down to the user's scope.

    The county's fit is kept in the cache per version of the two exams: it reads both exams' scores, seconds on a
    large exam, and is the same for every reader until one of them changes."""
    cache_key = f"quality:value-added:{_version(exam)}:{_version(prior)}:{key}"
    result = cache.get(cache_key)
    if result is None:
        result = value_added(results_frame(exam), results_frame(prior), exam.config(), prior.config(), key=key)
        cache.set(cache_key, result, timeout=CACHE_SECONDS)
    scope = scope_for(user)
    if scope.all_schools:
        return result
    names = set(School.objects.filter(pk__in=scope.school_ids).values_list("name", flat=True))
    return {subject: {**entry, "schools": [s for s in entry["schools"] if s["school"] in names],
                      "classes": [c for c in entry["classes"] if c["school"] in names]}
            for subject, entry in result.items()}


def staff_index() -> StaffIndex:
    """The staff registry for matching teachers: everyone with an open posting, by school."""
    from edubureau.people.models import Posting

    rows = Posting.objects.filter(end__isnull=True).values_list(
        "staff_id", "staff__id_number", "staff__name", "school__name")
    return StaffIndex.of(list(rows))


def import_teachers(exam: Exam, path) -> tuple[int, list[tuple[int, str, str]]]:
    """Replace the exam's teacher assignments from a file (学校, 班级, 学科, 教师身份证号 and/or 任课教师).

    Each teacher is matched to the staff registry. Returns (rows written, errors); with any error
    nothing is written.
    """
    schools = list(_schools_of(exam).values_list("pk", "name", "code"))
    known = {name: name for _pk, name, _code in schools} | {code: name for _pk, name, code in schools}
    school_ids = {name: pk for pk, name, _code in schools}
    try:
        raw = read_score_file(path, ASSIGNMENT_HEADERS[:1], limits_for("exam"))
        rows = clean_assignments(raw, exam.full_marks, known, staff=staff_index())
    except ReadFailure as exc:
        return 0, [(0, "", _("无法读取文件：{error}").format(error=exc))]
    except AssignmentError as exc:
        return 0, exc.errors
    with transaction.atomic():
        TeacherAssignment.objects.filter(exam=exam).delete()
        TeacherAssignment.objects.bulk_create(
            TeacherAssignment(exam=exam, school_id=school_ids[r["school"]], class_name=r["class"],
                              subject=r["subject"], teacher_name=r["teacher"], staff_id=r["staff"]) for r in rows)
        # The errors of an earlier teacher file sent with the scores no longer apply.
        Exam.objects.filter(pk=exam.pk, status=Exam.Status.READY).update(errors=[])
    return len(rows), []
