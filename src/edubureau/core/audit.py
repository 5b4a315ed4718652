"""Audit: every create, update and delete of a registry record keeps who, when and what changed.

django-auditlog does the storing (with the request user through its middleware); apps list their
models here once, from ``AppConfig.ready``.
"""

from auditlog.registry import auditlog


def register_audited(*models, exclude_fields=("created", "updated")):
    for model in models:
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=list(exclude_fields))
