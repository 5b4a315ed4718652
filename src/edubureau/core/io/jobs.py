"""Running an ``ImportJob``: the same import as the command line, with progress the page can poll.

Small files run inside the request; larger ones are handed to the background task
(``tasks.run_import_job``). Either way :func:`run_job` records the counts, the errors and a
preview of the first rows on the job row.

Issue 18: a run first claims its job (PENDING → RUNNING in one UPDATE, so two confirms or two deliveries of
the task write once), beats a heartbeat while it works, and checks in each write chunk that the job is
still its own. A job whose heartbeat stopped (the worker died) is recovered by :func:`recover_stale_jobs`
(the job page and the daily scan): what its run wrote is undone and it shows 中断, to be run again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from decimal import Decimal

from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core import idcard
from edubureau.core.generic.display import UNGROUPED_FIELDS, cn_date, cn_number
from edubureau.core.models import ImportJob

from .reader import count_rows
from .registry import get_spec
from .runner import ImportResult, PartialWrite, WriteAborted, run_import, undo_writes
from .spec import Column, SheetSpec

__all__ = ["INLINE_ROWS", "PREVIEW_ROWS", "claim_run", "preview_of", "recover_job", "recover_stale_jobs", "retry_job",
           "run_job", "start_job"]

logger = logging.getLogger(__name__)
INLINE_ROWS = 2000  # smaller files are checked inside the request: no waiting for a worker
PREVIEW_ROWS = 50
PROGRESS_SECONDS = 1.0  # the job row (progress and heartbeat) is saved at most this often


def start_job(job: ImportJob, content: bytes | None = None) -> None:
    """Run a small job now, enqueue a large one for the background worker."""
    content = content if content is not None else _read(job)
    if count_rows(content, job.filename) <= INLINE_ROWS:
        run_job(job, content)
    else:
        from .tasks import run_import_job

        run_import_job.enqueue(job.pk)


def _read(job: ImportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def claim_run(job: ImportJob, *, statuses=(ImportJob.Status.PENDING,)) -> str | None:
    """Make ``job`` RUNNING for this caller only: one UPDATE that exactly one caller wins (issue 18).

    Returns:
        The run's write token, or None when the job was not in ``statuses`` (another run has it, or it is done).
    """
    token = uuid.uuid4().hex
    claimed = ImportJob.objects.filter(pk=job.pk, status__in=statuses).update(
        status=ImportJob.Status.RUNNING, write_token=token, attempt=F("attempt") + 1, heartbeat=timezone.now(),
        done=0, message=_("读取"), finished=None,
    )
    return token if claimed else None


def run_job(job: ImportJob, content: bytes | None = None) -> ImportJob:
    """Validate (and, for a confirmed job, write) the job's file, recording the outcome on the job.

    A job that is not PENDING (a second delivery of the task, a second confirm) is left alone.
    """
    token = claim_run(job)
    if token is None:
        job.refresh_from_db()
        return job
    mine = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING, write_token=token)
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        # The heartbeat: at most every PROGRESS_SECONDS, and always at the end of a stage. The runner calls this
        # between its write chunks, outside their transactions, so the polling page sees done/total grow.
        now = time.monotonic()
        if now - last[0] < PROGRESS_SECONDS and done < total:
            return
        last[0] = now
        mine.update(done=done, total=total, message=stage, heartbeat=timezone.now())

    def still_ours() -> bool:
        # Inside each write chunk: a job recovered as stale (its heartbeat late) must not go on writing.
        return mine.select_for_update().exists()

    try:
        spec = get_spec(job.spec)
        result = run_import(
            spec, content if content is not None else _read(job), job.filename,
            user=job.user, commit=job.commit, progress=progress, job_id=job.pk, token=token, still_ours=still_ours,
        )
    except WriteAborted:
        logger.warning("import job %s was taken over while writing; its rows were undone", job.pk)
        job.refresh_from_db()
        return job
    except Exception as exc:  # a job records any failure instead of dying half-way (and never a 500)
        logger.exception("import job %s failed", job.pk)
        if isinstance(exc, PartialWrite):
            message = _("导入失败，且撤销已写入部分时出错（{error}），部分数据可能已写入，请联系管理员。")
        else:
            # The runner undid whatever this run wrote: nothing of the file is in the database.
            message = _("导入失败，未写入任何数据（{error}）。请稍后重试或联系管理员。")
        mine.update(status=ImportJob.Status.FAILED, message=message.format(error=type(exc).__name__),
                    finished=timezone.now(), heartbeat=timezone.now())
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    if job.status == ImportJob.Status.RUNNING and job.write_token == token:
        _record(job, spec, result)
    return job


def recover_job(job: ImportJob) -> bool:
    """Recover a stale job (issue 18): mark it 中断 and undo what its dead run wrote.

    The UPDATE only wins while the job is still RUNNING with the same token and heartbeat, so a run that
    beat meanwhile, or a second recovery, is left alone. Returns True when this call recovered it.
    """
    if not job.is_stale:
        return False
    claimed = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.RUNNING, write_token=job.write_token, heartbeat=job.heartbeat
    ).update(status=ImportJob.Status.INTERRUPTED, message=_("处理中断，正在撤销已写入的部分"), finished=timezone.now())
    if not claimed:
        return False
    try:
        undone = undo_writes(job.write_token) if job.write_token else 0
    except Exception as exc:
        logger.exception("undoing interrupted import job %s failed", job.pk)
        message = _("处理中断，撤销已写入部分时出错（{error}），部分数据可能已写入，请联系管理员。").format(
            error=type(exc).__name__)
    else:
        if job.commit:
            message = _("处理中断（处理程序已停止），已撤销写入的{n}条记录，数据库未改变。请点击“重新确认导入”。")
        else:
            message = _("校验中断（处理程序已停止），未写入任何数据。请点击“重新运行”。")
        message = message.format(n=cn_number(undone))
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.INTERRUPTED).update(message=message)
    return True


def recover_stale_jobs(today=None) -> int:
    """Recover every stale job; the daily scan and the job pages call it. Returns how many were recovered."""
    # Running jobs are a handful at most; ``ImportJob.is_stale`` (checked by recover_job) is the one staleness rule.
    return sum(recover_job(job) for job in ImportJob.objects.filter(status=ImportJob.Status.RUNNING))


def retry_job(job: ImportJob) -> bool:
    """Run an interrupted or failed job again (the same file, validated again); False if someone else did."""
    claimed = ImportJob.objects.filter(
        pk=job.pk, status__in=(ImportJob.Status.INTERRUPTED, ImportJob.Status.FAILED)
    ).update(status=ImportJob.Status.PENDING, done=0, finished=None, message=_("排队中"))
    if not claimed:
        return False
    job.refresh_from_db()
    start_job(job)
    return True


def _record(job: ImportJob, spec: SheetSpec, result: ImportResult) -> None:
    job.total = job.done = result.total
    job.created_count, job.updated_count, job.unchanged_count = result.created, result.updated, result.unchanged
    job.errors = [e.as_dict() for e in result.errors]
    job.preview = preview_of(result)
    if result.errors:
        job.status = ImportJob.Status.INVALID
        job.message = _("发现{n}处错误，未写入任何数据").format(n=cn_number(len(result.errors)))
    elif result.committed:
        job.status = ImportJob.Status.DONE
        job.message = _("已导入：新增{created}条，更新{updated}条").format(
            created=cn_number(result.created), updated=cn_number(result.updated))
    else:
        job.status = ImportJob.Status.VALID
        job.message = _("校验通过，尚未写入")
    job.finished = job.heartbeat = timezone.now()
    job.save()


def preview_of(result: ImportResult) -> dict:
    """The first rows that will be written, as display text, with the changed columns marked."""
    plan = result.plan
    columns = [c for c in plan.spec.columns if c.field in plan.ctx.present]
    rows = []
    for row in plan.rows:
        if not row.ok or not (row.created or row.changes):
            continue
        if len(rows) == PREVIEW_ROWS:
            break
        cells = []
        for column in columns:
            changed = not row.created and _changed(column, row)
            # A changed cell also says what it held before ("原：二级"), so the clerk sees the update.
            cells.append({"text": display(column, row.values.get(column.field)), "changed": changed,
                          "old": _old(column, row) if changed else ""})
        rows.append({"row": row.row, "action": _("新增") if row.created else _("更新"), "cells": cells})
    return {
        "headers": [c.label for c in columns],
        "rows": rows,
        "more": max(0, result.created + result.updated - len(rows)),
        "renamed": [list(pair) for pair in plan.renamed],
        "ignored": list(plan.ignored),
    }


def _changed(column: Column, row) -> bool:
    return column.field in row.changes or column.field in row.side_changes


def _old(column: Column, row) -> str:
    before = (row.changes.get(column.field) or row.side_changes.get(column.field) or (None, None))[0]
    if column.ref is not None and column.model_field:
        return ""
    return display(column, before) or _("（空）")


def display(column: Column, value) -> str:
    """A cleaned value as the preview shows it: labels, 是/否, 2025年9月1日, 1,234, masked ID numbers."""
    if value is None or value == "":
        return ""
    if isinstance(value, Model):
        key = column.ref.show(value) if column.ref is not None else None
        if column.kind == "idcard":
            key = idcard.mask(str(key))
        return str(value) if key is None or str(key) == str(value) else f"{key}（{value}）"
    if column.kind == "idcard":
        return idcard.mask(str(value))
    if column.kind == "choice":
        return column.label_of(value)
    if column.kind == "multichoice":
        return "、".join(column.label_of(v) for v in value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.date):
        return cn_date(value)
    if isinstance(value, int | Decimal):
        # Years and grades read as plain numbers (2025, not 2,025), as on the registry pages.
        return str(value) if column.field in UNGROUPED_FIELDS else cn_number(value)
    return str(value)
