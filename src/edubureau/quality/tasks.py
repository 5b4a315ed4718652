"""Background work of the quality app: importing an exam's score file (django-tasks)."""

from django.utils.translation import gettext as _
from django_tasks import task

from edubureau.ops.storage import local_copy

from .models import Exam
from .services import import_scores, import_teachers

__all__ = ["import_exam_scores"]


@task()
def import_exam_scores(exam_id: int, stored_name: str, teachers_name: str = "") -> str:
    """Check and, if clean, write the score file saved as ``stored_name`` for exam ``exam_id``.

    With ``teachers_name`` (the optional teacher file) the teachers are imported once the scores are in;
    a refused teacher file leaves the scores standing and its errors on the exam (code ``teacher``).
    """
    exam = Exam.objects.get(pk=exam_id)
    try:
        # A local copy read through the storage API, not storage.path(): the store may be a shared bucket (issue 16).
        with local_copy(stored_name) as path:
            import_scores(exam, path)
        if teachers_name and exam.status == Exam.Status.READY:
            with local_copy(teachers_name) as path:
                _count, errors = import_teachers(exam, path)
            if errors:
                Exam.objects.filter(pk=exam_id).update(errors=[
                    {"row": row, "column": column, "code": "teacher", "message": reason}
                    for row, column, reason in errors])
    except Exception:
        # Leave the exam in a state the page can explain, then let the task record the traceback.
        Exam.objects.filter(pk=exam_id).update(status=Exam.Status.INVALID, errors=[
            {"row": 0, "column": "", "code": "failed", "message": _("导入失败，请联系管理员")}])
        raise
    return exam.status
