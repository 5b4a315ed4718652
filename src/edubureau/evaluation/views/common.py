"""What the 学校考核 pages share: is the user a school, may they design, the scheme they may read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from edubureau.core.scope import can_write, scope_for

from ..models import EvaluatorScore, Scheme


def _is_school(user) -> bool:
    return scope_for(user).role == "school"


def may_design(user) -> bool:
    """The department writing "evaluation": designs, imports the third party's values, keeps the figures."""
    return can_write(user, Scheme)


def may_score(user) -> bool:
    """A member of the 考核组 (evaluators write scores)."""
    return can_write(user, EvaluatorScore)


def _require_design(user):
    if not may_design(user):
        raise PermissionDenied(_("只有负责学校考核的科室可以修改考核方案。"))


def _scheme(request, pk) -> Scheme:
    return get_object_or_404(Scheme.objects.visible_to(request.user), pk=pk)
