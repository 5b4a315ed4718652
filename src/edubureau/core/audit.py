"""Audit: every create, update and delete of a registry record keeps who, when and what changed.

django-auditlog does the storing (with the request user through its middleware); apps list their
models here once, from ``AppConfig.ready``.
"""

from auditlog.context import auditlog_value
from auditlog.registry import auditlog

# Personal identifiers are stored once, in the record itself; the audit trail keeps them masked.
MASKED_FIELDS = ("id_number",)


def register_audited(*models, exclude_fields=("created", "updated")):
    for model in models:
        if auditlog.contains(model):
            continue
        field_names = {f.name for f in model._meta.concrete_fields}
        auditlog.register(
            model,
            exclude_fields=list(exclude_fields),
            mask_fields=[name for name in MASKED_FIELDS if name in field_names],
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
