"""Base form of the registry pages: Bootstrap widgets, date pickers, and choice lists within the user's scope."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core.concurrency import ConcurrencyFormMixin
from edubureau.core.picklist import use_pick_list
from edubureau.core.scope import claim_for_home_region, locked_fields

__all__ = ["BaseModelForm", "DateInput", "bootstrapify"]


class DateInput(forms.DateInput):
    """The browser's own date picker (``type=date`` wants ISO dates)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def bootstrapify(form) -> None:
    """Give every widget of ``form`` its Bootstrap 5 class."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = "eb-checks"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        existing = widget.attrs.get("class", "").split()
        if css and css not in existing:
            widget.attrs["class"] = " ".join([*existing, css])


def restrict_choices(form, user) -> None:
    """Offer in every choice list of related rows only what ``user`` may read (``visible_to``).

    A school administrator never sees another school, nor a county user the other county's zones, schemes or
    groups (issue 16). Call it at the end of a form's ``__init__``, once its querysets are set.
    """
    for field in form.fields.values():
        choices = getattr(field, "queryset", None)
        if choices is not None and hasattr(choices, "visible_to"):
            # Labels often name a related row (a class is "<school> <name>"): joined, not one query per
            # choice (issue 16), as the list filters do (core.generic.list.trim_choice_filters).
            field.queryset = choices.visible_to(user).select_related()
            use_pick_list(field)  # schools, classes, staff, pupils: searched as the user types (issue 17)


class BaseModelForm(ConcurrencyFormMixin, forms.ModelForm):
    """Every add/edit form of the registry.

    Choice lists of related rows (school, class, staff …) offer only what ``user`` may read, so a
    school administrator is never shown — nor able to pick — another school. An edit form carries
    the record's version and refuses a save from a stale copy (``core.concurrency``, issue 18).
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk is not None:
            # Shown, but not changeable: the bureau keeps these (core.scope.locked_fields).
            for name in locked_fields(user, self._meta.model) & set(self.fields):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("由教育局统一维护，学校不能修改")
        restrict_choices(self, user)
        claim_for_home_region(user, self.instance)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                field.widget = DateInput(attrs=field.widget.attrs)
        bootstrapify(self)

    def full_clean(self):
        super().full_clean()
        # Red borders on the fields that need correcting (Bootstrap's is-invalid).
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "is-invalid"])

    def save_related(self, instance) -> None:
        """Save what belongs with ``instance`` once it has a primary key (many-to-many, first posting …)."""
        self.save_m2m()
