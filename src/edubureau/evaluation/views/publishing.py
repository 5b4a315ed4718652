"""Recompute the draft and publish a version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import PublishForm
from .common import _require_design, _scheme

# ---- compute, publish -----------------------------------------------------------------------------------------------

@login_required
@require_POST
def recompute(request, pk):
    scheme = _scheme(request, pk)
    _require_design(request.user)
    try:
        draft = services.recompute(scheme, request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        n = len(draft.result_json.get("schools", []))
        messages.success(request, _("已重新计算草稿：{n}所学校（业务数据已按当前取数）。").format(n=n))
    return redirect(scheme)


@login_required
@require_POST
def publish(request, pk):
    scheme = _scheme(request, pk)
    _require_design(request.user)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = services.publish(scheme, request.user, final=form.cleaned_data["final"],
                                       note=form.cleaned_data["note"])
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("已发布第{v}版结果；此后修改评分只影响草稿，不改变已发布的版本。").format(
                v=version.version))
    return redirect(scheme)
