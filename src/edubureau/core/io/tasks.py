"""Background work of imports: a django-tasks task running one ``ImportJob``.

The database backend stores the task; ``edubureau db_worker`` (started by ``edubureau demo``)
runs it. The job row, not the task result, is what the page polls. A task delivered twice, or for a
job another run already claimed, does nothing (``run_job`` claims the job first, issue 18); a worker that
dies mid-run leaves a job whose heartbeat stops, recovered as 中断 by ``jobs.recover_stale_jobs``.
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
