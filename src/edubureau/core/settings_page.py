"""A module's settings page (人事设置, 学生工作设置, 招生设置): the fields in groups, editable by those who may change
them and read-only to everybody else, saved with the version check (``settings_row.save_settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from .concurrency import ConcurrencyFormMixin
from .forms import bootstrapify
from .settings_row import save_settings

__all__ = ["SettingsPage", "SettingsRowForm"]


class SettingsRowForm(ConcurrencyFormMixin, forms.ModelForm):
    """The settings row's form; ``readonly`` shows every field disabled (the reader sees the rules in force)."""

    def __init__(self, *args, readonly=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_fields()
        for each in self.fields.values():
            each.disabled = readonly
        bootstrapify(self)

    def add_fields(self) -> None:
        """Fields beyond the model's (a page's table of shares): added before the form is made read-only."""


@dataclass(frozen=True)
class SettingsPage:
    """One settings page: its form, groups of field names, template and words; ``handle`` answers the request."""

    form: type[SettingsRowForm]
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    template: str
    title: str
    refused: str  # why a POST from a reader is refused
    saved: str  # what the saving user is told
    url_name: str
    extra: dict = field(default_factory=dict)

    def render(self, request, form, writable, status=200, **context):
        groups = [(title, [form[name] for name in names]) for title, names in self.groups]
        return render(request, self.template, {"title": self.title, "form": form, "groups": groups,
                                               "writable": writable, "saved": form.instance, **self.extra, **context},
                      status=status)

    def handle(self, request, current, writable: bool, context=lambda form: {}):
        if request.method != "POST":
            form = self.form(instance=current, readonly=not writable)
            return self.render(request, form, writable, **context(form))
        if not writable:
            raise PermissionDenied(self.refused)
        form = self.form(request.POST, instance=current)
        if not form.is_valid():
            return self.render(request, form, writable, status=400, **context(form))
        save_settings(request, form)
        messages.success(request, self.saved)
        return redirect(self.url_name)
