"""Background work of the quality app: importing an exam's score file (django-tasks)."""

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Exam
from .services import import_scores

__all__ = ["import_exam_scores"]


@task()
def import_exam_scores(exam_id: int, stored_name: str) -> str:
    """Check and, if clean, write the score file saved as ``stored_name`` for exam ``exam_id``."""
    exam = Exam.objects.get(pk=exam_id)
    try:
        import_scores(exam, default_storage.path(stored_name))
    except Exception:
        # Leave the exam in a state the page can explain, then let the task record the traceback.
        Exam.objects.filter(pk=exam_id).update(status=Exam.Status.INVALID, errors=[
            {"row": 0, "column": "", "code": "failed", "message": _("导入失败，请联系管理员")}])
        raise
    return exam.status
