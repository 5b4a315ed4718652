"""Optimistic concurrency: a save made from a stale copy of a record is refused, never silently applied.

Issue 18 (must-fix 6): two people opened the same staff record; the second save reverted the first's
change without a word, and so did an API ``PUT`` of a body read before someone else's ``PATCH``.

**The version of a record** (``version_of``) is a hash of all its concrete field values, not its
``updated`` stamp: it works for models without ``updated`` (no migration needed) and it also moves
when a bulk ``QuerySet.update()`` changes a row without touching ``updated``. ``updated`` is one of
the hashed values, so any save of a ``BaseModel`` row — including one that only changed its
many-to-many fields through a form — moves the version too. The hash needs no query, so list
responses can carry each row's version.

**Pages.** Every edit form (``ConcurrencyFormMixin``, built into ``core.forms.BaseModelForm``) carries
a signed hidden field ``eb_version`` holding the version and each field's value as loaded. On submit
the form compares each of its fields as loaded with the value stored now: a field someone else
changed meanwhile makes the form invalid with a message naming the fields, the old and new values,
who changed them and when (the latest auditlog entry), and a panel showing your value beside the
stored one, with a per-field choice to keep either (``eb_keep_<field>``). A change to a field the
form does not show is no conflict: the save starts from the row as stored, so it cannot revert it.
``save()`` then locks the row (``select_for_update`` on PostgreSQL; SQLite's IMMEDIATE transactions
already serialise writers) and checks that nobody wrote between the check and the lock.

A form posted *without* ``eb_version`` (scripts, old tests) is not checked; one with a damaged token
is refused. ``ConflictMiddleware`` answers such page conflicts with 409.

**API.** Single-object responses carry ``ETag: "<version>"``; every serializer has a ``version`` field
(read-only in output, optional in input). ``BaseViewSet`` refuses a ``PUT``/``PATCH``/``DELETE`` whose
``If-Match`` does not match (412) or whose body carries a stale ``version`` (409). A write with
neither is still accepted, for simple clients.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core import signing
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from edubureau.core.audit import MASKED_FIELDS

__all__ = [
    "FIELD",
    "KEEP_PREFIX",
    "Change",
    "ConcurrencyFormMixin",
    "ConflictMiddleware",
    "ConflictReport",
    "VersionConflict",
    "VersionInput",
    "changes_text",
    "check_version",
    "conflict_message",
    "describe_changes",
    "last_change",
    "locked_version",
    "version_of",
]

FIELD = "eb_version"
KEEP_PREFIX = "eb_keep_"
SALT = "edubureau.core.concurrency"
EMPTY = "—"
HIDDEN = "（已隐藏）"
MAX_DISPLAY = 200

# Set when a page's form found a conflict; ConflictMiddleware turns that page's answer into a 409.
_conflict_seen: contextvars.ContextVar[bool] = contextvars.ContextVar("eb_conflict_seen", default=False)


# ---- versions -------------------------------------------------------------------------------------------------------


def _plain(value):
    """A value as stable JSON-able data: the same stored value always gives the same result.

    Decimals are normalised (``1.50`` and ``1.5`` are one number whether read back from the database
    or just cleaned by a form) and aware datetimes put in UTC.
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def _digest(data) -> str:
    """A keyed hash (HMAC with SECRET_KEY) of ``data``.

    Keyed, because a version is shown to users who may not see every field it covers: a plain hash of
    a staff row would let them try the few thousand ID numbers matching the visible birth date offline.
    """
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return salted_hmac(SALT, text, algorithm="sha256").hexdigest()


def version_of(obj) -> str:
    """The version token of ``obj``: a hash of its concrete field values (see the module docstring).

    Args:
        obj: a saved model instance, as loaded from the database (or just saved).

    Returns:
        20 hex digits; equal for equal stored rows, different as soon as one stored value differs.
    """
    values = [[f.attname, _plain(getattr(obj, f.attname))] for f in type(obj)._meta.concrete_fields]
    return _digest([obj._meta.label_lower, values])[:20]


def locked_version(obj) -> tuple[str, models.Model | None]:
    """The version of ``obj``'s row as stored now, locked until the enclosing transaction ends.

    Returns ``("", None)`` when the row has been deleted meanwhile.
    """
    # Ordered by pk alone: a model ordered by a nullable relation (a 科室 by its region) would join that table, and
    # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    row = type(obj)._base_manager.select_for_update().filter(pk=obj.pk).order_by("pk").first()
    return (version_of(row), row) if row is not None else ("", None)


# ---- who changed what -----------------------------------------------------------------------------------------------


@dataclass
class Change:
    """One field someone else changed: its label, the value you loaded, the value stored now, yours."""

    name: str
    label: str
    loaded: str
    stored: str
    yours: str = ""
    keep_stored: bool = False


@dataclass
class ConflictReport:
    """What a refused save reports: who changed the record, when, and which fields."""

    actor: str
    when: str
    changes: list[Change] = field(default_factory=list)

    @property
    def message(self) -> str:
        return conflict_message(self.actor, self.when, self.changes)


class VersionConflict(Exception):
    """The stored row changed between the version check and the save (or the row is gone)."""

    def __init__(self, message: str = ""):
        super().__init__(message or _("这条记录在您提交的同时被他人修改，未保存。请重新打开编辑页，核对后再保存。"))
        self.message = str(self.args[0])


def last_change(obj, since: dt.datetime | None = None) -> tuple[str, str, dict]:
    """Who made the latest audited change of ``obj`` (after ``since``, if given), when, and its raw changes.

    Returns:
        ``(actor, when, changes)``; when no audit entry explains the change (a bulk update, a script), the
        actor reads 其他用户（未留下修改记录） and ``when`` is empty.
    """
    from auditlog.models import LogEntry

    from .generic.display import cn_date

    # A reveal (a handler reading the full numbers) is an audit entry too, but changes nothing.
    entries = (LogEntry.objects.get_for_object(obj).exclude(action=LogEntry.Action.ACCESS).select_related("actor")
               .order_by("-timestamp", "-pk"))
    if since is not None:
        entries = entries.filter(timestamp__gte=since)
    entry = entries.first()
    if entry is None:
        return _("其他用户（未留下修改记录）"), "", {}
    actor = entry.actor
    name = (actor.get_full_name() or actor.username) if actor else _("系统")
    return name, cn_date(entry.timestamp), entry.changes_dict or {}


def changes_text(changes) -> str:
    """``(label, old, new)`` triples as a conflict names them: 职称（中级 → 高级）、电话（…）; 这条记录 for none.

    One wording for the edit page's message and the API's 409/412 answer.
    """
    return "、".join(
        _("{label}（{old} → {new}）").format(label=label, old=old, new=new) for label, old, new in changes
    ) or _("这条记录")


def conflict_message(actor: str, when: str, changes: list[Change]) -> str:
    """张三 于 2026年12月4日 14:02 修改了：职称（中级 → 高级）、电话（…）。"""
    parts = changes_text((c.label, c.loaded, c.stored) for c in changes)
    if when:
        head = _("{actor} 于 {when} 修改了：{fields}。").format(actor=actor, when=when, fields=parts)
    else:
        head = _("{actor}修改了：{fields}。").format(actor=actor, fields=parts)
    return head + _("您打开编辑页之后记录已被修改，未保存。请核对下方每项的两个值，选择保留哪一个后再保存。")


def describe_changes(obj, original_values: dict, current_values: dict, labels: dict) -> list[Change]:
    """The fields whose stored value differs from the value loaded into the form.

    Args:
        obj: the record (for the model's field labels when ``labels`` lacks one).
        original_values: field name → ``[key, display]`` as loaded (from the form's token).
        current_values: field name → ``[key, display]`` stored now.
        labels: field name → label shown on the form.
    """
    changes = []
    for name, (key, display) in current_values.items():
        loaded = original_values.get(name)
        if loaded is None or loaded[0] == key:
            continue
        label = labels.get(name) or name
        changes.append(Change(name=name, label=str(label), loaded=loaded[1], stored=display))
    return changes


# ---- values of form fields ------------------------------------------------------------------------------------------


def _display(form_field, value) -> str:
    """How a form field's value reads in the conflict message (choice labels, names of related rows)."""
    if value is None or value == "" or value == [] or value == ():
        return EMPTY
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        rows = _rows(form_field, value)
        text = "、".join(sorted(str(r) for r in rows)) or EMPTY
    elif isinstance(form_field, forms.ModelChoiceField):
        rows = _rows(form_field, [value])
        text = str(rows[0]) if rows else f"#{getattr(value, 'pk', value)}"
    elif isinstance(form_field, forms.BooleanField):
        text = _("是") if value else _("否")
    elif isinstance(form_field, forms.ChoiceField):
        labels = {}
        for key, label in form_field.choices:
            if isinstance(label, list | tuple):
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(key)] = label
        values = value if isinstance(value, list | tuple) else [value]
        text = "、".join(str(labels.get(str(v), v)) for v in values)
    elif isinstance(value, Decimal | float):
        text = _plain(Decimal(str(value)))
    elif isinstance(value, dt.date):
        from .generic.display import cn_date

        text = cn_date(value)
    else:
        text = str(value)
    return text if len(text) <= MAX_DISPLAY else text[: MAX_DISPLAY - 1] + "…"


def _rows(form_field, values) -> list:
    if hasattr(values, "all"):  # a related manager or queryset (a list has no .all)
        values = list(values.all())
    objs = [v for v in values if isinstance(v, models.Model)]
    pks = [v for v in values if not isinstance(v, models.Model) and v not in (None, "")]
    if pks:
        model = form_field.queryset.model
        objs += list(model._base_manager.filter(pk__in=pks))
    return objs


def _key(form_field, value):
    """A stable key of a form field's value: primary keys for related rows, normalised scalars otherwise."""
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        if hasattr(value, "all"):  # a related manager or queryset (a list has no .all)
            value = list(value.all())
        return sorted(str(getattr(v, "pk", v)) for v in (value or []))
    if isinstance(form_field, forms.ModelChoiceField):
        value = getattr(value, "pk", value)
        return None if value in (None, "") else str(value)
    if isinstance(value, float | int) and not isinstance(value, bool):
        value = Decimal(str(value))
    if value == "":
        value = None
    return _plain(value)


def _snapshot(form, values: dict) -> dict[str, list]:
    """``{name: [key digest, display]}`` for each compared field of ``form`` given ``values``."""
    snap = {}
    for name in form.compared_fields():
        form_field = form.fields[name]
        value = values.get(name)
        display = HIDDEN if name in MASKED_FIELDS and value not in (None, "") else _display(form_field, value)
        snap[name] = [_digest(_key(form_field, value))[:16], display]
    return snap


class VersionInput(forms.HiddenInput):
    """The hidden version token; when a save was refused it also renders the conflict panel beside it.

    Rendering the panel with the hidden field means every edit template that renders the form's
    hidden fields shows it, with no change to the template.
    """

    conflict: ConflictReport | None = None

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.conflict is None:
            return html
        keep_prefix = name.removesuffix(FIELD) + KEEP_PREFIX  # the form's prefix, if any
        panel = render_to_string("generic/_conflict.html", {"conflict": self.conflict, "keep_prefix": keep_prefix})
        return html + panel


def check_version(obj, token: str) -> str:
    """Raise ``VersionConflict`` unless ``token`` is the version of ``obj``'s row as stored (locked) now.

    Call inside ``transaction.atomic()``; returns the current version.
    """
    current, row = locked_version(obj)
    if row is None:
        raise VersionConflict(_("这条记录已被他人删除，未保存。"))
    if token and token != current:
        raise VersionConflict()
    return current


class ConcurrencyFormMixin:
    """Adds the version token to a model form editing an existing row, and refuses a stale save.

    ``concurrency_exclude`` names form fields not compared (computed or write-only fields).
    """

    concurrency_exclude: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: ConflictReport | None = None
        instance = getattr(self, "instance", None)
        self._versioned = instance is not None and instance.pk is not None and not instance._state.adding
        if not self._versioned:
            return
        # Taken before the form's values are put on the instance (in full_clean).
        self._loaded_version = version_of(instance)
        self._stored_snapshot = None
        # The token is made when first rendered: a subclass may still remove or add fields in its __init__.
        self.fields[FIELD] = forms.CharField(label="", widget=VersionInput(), required=False, initial=self._token)

    def _stored(self) -> dict[str, list]:
        """Each compared field as stored now (the form's initial values), computed once."""
        if self._stored_snapshot is None:
            stored = {name: self.get_initial_for_field(self.fields[name], name) for name in self.compared_fields()}
            self._stored_snapshot = _snapshot(self, stored)
        return self._stored_snapshot

    def _token(self) -> str:
        payload = {"v": self._loaded_version, "t": timezone.now().isoformat(), "f": self._stored()}
        return signing.dumps(payload, salt=SALT, compress=True)

    def compared_fields(self) -> list[str]:
        return [
            name for name in self.fields
            if name != FIELD and name not in self.concurrency_exclude and not name.startswith(KEEP_PREFIX)
        ]

    def full_clean(self):
        versioned = self.is_bound and getattr(self, "_versioned", False)
        if versioned:
            # "Keep the stored value" ticked in the conflict panel: the field takes the stored value.
            for name in self.compared_fields():
                if self.data.get(self.add_prefix(KEEP_PREFIX + name)) == "stored":
                    self.fields[name].disabled = True
        super().full_clean()
        if versioned:
            self._check_loaded_token()

    def _check_loaded_token(self) -> None:
        raw = self.data.get(self.add_prefix(FIELD))
        if not raw:
            return  # a client that never loaded the form (script, import): not checked
        try:
            payload = signing.loads(raw, salt=SALT)
            loaded_fields, since = payload["f"], dt.datetime.fromisoformat(payload["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            self.add_error(None, _("表单已失效，请重新打开编辑页再保存。"))
            return
        stored = self._stored()
        labels = {name: self.fields[name].label or name for name in stored}
        changes = describe_changes(self.instance, loaded_fields, stored, labels)
        if not changes:
            return
        _conflict_seen.set(True)
        actor, when, _raw = last_change(self.instance, since)
        yours = getattr(self, "cleaned_data", {}) or {}
        for change in changes:
            form_field = self.fields[change.name]
            if change.name in yours:
                value = yours[change.name]
            else:
                value = form_field.widget.value_from_datadict(self.data, self.files, self.add_prefix(change.name))
            key = _digest(_key(form_field, value))[:16]
            masked = change.name in MASKED_FIELDS and value not in (None, "")
            change.yours = HIDDEN if masked else _display(form_field, value)
            # A field you did not touch takes the stored value by default; one you changed keeps yours.
            change.keep_stored = key == loaded_fields[change.name][0] or form_field.disabled
        self.conflict = ConflictReport(actor=actor, when=when, changes=changes)
        self.add_error(None, self.conflict.message)
        # Shown again with a fresh token: saving now means "I have seen the other change".
        widget = self.fields[FIELD].widget
        widget.conflict = self.conflict
        self.data = self.data.copy()
        self.data[self.add_prefix(FIELD)] = self._token()

    def lock_and_check(self) -> None:
        """Inside the save's transaction: refuse if the row changed after this form read it."""
        if getattr(self, "_versioned", False) and self.data.get(self.add_prefix(FIELD)):
            check_version(self.instance, self._loaded_version)

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            self.lock_and_check()
            return super().save(commit=True)


class ConflictMiddleware:
    """Pages: a form that found a conflict answers 409; a conflict found at save time gets a 409 page.

    An htmx request keeps its 200: htmx does not swap a 4xx answer, and the side panel must show
    the conflict.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _conflict_seen.set(False)
        try:
            response = self.get_response(request)
            if _conflict_seen.get() and response.status_code in (200, 400) and not request.headers.get("HX-Request"):
                response.status_code = 409
            return response
        finally:
            _conflict_seen.reset(token)

    def process_exception(self, request, exception):
        if not isinstance(exception, VersionConflict):
            return None
        html = render_to_string(
            "generic/conflict_page.html", {"message": exception.message, "edit_url": request.get_full_path()},
            request=request,
        )
        return HttpResponse(html, status=409)
