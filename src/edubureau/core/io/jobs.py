"""Running an ``ImportJob``: the same import as the command line, with progress the page can poll.

Small files run inside the request; larger ones are handed to the background task
(``tasks.run_import_job``). Either way :func:`run_job` records the counts, the errors and a
preview of the first rows on the job row.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core import idcard
from edubureau.core.generic.display import UNGROUPED_FIELDS, cn_date, cn_number
from edubureau.core.models import ImportJob

from .reader import count_rows
from .registry import get_spec
from .runner import ImportResult, run_import
from .spec import Column, SheetSpec

__all__ = ["INLINE_ROWS", "PREVIEW_ROWS", "preview_of", "run_job", "start_job"]

logger = logging.getLogger(__name__)
INLINE_ROWS = 2000  # smaller files are checked inside the request: no waiting for a worker
PREVIEW_ROWS = 50


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


def run_job(job: ImportJob, content: bytes | None = None) -> ImportJob:
    """Validate (and, for a confirmed job, write) the job's file, recording the outcome on the job."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, done=0, message=_("读取"))

    def progress(stage: str, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=total, message=stage)

    try:
        spec = get_spec(job.spec)
        result = run_import(
            spec, content if content is not None else _read(job), job.filename,
            user=job.user, commit=job.commit, progress=progress, job_id=job.pk,
        )
    except Exception as exc:  # a job records any failure instead of dying half-way (and never a 500)
        # The transaction was rolled back: nothing of the file is in the database.
        logger.exception("import job %s failed", job.pk)
        job.refresh_from_db()
        job.status = ImportJob.Status.FAILED
        message = _("导入失败，未写入任何数据（{error}）。请稍后重试或联系管理员。")
        job.message = message.format(error=type(exc).__name__)
        job.finished = timezone.now()
        job.save()
        return job
    job.refresh_from_db()
    _record(job, spec, result)
    return job


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
    job.finished = timezone.now()
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
