"""The outside probe of issue 18 as a reusable sweep: every route, as a school administrator and an inspector, aimed
at another school's rows.

Nothing here lists routes or models by hand. Routes come from walking ``get_resolver()`` (pages and the DRF routers'
patterns alike); the models that have an owning school come from ``apps.get_models()`` (``ScopedModel`` subclasses
whose rows belong to schools: a ``scope_path`` or their own ``scope_q``). A new module is swept without new test
code.

The secret rows (those of school B, and the bureau's own rows, that neither role may read) carry ``MARKER`` in every
free-text field; a 200 body (HTML, JSON, the XML inside an xlsx/docx) must show neither the marker nor school B's
name or code. A write (POST to pages, POST/PUT/PATCH/DELETE to the API) must leave the fingerprint of every secret
row unchanged.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io
import itertools
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Left
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from edubureau.core.scope import ScopedModel

MARKER = "Qz~9k"
# Text fields that carry identities or machine values read by code (parsed ID numbers, codes matched on import,
# keys dispatched on): a marker there would break the page rather than test it.
UNMARKED_FIELDS = {
    "id_number", "code", "student_no", "exam_no", "number", "phone", "key", "source", "item", "marker",
    "comparator", "unit", "counted", "figure", "mapping_kind", "aggregate", "source_file", "module", "kind",
    "state", "status", "level_part", "staff_source", "sex", "class_name",
    "source_ref",  # issue 15: a 信访件's 工单号, unique per channel
}
# Routes that act on the signed-in user itself, not on rows: a POST would log out or change one's own password.
NO_WRITE_ROUTES = {"login", "logout", "password_change", "account-token", "api-token"}
SKIPPED_NAMESPACES = {"admin"}  # Django's admin: staff only, none of the swept roles is staff (checked in the test)
IDS_PER_MODEL = 2


# --- Routes --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    """One URL pattern: its reversible name, its path as written, its kwargs and what the view serves."""

    name: str
    path: str
    kwargs: tuple[str, ...]
    app: str
    model: type | None
    api_actions: tuple[tuple[str, str], ...] = ()  # DRF: (http method, action)

    @property
    def is_api(self) -> bool:
        return bool(self.api_actions)

    @property
    def is_api_detail(self) -> bool:
        return any(action == "retrieve" for _, action in self.api_actions)


def _pattern_kwargs(pattern) -> list[str]:
    regex = getattr(pattern, "regex", None)
    return list(regex.groupindex) if regex is not None else []


def _view_model(callback):
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return None
    model = getattr(view_class, "model", None)
    if isinstance(model, type) and issubclass(model, models.Model):
        return model
    queryset = getattr(view_class, "queryset", None)
    return getattr(queryset, "model", None)


def discover_routes() -> list[Route]:
    """Every URL pattern of the project except format-suffix twins and the admin, one Route per name and kwargs."""
    found: dict[tuple[str, tuple[str, ...]], Route] = {}

    def walk(resolver, prefix: str, namespace: str | None, app: str | None, kwargs: list[str]):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                if ns in SKIPPED_NAMESPACES:
                    continue
                module = getattr(entry.urlconf_module, "__name__", "") or ""
                sub_app = module.split(".")[1] if module.startswith("edubureau.") else app
                walk(entry, prefix + str(entry.pattern), f"{namespace}:{ns}" if namespace and ns else ns or namespace,
                     sub_app, kwargs + _pattern_kwargs(entry.pattern))
                continue
            assert isinstance(entry, URLPattern)
            names = kwargs + _pattern_kwargs(entry.pattern)
            path = prefix + str(entry.pattern)
            if "format" in names or entry.name is None:
                continue  # the ".json" twin of a DRF route, or an unnamed pattern
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            actions = getattr(entry.callback, "actions", None) or {}
            module = entry.callback.__module__ or ""
            route_app = module.split(".")[1] if module.startswith("edubureau.") else (app or "core")
            route = Route(name=name, path=path, kwargs=tuple(names), app=route_app, model=_view_model(entry.callback),
                          api_actions=tuple(sorted(actions.items())))
            found.setdefault((name, route.kwargs), route)

    walk(get_resolver(), "", None, None, [])
    return sorted(found.values(), key=lambda r: (r.name, r.kwargs))


# --- Models and the secret rows --------------------------------------------------------------------------------

def owned_models() -> list[type]:
    """Every model whose rows belong to schools (``ScopedModel`` with a ``scope_path`` or its own ``scope_q``)."""
    return [m for m in apps.get_models() if issubclass(m, ScopedModel) and m.ownerless_rows_private()]


def marked_fields(model) -> list[str]:
    """The free-text fields of ``model`` that receive the marker."""
    return [f.name for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices and f.name not in UNMARKED_FIELDS
            and not f.primary_key and not (f.max_length and f.max_length <= len(MARKER))]  # a 4-letter band


def _marked(model, name: str):
    """The field's text with the marker at its end, cut first where the column is too short to hold both (an
    18-character ID number): PostgreSQL refuses a value longer than its column, SQLite would have stored it."""
    field_ = model._meta.get_field(name)
    if isinstance(field_, models.CharField) and field_.max_length:
        return Concat(Left(name, field_.max_length - len(MARKER)), Value(MARKER))
    return Concat(name, Value(MARKER))


@dataclass
class Secrets:
    """School B's rows (and the bureau's) that neither swept role may read, per model, with the strings to look for."""

    school: object
    forbidden: list[str]
    pks: dict[type, list[int]]  # model → secret pks (all of them, for the fingerprint)
    sample: dict[type, list[int]]  # model → up to IDS_PER_MODEL pks to aim at
    max_pk: dict[type, int]
    related: dict[type, list[int]] = field(default_factory=dict)  # unowned models → pks tied to the secret rows


def collect_secrets(school_b, users, other_names: list[str]) -> Secrets:
    """Find the rows of every owned model that none of ``users`` reaches and that belong to ``school_b`` or to no
    school (bureau rows), then write the marker into their text fields."""
    pks, sample, max_pk = {}, {}, {}
    for model in owned_models():
        rows = model.objects.filter(model.scope_q({school_b.pk}))
        all_owned = model.objects.filter(model.scope_q(list(type(school_b).objects.values_list("pk", flat=True))))
        bureau = model.objects.exclude(pk__in=all_owned.values("pk"))
        candidates = model.objects.filter(Q(pk__in=rows.values("pk")) | Q(pk__in=bureau.values("pk")))
        for user in users:
            candidates = candidates.exclude(pk__in=model.objects.visible_to(user).values("pk"))
            if model is not type(school_b):
                # A row a visible row points at is its context, not a secret: the teacher named in a school's own
                # past posting, the heading above a task of the school. School B itself stays secret.
                for other, fk in _foreign_keys_to(model):
                    pointed = other.objects.visible_to(user).filter(**{f"{fk.attname}__isnull": False})
                    candidates = candidates.exclude(pk__in=pointed.values(fk.attname))  # no NULL in NOT IN
        secret = sorted(candidates.values_list("pk", flat=True))
        pks[model] = secret
        owned_b = set(rows.values_list("pk", flat=True))
        of_b = [pk for pk in secret if pk in owned_b]
        of_bureau = [pk for pk in secret if pk not in owned_b]
        # One row of school B and one of the bureau when both exist (a department's follow-up is the second kind).
        picked = (of_b[:1] + of_bureau[:1]) if of_b and of_bureau else secret[:IDS_PER_MODEL]
        sample[model] = picked
        max_pk[model] = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        fields = marked_fields(model)
        if secret and fields:
            model.objects.filter(pk__in=secret).update(**{name: _marked(model, name) for name in fields})
    name = school_b.name
    forbidden = [MARKER, school_b.code]
    # The name is a clue only when no school the roles may see has it inside its own name.
    if not any(name in other for other in other_names):
        forbidden.append(name)
    secrets = Secrets(school=school_b, forbidden=forbidden, pks=pks, sample=sample, max_pk=max_pk)
    secrets.related = _related_ids(secrets)
    return secrets


def _foreign_keys_to(model) -> list[tuple[type, models.Field]]:
    return [(other, f) for other in owned_models() for f in other._meta.concrete_fields
            if f.is_relation and f.many_to_one and f.related_model is model]


def _related_ids(secrets: Secrets) -> dict[type, list[int]]:
    """For models without an owner (an exam, a plan, a scheme), the rows tied to the secret rows by a foreign key
    either way: the exam of B's results, the evidence of B's follow-up."""
    owned = set(secrets.pks)
    out: dict[type, list[int]] = {}
    for model in apps.get_models():
        if model in owned:
            continue
        ids: list[int] = []
        for other in owned:
            secret = secrets.pks[other]
            if not secret:
                continue
            for f in other._meta.concrete_fields:
                if f.is_relation and f.related_model is model:
                    ids += list(other.objects.filter(pk__in=secret).exclude(**{f"{f.attname}__isnull": True})
                                .values_list(f.attname, flat=True).distinct()[:IDS_PER_MODEL])
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model is other:
                    ids += list(model.objects.filter(**{f"{f.attname}__in": secret})
                                .values_list("pk", flat=True)[:IDS_PER_MODEL])
        out[model] = list(dict.fromkeys(ids))[:IDS_PER_MODEL]
    return out


def _any_ids(model) -> list[int]:
    """A row of a model tied to no secret row (reference data, a checklist): only to fill a URL."""
    return list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:1])


def fingerprint(secrets: Secrets) -> str:
    """A digest of every secret row (all concrete values and many-to-many links) and of any row of school B made
    since the sweep began."""
    digest = hashlib.sha256()
    for model, secret in secrets.pks.items():
        names = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.filter(pk__in=secret).order_by("pk").values_list(*names):
            digest.update(repr(row).encode())
        new = model.objects.filter(model.scope_q({secrets.school.pk}), pk__gt=secrets.max_pk[model])
        digest.update(repr(sorted(new.values_list("pk", flat=True))).encode())
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            source = m2m.m2m_field_name()
            links = through.objects.filter(**{f"{source}__in": secret}).order_by("pk").values_list()
            digest.update(repr(list(links)).encode())
    return digest.hexdigest()


def guarded_tables(secrets: Secrets) -> frozenset[str]:
    """The database tables ``fingerprint`` reads: each secret model's own (and its parents'), and its many-to-many
    link tables."""
    tables = set()
    for model in secrets.pks:
        tables |= {m._meta.db_table for m in (model, *model._meta.get_parent_list())}
        tables |= {m2m.remote_field.through._meta.db_table for m2m in model._meta.many_to_many}
    return frozenset(tables)


WRITE_SQL = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


def may_have_changed(queries, tables: frozenset[str]) -> bool:
    """Whether a request's SQL (a ``CaptureQueriesContext``) wrote to any of ``tables``: the fingerprint, which reads
    every secret row (most of a second per request), can change only then. Most writes the sweep tries are refused
    before any SQL; a request whose log overflowed is assumed to have written."""
    if len(queries) >= queries.connection.queries_limit:
        return True
    for query in queries.captured_queries:
        written = WRITE_SQL.match(query["sql"])
        if written and written.group(1).split(".")[-1] in tables:
            return True
    return False


# --- Filling a route's kwargs ----------------------------------------------------------------------------------

def _singular(word: str) -> str:
    for plural, single in (("ies", "y"), ("sses", "ss"), ("es", "e"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 1:
            return word[: -len(plural)] + single
    return word


def _match_model(app: str, word: str):
    """The model of ``app`` named ``word`` (or ending in it: "plan" is WorkPlan, "zone" ResponsibilityZone)."""
    word = word.replace("-", "").replace("_", "").lower()
    if not word:
        return None
    try:
        config = apps.get_app_config(app)
    except LookupError:
        return None
    names = {m._meta.model_name: m for m in config.get_models()}
    for candidate in (word, _singular(word), word.rstrip("s")):
        if candidate in names:
            return names[candidate]
    for candidate in (word, _singular(word)):
        ending = [m for n, m in names.items() if n.endswith(candidate)]
        if len(ending) == 1:
            return ending[0]
    # The API router names the same rows ("notices" are Rectification rows): use its path segments.
    return _api_segments().get((app, word))


_API_SEGMENTS: dict[tuple[str, str], type] = {}


def _api_segments() -> dict[tuple[str, str], type]:
    if not _API_SEGMENTS:
        for route in discover_routes():
            if route.is_api and route.model is not None and not route.kwargs:
                segment = route.path.rstrip("/$").split("^")[-1].replace("-", "").lower()
                _API_SEGMENTS[(route.model._meta.app_label, segment)] = route.model
    return _API_SEGMENTS


def _app_root_model(app: str, routes: list[Route]):
    """The model of an app's root page ("quality/" lists exams): the model its name starts with."""
    for route in routes:
        if route.app == app and not route.kwargs and route.path.count("/") == 1 and not route.is_api:
            return _match_model(app, route.name.split(":")[-1].split("_")[0])
    return None


def model_for_kwarg(route: Route, kwarg: str, routes: list[Route]):
    """The model whose pk fills ``kwarg`` of ``route``, or None when the route does not say (try every model)."""
    if kwarg.endswith("_pk") or kwarg.endswith("_id"):
        model = _match_model(route.app, kwarg[:-3]) or _match_model("org", kwarg[:-3]) or \
            _match_model("people", kwarg[:-3])
        if model is not None:
            return model
    if kwarg == "pk" and route.model is not None:
        return route.model
    id_like = kwarg == "pk" or kwarg.endswith("pk") or kwarg.endswith("_id")
    segments = route.path.replace("^", "").split("/")
    marker = next((i for i, s in enumerate(segments) if kwarg in s and ("<" in s or "(?P" in s)), None)
    if id_like and marker is not None and marker > 0:
        segment = segments[marker - 1]
        model = _match_model(route.app, segment)
        if model is not None:
            return model
        if marker == 1:  # "quality/<int:pk>/": the app's own root model
            model = _app_root_model(route.app, routes)
            if model is not None:
                return model
    if kwarg == "pk":
        token = route.name.split(":")[-1].split("_")[0]
        model = _match_model(route.app, token)
        if model is not None:
            return model
    if kwarg != "pk" and kwarg.endswith("pk"):
        # "ipk", "cpk", "bpk": the one model of the app starting with that letter that points at the route's main model.
        main = model_for_kwarg(route, "pk", routes)
        letter = kwarg[:-2]
        linked = [m for m in apps.get_app_config(route.app).get_models() if m._meta.model_name.startswith(letter)
                  and any(f.is_relation and f.related_model is main for f in m._meta.concrete_fields)]
        if len(linked) == 1:
            return linked[0]
    return None


def ids_for(model, secrets: Secrets) -> list[int]:
    if model in secrets.sample:
        return secrets.sample[model]
    return secrets.related.get(model) or _any_ids(model)


def is_secret(model, pk, secrets: Secrets) -> bool:
    """True when row ``pk`` of ``model`` is one no swept role may read, or tied to one (B's follow-up evidence)."""
    return pk in secrets.pks.get(model, ()) or pk in secrets.related.get(model, ())


def _file_targets(secrets: Secrets) -> list[dict]:
    out = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                for pk in ids_for(model, secrets):
                    out.append({"app": model._meta.app_label, "model": model._meta.model_name, "pk": pk,
                                "field": f.name})
    return out


def _string_values(kwarg: str, secrets: Secrets, specs: list[str]) -> list[str]:
    school = secrets.school
    if kwarg == "code":
        return [school.code]
    if kwarg == "spec":
        return specs
    for model, secret in secrets.pks.items():
        names = {f.name for f in model._meta.concrete_fields}
        if kwarg in names and secret:
            values = model.objects.filter(pk__in=secret).exclude(**{kwarg: ""}).values_list(kwarg, flat=True)
            return list(dict.fromkeys(values[:50]))[:1]
    return {"direction": ["up"]}.get(kwarg, ["x"])


@dataclass
class Target:
    """One URL to aim at, the model its main id was taken from (None: no id) and the row behind that id."""

    url: str
    model: type | None
    pk: int | None
    data: dict = field(default_factory=dict)  # what a write sends: a secret row of the model the route makes


def targets_for(route: Route, routes: list[Route], secrets: Secrets, specs: list[str]) -> list[Target]:
    """The URLs of ``route`` filled with the secret rows' ids (every scoped model's when the route does not say)."""
    made = _made_model(route)
    made_pk = next(iter(ids_for(made, secrets)), None) if made is not None else None
    if not route.kwargs:
        # A create page or list: a write sends school B's row (a pupil of B, a visit of B) as a new one.
        return [Target(reverse(route.name), route.model, None, row_data(made, made_pk))]
    if set(route.kwargs) >= {"app", "model", "field"}:
        return [Target(reverse(route.name, kwargs=k), apps.get_model(k["app"], k["model"]), k["pk"])
                for k in _file_targets(secrets)]
    choices: dict[str, list[tuple[object, type | None]]] = {}
    for kwarg in route.kwargs:
        model = model_for_kwarg(route, kwarg, routes)
        if model is not None:
            choices[kwarg] = [(pk, model) for pk in ids_for(model, secrets)]
        elif kwarg == "pk" or kwarg.endswith("pk") or kwarg.endswith("_id"):
            # The route does not say what it serves: every owned model's secret rows, one each (issue 18 brief).
            choices[kwarg] = [(ids[0], m) for m, ids in secrets.sample.items() if ids]
            # ... and the rows of the app's own models without an owner tied to them (the scheme of B's scores).
            choices[kwarg] += [(ids[0], m) for m, ids in secrets.related.items()
                               if ids and m._meta.app_label == route.app]
        else:
            choices[kwarg] = [(value, None) for value in _string_values(kwarg, secrets, specs)]
    out = []
    for combo in itertools.islice(itertools.product(*choices.values()), 60):
        kwargs = {k: v for k, (v, _m) in zip(choices, combo, strict=True)}
        main = dict(zip(choices, combo, strict=True)).get("pk") or combo[0]
        pk = main[0] if main[1] else None
        data = row_data(main[1], pk)
        if made is not None and made is not main[1] and made in secrets.sample:
            data = {**data, **row_data(made, made_pk)}  # "/evaluation/<scheme>/appeals/new/": an appeal of B
        out.append(Target(reverse(route.name, kwargs=kwargs), main[1], pk, data))
    return out


def _made_model(route: Route):
    """The model a route's writes make or change: the view's, else the one its name starts with (visit_new)."""
    if route.model is not None:
        return route.model
    return _match_model(route.app, route.name.split(":")[-1].split("_")[0])


# --- Plausible data for writes ---------------------------------------------------------------------------------

def _plain(value):
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def row_data(model, pk) -> dict:
    """The row as form/API data (foreign keys as ids, many-to-many as id lists), its text changed."""
    if model is None or pk is None:
        return {}
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        return {}
    data = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or isinstance(f, models.FileField):
            continue
        value = getattr(obj, f.attname)
        if value is None:
            continue
        data[f.name] = _plain(value)
        if f.name in marked_fields(model) and isinstance(value, str):
            data[f.name] = value.replace(MARKER, "") + "改"
    for m2m in model._meta.many_to_many:
        data[m2m.name] = list(getattr(obj, m2m.name).values_list("pk", flat=True))
    return data


# --- Reading bodies --------------------------------------------------------------------------------------------

def body_text(response) -> str:
    """Everything a reader sees in ``response``: the text of HTML/JSON, the XML of every part of an xlsx/docx."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                                 if name.endswith((".xml", ".rels", ".txt", ".csv")))
        except zipfile.BadZipFile:
            pass
    text = content.decode("utf-8", "replace")
    if "json" in response.get("Content-Type", ""):
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def published_ranking(response) -> bool:
    """True when ``response`` shows a published result version (a page's ``version`` in its context, an API
    answer's ``version`` with a publication time): the county-wide ranking every reader is meant to see."""
    context = getattr(response, "context", None)
    if context is not None:
        version = context.get("version") if hasattr(context, "get") else None
        is_draft = getattr(version, "is_draft", None)
        return is_draft is False and getattr(version, "published_at", None) is not None
    if "json" in response.get("Content-Type", ""):
        try:
            data = json.loads(response.content)
        except ValueError:
            return False
        return isinstance(data, dict) and bool(data.get("version")) and data.get("published_at") is not None
    return False


def found_in(text: str, secrets: Secrets) -> list[str]:
    """Each forbidden string found in ``text``, with what surrounds its first occurrence (to see what leaked)."""
    out = []
    for secret in secrets.forbidden:
        at = text.find(secret) if secret else -1
        if at >= 0:
            context = re.sub(r"\s+", " ", text[max(0, at - 80): at + len(secret) + 40])
            out.append(f"{secret!r} in …{context}…")
    return out


# --- Counting --------------------------------------------------------------------------------------------------

@dataclass
class Tally:
    """Requests made (by method and role), leaks found, models aimed at."""

    requests: Counter = field(default_factory=Counter)
    by_role: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    routes: set = field(default_factory=set)
    models_tried: set = field(default_factory=set)
    leaks: list = field(default_factory=list)

    def summary(self) -> str:
        methods = ", ".join(f"{m} {n}" for m, n in sorted(self.requests.items()))
        roles = ", ".join(f"{r} {n}" for r, n in sorted(self.by_role.items()))
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return (f"scope sweep: {sum(self.requests.values())} requests on {len(self.routes)} routes ({methods}); "
                f"by role: {roles}; statuses: {statuses}; models aimed at: {len(self.models_tried)}; "
                f"leaks: {len(self.leaks)}")

