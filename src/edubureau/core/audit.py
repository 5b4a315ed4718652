"""Audit: every create, update and delete of a registry record keeps who, when and what changed.

django-auditlog does the storing (with the request user through its middleware); apps list their
models here once, from ``AppConfig.ready``.
"""

from contextlib import contextmanager

from auditlog.context import auditlog_value, set_extra_data
from auditlog.registry import auditlog
from django.utils.translation import gettext as _

# Personal identifiers are stored once, in the record itself; the audit trail keeps them masked.
# guardian_phone, account: 学生资助 and 关爱 (issue 13); the rest: an enrolment application's papers (issue 12).
MASKED_FIELDS = ("id_number", "guardian_phone", "account", "child_id", "guardian_id", "guardian2_id",
                 "property_owner_id",
                 # issue 15: a complainant's identity (信访人) is the 信访 office's alone.
                 "complainant_name", "complainant_phone", "complainant_id", "complainant_address")


def register_audited(*models, exclude_fields=("created", "updated")):
    for model in models:
        if auditlog.contains(model):
            continue
        field_names = {f.name for f in model._meta.concrete_fields}
        auditlog.register(
            model,
            exclude_fields=list(exclude_fields),
            mask_fields=[name for name in MASKED_FIELDS if name in field_names],
            # A task's schools or a visit's inspectors are changes too: who moved them is named in the history
            # and in an edit conflict (issue 18), not "其他用户（未留下修改记录）".
            m2m_fields={f.name for f in model._meta.many_to_many if f.name not in exclude_fields},
        )


def bind_actor(user) -> None:
    """Name ``user`` as the actor of the audit entries written in the current request.

    The auditlog middleware runs before DRF authenticates a token, so for API requests it records
    no actor; API views call this once the user is known.
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    if user is not None and user.is_authenticated:
        context["actor"] = user


# Keys of ``LogEntry.additional_data`` on entries written by system work; the history page reads them back.
SYSTEM_KEY = "系统"
STARTED_BY_KEY = "触发"


def current_actor():
    """The user the current request's audit entries name (set by the auditlog middleware), or None."""
    try:
        return auditlog_value.get().get("actor")
    except LookupError:
        return None


@contextmanager
def system_work(work: str, *, started_by: str = ""):
    """Write the audit entries of ``work`` (the daily scan …) as the system's: no actor, no address, and
    ``additional_data`` saying what ran and what started it.

    Issue 18: the daily scan started by a school administrator's first page view was logged as that user's change
    to other schools' follow-ups. The request's own context is restored afterwards (auditlog's context manager
    leaves its inner one in place, which would strip the actor from the rest of the request).
    """
    previous = auditlog_value.get(None)
    extra = {SYSTEM_KEY: work}
    if started_by:
        extra[STARTED_BY_KEY] = started_by
    try:
        with set_extra_data({"actor": None, "remote_addr": None, "remote_port": None, "additional_data": extra}):
            yield
    finally:
        if previous is not None:
            auditlog_value.set(previous)


def first_visit_of(user) -> str:
    """``started_by`` for work a user's page view started: "<username> 首次访问"."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return _("{username} 首次访问").format(username=user.get_username())


def log_reveal(request, person, fields: list[str], extra: dict | None = None):
    """Record that ``request.user`` was shown the full ``fields`` of ``person`` on the page ``request.path``.

    A reveal is django-auditlog's access entry (``LogEntry.Action.ACCESS``) on the person: who (actor), when
    (timestamp), whose number (the object), from which page and which fields (``additional_data``). No number is
    stored in the entry (issue 18).

    Args:
        request: the request of the page or export.
        person: the record whose numbers were shown (a ``Staff``, a ``Student``, a driver, a case …).
        fields: the names of the fields shown in full (e.g. ``["id_number", "phone"]``).
        extra: more to record, never a number itself (an export names how many rows it revealed and which).

    Returns:
        The log entry, or None when nothing was revealed.
    """
    from auditlog.models import LogEntry

    if not fields or person.pk is None:
        return None
    user = request.user if request.user.is_authenticated else None
    return LogEntry.objects.log_create(
        person, force_log=True, action=LogEntry.Action.ACCESS, actor=user, serialized_data=None,
        remote_addr=request.META.get("REMOTE_ADDR"),
        additional_data={"revealed": list(fields), "page": request.get_full_path()[:500], **(extra or {})},
    )


def note_reveal(request, person, fields: list[str]) -> None:
    """Remember a reveal made while an API answer is built (each row of a list, or the one row of a detail); the
    view logs the answer's reveals once (``log_noted_reveals``), as an export logs its own."""
    if request is None or not fields:
        return
    noted = getattr(request, "_revealed_rows", None)
    if noted is None:
        noted = request._revealed_rows = []
    noted.append((person, tuple(fields)))


def log_noted_reveals(request) -> None:
    """One reveal entry for the rows an API answer showed in full (on the first, with how many), if any."""
    noted = getattr(request, "_revealed_rows", None)
    if noted:
        fields = sorted({name for _person, names in noted for name in names})
        log_reveal(request, noted[0][0], fields, extra={"api": True, "rows": len(noted)})
        request._revealed_rows = []
