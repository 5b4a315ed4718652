"""The runner: validate a workbook, and write a plan without errors in one transaction.

Writes are bulk (``bulk_create`` / ``bulk_update`` in batches of 1,000) and the audit entries are
written in bulk too, one django-auditlog ``LogEntry`` per created or changed row with the
importing user as actor: saving 20,000 rows one by one, each firing its audit signal, takes
minutes; this takes seconds (benchmarks/import_staff.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import smart_str
from django.utils.translation import gettext as _

from .spec import SheetSpec
from .validate import Plan, Progress, RowError, validate

__all__ = ["BATCH", "ImportResult", "commit_plan", "run_import"]

BATCH = 1000
AUDIT_EXCLUDE = {"created", "updated"}


@dataclass
class ImportResult:
    """What an import did or would do; ``committed`` is False for a dry run or a refused file."""

    plan: Plan
    committed: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    audit: list = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return self.plan.errors

    @property
    def total(self) -> int:
        return self.plan.total


def run_import(
    spec: SheetSpec,
    content: bytes,
    filename: str,
    *,
    user,
    commit: bool = False,
    progress: Progress | None = None,
    job_id: int | None = None,
) -> ImportResult:
    """Validate ``content``; when ``commit`` and there is no error, write it all or nothing."""
    plan = validate(spec, content, filename, user=user, progress=progress)
    result = ImportResult(
        plan=plan, created=len(plan.created), updated=len(plan.updated), unchanged=len(plan.unchanged)
    )
    if commit and not plan.errors:
        commit_plan(plan, progress=progress, job_id=job_id)
        result.committed = True
    return result


def commit_plan(plan: Plan, *, progress: Progress | None = None, job_id: int | None = None) -> None:
    """Write a validated plan in one transaction: any failure leaves the database as it was."""
    if plan.errors:
        raise ValueError("a plan with errors is never written")
    report = progress or (lambda stage, done, total: None)
    spec, ctx = plan.spec, plan.ctx
    model = spec.model
    created, updated = plan.created, plan.updated
    total = len(created) + len(updated)
    stage = _("写入")
    now = timezone.now()
    with transaction.atomic():
        spec.before_write(plan.rows, ctx)
        done = 0
        instances = [r.instance for r in created]
        for start in range(0, len(instances), BATCH):
            model._default_manager.bulk_create(instances[start : start + BATCH])
            done += len(instances[start : start + BATCH])
            report(stage, done, total)
        changed = [r for r in updated if r.changes]
        if changed:
            fields = sorted({name for r in changed for name in r.changes})
            if any(f.name == "updated" for f in model._meta.concrete_fields):
                fields.append("updated")
                for r in changed:
                    r.instance.updated = now
            instances = [r.instance for r in changed]
            for start in range(0, len(instances), BATCH):
                model._default_manager.bulk_update(instances[start : start + BATCH], fields)
                done += len(instances[start : start + BATCH])
                report(stage, done, total)
        extra = spec.after_write(plan.rows, ctx)
        entries = [(r.instance, r.created, {**r.changes, **r.side_changes}, r.row) for r in created + updated]
        entries += [(obj, is_new, changes, None) for obj, is_new, changes in extra]
        write_audit(entries, actor=ctx.user, job_id=job_id, timestamp=now)
    report(stage, total, total)


def write_audit(entries, *, actor, job_id: int | None, timestamp) -> int:
    """One audit entry per written object, in bulk: (instance, created?, {field: (old, new)}, row)."""
    content_types: dict[type, ContentType] = {}
    logs = []
    for obj, is_new, changes, row in entries:
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        shown = {
            name: [smart_str(old), smart_str(new)]
            for name, (old, new) in changes.items()
            if name not in AUDIT_EXCLUDE
        }
        extra = {"import_job": job_id} if job_id else {}
        if row:
            extra["row"] = row
        logs.append(
            LogEntry(
                content_type=content_types[model],
                object_pk=str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                object_repr=smart_str(obj)[:1000],
                action=LogEntry.Action.CREATE if is_new else LogEntry.Action.UPDATE,
                changes=shown,
                actor=actor,
                timestamp=timestamp,
                additional_data=extra or None,
            )
        )
    LogEntry.objects.bulk_create(logs, batch_size=BATCH)
    return len(logs)


def spec_summary(result: ImportResult) -> dict:
    """A plain summary for the command line's ``--json`` and the job record."""
    return {
        "spec": result.plan.spec.name,
        "total": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "committed": result.committed,
        "errors": [e.as_dict() for e in result.errors],
    }
