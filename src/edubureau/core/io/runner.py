"""The runner: validate a workbook, and write a plan without errors in short chunks that can be undone.

Writes are bulk (``bulk_create`` / ``bulk_update`` in batches of 1,000) and the audit entries are
written in bulk too, one django-auditlog ``LogEntry`` per created or changed row with the
importing user as actor: saving 20,000 rows one by one, each firing its audit signal, takes
minutes; this takes seconds (benchmarks/import_staff.py).

Chunked writing (issue 18). On SQLite one transaction holds the database's only write lock until it
commits: a 100,000-row staff import held it about 31 s and every login meanwhile failed with
"database is locked". So a plan is written in chunks of :data:`CHUNK_ROWS` rows, each in its own
short transaction (rows, what follows from them — the spec's ``after_write``, e.g. postings — and
their audit entries together), and other writers (a login saving ``last_login`` and its session)
get the lock between chunks. The trade-off: the file is no longer one transaction, so all-or-nothing
is kept by undoing instead of by rolling back. That is acceptable because the plan was validated in
full before the first chunk (the dry run), so a failure mid-write is rare — a race with another writer
or a crash. Every chunk's audit entries carry the run's token (``additional_data["import_run"]``) and,
for updated rows, the values they held before (``"before"``, read from the database inside the chunk's
transaction); :func:`undo_writes` deletes what the run created and restores what it changed from
those entries, then deletes the entries. The audit log is thus also the journal, committed with the
rows it describes, so the undo works after the process died (``jobs.recover_stale_jobs``). While a
run writes, other users may briefly see its first chunks; an edit made to one of its rows in that
window is overwritten by the undo. Specs with a ``before_write`` (school years: one current year)
touch rows before the chunks begin and are written in one transaction as before; so is a plan written
inside an outer transaction (a request or a test in ``atomic``), where chunks could release nothing.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.diff import get_mask_function
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.encoding import smart_str
from django.utils.translation import gettext as _

from .spec import SheetSpec
from .validate import Plan, Progress, RowError, validate

__all__ = ["BATCH", "CHUNK_ROWS", "ImportResult", "PartialWrite", "WriteAborted", "commit_plan", "run_import",
           "undo_writes"]

BATCH = 1000
CHUNK_ROWS = 1000  # rows per short write transaction (issue 18): about 0.2 s of lock on SQLite
CHUNK_PAUSE_SQLITE = 0.1  # seconds between two chunks on SQLite, as long as the busy handler's longest sleep
SNAPSHOT_CHUNK = 900  # SQLite's safe number of query parameters
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
    token: str | None = None,
    still_ours: Callable[[], bool] | None = None,
) -> ImportResult:
    """Validate ``content``; when ``commit`` and there is no error, write it all or nothing (:func:`commit_plan`)."""
    plan = validate(spec, content, filename, user=user, progress=progress)
    result = ImportResult(
        plan=plan, created=len(plan.created), updated=len(plan.updated), unchanged=len(plan.unchanged)
    )
    if commit and not plan.errors:
        commit_plan(plan, progress=progress, job_id=job_id, token=token, still_ours=still_ours)
        result.committed = True
    return result


def commit_plan(
    plan: Plan,
    *,
    progress: Progress | None = None,
    job_id: int | None = None,
    chunked: bool = True,
    token: str | None = None,
    still_ours: Callable[[], bool] | None = None,
) -> str | None:
    """Write a validated plan, all or nothing.

    Args:
        plan: a plan without errors.
        progress: called with (stage, done, total) after each chunk, outside its transaction.
        job_id: the ``ImportJob`` recorded on the audit entries.
        chunked: False keeps the former single transaction (the benchmark's baseline).
        token: tags the audit entries of this run, so :func:`undo_writes` finds them (a new one if None).
        still_ours: asked inside each chunk's transaction; False stops the run (its job was recovered).

    Returns:
        The run's token, or None when the plan was written in one transaction.

    Raises:
        WriteAborted: ``still_ours`` said no; what this run wrote is undone.
        PartialWrite: a chunk failed and the undo failed too (the error names both).
    """
    if plan.errors:
        raise ValueError("a plan with errors is never written")
    custom_before = type(plan.spec).before_write is not SheetSpec.before_write
    if not chunked or custom_before or transaction.get_connection().in_atomic_block:
        _commit_single(plan, progress, job_id)
        return None
    token = token or uuid.uuid4().hex
    try:
        _commit_chunks(plan, progress, job_id, token, still_ours)
    except BaseException as exc:
        try:
            undo_writes(token)
        except Exception as undo_exc:
            raise PartialWrite(f"{exc!r}; undo failed: {undo_exc!r}") from undo_exc
        raise
    return token


class WriteAborted(Exception):
    """The job this run writes for was taken over (recovered as stale): stop, and undo what was written."""


class PartialWrite(Exception):
    """A chunked write failed and undoing it failed too: some rows of the file may be in the database."""


def _commit_single(plan: Plan, progress: Progress | None, job_id: int | None) -> None:
    """The former write: one transaction for the whole file (any failure leaves the database as it was)."""
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


def _commit_chunks(plan: Plan, progress, job_id, token: str, still_ours) -> None:
    report = progress or (lambda stage, done, total: None)
    spec, ctx = plan.spec, plan.ctx
    model = spec.model
    rows = plan.created + plan.updated
    total = len(rows)
    stage = _("写入")
    now = timezone.now()
    stamped = any(f.name == "updated" for f in model._meta.concrete_fields)
    # SQLite's busy handler is not fair: a waiting writer sleeps and polls (every 100 ms once it has waited a
    # while) and misses a lock released and taken again at once. The pause lets it in between chunks.
    pause = CHUNK_PAUSE_SQLITE if transaction.get_connection().vendor == "sqlite" else 0.0
    done = 0
    for start in range(0, total, CHUNK_ROWS):
        batch = rows[start : start + CHUNK_ROWS]
        with transaction.atomic():
            if still_ours is not None and not still_ours():
                raise WriteAborted
            new = [r.instance for r in batch if r.created]
            if new:
                model._default_manager.bulk_create(new)
            changed = [r for r in batch if not r.created and r.changes]
            before = {}
            if changed:
                fields = sorted({name for r in changed for name in r.changes})
                if stamped:
                    fields.append("updated")
                    for r in changed:
                        r.instance.updated = now
                before = _snapshot(model, [r.instance.pk for r in changed], fields)
                model._default_manager.bulk_update([r.instance for r in changed], fields)
            # after_write is given this chunk's rows only: what follows from a row is written with it.
            extra = spec.after_write(batch, ctx)
            entries = [(r.instance, r.created, {**r.changes, **r.side_changes}, r.row, before.get(r.instance.pk))
                       for r in batch]
            entries += [(obj, is_new, changes, None, None if is_new else _before_of(obj, changes))
                        for obj, is_new, changes in extra]
            write_audit(entries, actor=ctx.user, job_id=job_id, timestamp=now, token=token)
        done += len(batch)
        report(stage, done, total)  # outside the transaction: the job page sees it while the next chunk writes
        if pause and done < total:
            time.sleep(pause)
    report(stage, total, total)


def _jsonable(value: Any) -> Any:
    """A field value as JSON (restored by the field's ``to_python``)."""
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)  # Decimal, UUID


def _snapshot(model, pks: list, fields: list[str]) -> dict:
    """The database's current values of ``fields`` for ``pks``: {pk: {attname: json value}}."""
    attnames = [model._meta.get_field(name).attname for name in fields]
    out = {}
    for start in range(0, len(pks), SNAPSHOT_CHUNK):
        for values in model._default_manager.filter(pk__in=pks[start : start + SNAPSHOT_CHUNK]).values_list(
            "pk", *attnames
        ):
            out[values[0]] = {name: _jsonable(v) for name, v in zip(attnames, values[1:], strict=True)}
    return out


def _before_of(obj, changes: dict) -> dict:
    """Before-values of an object an ``after_write`` changed, as the spec reports them (old, new)."""
    meta = type(obj)._meta
    return {meta.get_field(name).attname: _jsonable(old) for name, (old, _new) in changes.items()}


def undo_writes(token: str) -> int:
    """Undo what the chunked run ``token`` wrote: restore changed rows, delete created ones, drop its entries.

    Each step is a short transaction, as the write was; it can run again (after a crash of the undo itself)
    and finds only what is left. Returns the number of audit entries (written rows) undone.
    """
    entries = list(
        LogEntry.objects.filter(additional_data__import_run=token)
        .order_by("-pk")
        .values_list("pk", "content_type_id", "object_pk", "action", "additional_data")
    )
    if not entries:
        return 0
    created: dict[int, list] = {}
    restored: dict[int, dict] = {}
    for _pk, ct, object_pk, action, data in entries:
        if action == LogEntry.Action.CREATE:
            created.setdefault(ct, []).append(object_pk)
        elif (data or {}).get("before"):
            # Newest first: the oldest before-value of a row written twice is the one that stays.
            restored.setdefault(ct, {})[object_pk] = data["before"]
    with disable_auditlog():
        for ct, rows in restored.items():
            _restore(ContentType.objects.get_for_id(ct).model_class(), rows)
        # The models created last (postings of new staff) are deleted first.
        order = list(dict.fromkeys(ct for _pk, ct, *_rest in entries if ct in created))
        for ct in order:
            model = ContentType.objects.get_for_id(ct).model_class()
            pks = [model._meta.pk.to_python(p) for p in created[ct]]
            for start in range(0, len(pks), CHUNK_ROWS):
                with transaction.atomic():
                    model._default_manager.filter(pk__in=pks[start : start + CHUNK_ROWS]).delete()
    ids = [e[0] for e in entries]
    for start in range(0, len(ids), CHUNK_ROWS):
        with transaction.atomic():
            LogEntry.objects.filter(pk__in=ids[start : start + CHUNK_ROWS]).delete()
    return len(entries)


def _restore(model, rows: dict[str, dict]) -> None:
    """Put back the before-values {object_pk: {attname: json value}} of ``model``'s rows."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    groups: dict[tuple, list] = {}
    for object_pk, before in rows.items():
        groups.setdefault(tuple(sorted(before)), []).append((model._meta.pk.to_python(object_pk), before))
    for attnames, items in groups.items():
        fields = [by_attname[name].name for name in attnames]
        for start in range(0, len(items), CHUNK_ROWS):
            objs = []
            for pk, before in items[start : start + CHUNK_ROWS]:
                obj = model(pk=pk)
                for name in attnames:
                    value = before[name]
                    setattr(obj, name, None if value is None else by_attname[name].to_python(value))
                objs.append(obj)
            with transaction.atomic():
                model._default_manager.bulk_update(objs, fields)


def _audit_rules(model) -> tuple[set[str], set[str], Callable[[str], str]]:
    """The fields the model's audit registration leaves out and masks (a driver's phone, ID numbers), and its mask:
    the bulk entries of an import keep what the pages' own edits keep."""
    if not auditlog.contains(model):
        return set(AUDIT_EXCLUDE), set(), get_mask_function()
    fields = auditlog.get_model_fields(model)
    return ({*AUDIT_EXCLUDE, *fields["exclude_fields"]}, set(fields["mask_fields"]),
            get_mask_function(fields["mask_callable"]))


def _shown(value, mask: Callable[[str], str] | None) -> str:
    text = smart_str(value)
    return mask(text) if mask and value not in (None, "") else text


def write_audit(entries, *, actor, job_id: int | None, timestamp, token: str | None = None) -> int:
    """One audit entry per written object, in bulk: (instance, created?, {field: (old, new)}, row[, before]).

    With a chunked run's ``token``, each entry also records the token and the row's before-values, the journal
    :func:`undo_writes` reads.
    """
    content_types: dict[type, ContentType] = {}
    rules: dict[type, tuple] = {}
    logs = []
    for obj, is_new, changes, row, *rest in entries:
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
            rules[model] = _audit_rules(model)
        left_out, masked, mask = rules[model]
        shown = {
            name: [_shown(old, mask if name in masked else None), _shown(new, mask if name in masked else None)]
            for name, (old, new) in changes.items()
            if name not in left_out
        }
        extra = {"import_job": job_id} if job_id else {}
        if row:
            extra["row"] = row
        if token:
            extra["import_run"] = token
            if rest and rest[0]:
                extra["before"] = rest[0]
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
