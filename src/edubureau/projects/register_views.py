"""The 建设项目 registers as registry pages (list with search, filters, export and import; detail; edit; delete;
history). A project's detail page is its own (stages, payments, budget by source, follow-ups)."""

from edubureau.core.generic import registry_pages

from . import forms, tables
from .models import Payment, Project, Stage
from .views import ProjectView, StageView

__all__ = ["register_urls"]


def register_urls() -> list:
    return [
        *registry_pages("list", Project, tables.ProjectTable, forms.ProjectForm, related=("school",),
                        detail=ProjectView),
        *registry_pages("stages", Stage, tables.StageTable, forms.StageForm, related=("project",), detail=StageView),
        *registry_pages("payments", Payment, tables.PaymentTable, forms.PaymentForm, related=("project",)),
    ]
