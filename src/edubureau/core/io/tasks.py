"""Background work of imports: a django-tasks task running one ``ImportJob``.

The database backend stores the task; ``edubureau db_worker`` (started by ``edubureau demo``)
runs it. The job row, not the task result, is what the page polls.
"""

from django_tasks import task

from edubureau.core.models import ImportJob

from .jobs import run_job

__all__ = ["run_import_job"]


@task()
def run_import_job(job_id: int) -> str:
    """Validate, and for a confirmed job write, the uploaded workbook of ``ImportJob`` ``job_id``."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    return run_job(job).status
