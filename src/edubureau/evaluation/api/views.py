"""Read-only API of 学校考核: schemes, the ranking of a version, a school's report card.

Scope (issue 7): a school sees the published ranking (ranks, totals, grades of the county) and its own card with
the trail, never another school's card, and nothing of a draft; the evaluating department sees the draft
too (``version=0``; issue 18: nobody else).
Scores are written through the pages (evaluators, the third party's workbook), so the API only reads.
"""

import dataclasses

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from edubureau.core.api.viewsets import BaseViewSet
from edubureau.core.scope import scope_for
from edubureau.org.models import School

from .. import services
from ..drafts import may_see_drafts
from ..engine.report import ranking_rows, report_card
from ..models import Scheme
from . import serializers

__all__ = ["SchemeViewSet"]


def _plain(x):
    """The card as JSON data (its trail steps are dataclasses)."""
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return _plain(dataclasses.asdict(x))
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    return x

VERSION = OpenApiParameter("version", OpenApiTypes.INT,
                           description="结果版本（0 为草稿，仅考核科室可见；默认最新发布版）")


class SchemeViewSet(BaseViewSet):
    """考核方案; ``ranking/``: the ranking of a version by category; ``cards/{code}/``: one school's report card."""

    http_method_names = ["get", "head", "options"]
    queryset = Scheme.objects.prefetch_related("categories")
    serializer_class = serializers.SchemeSerializer
    ordering_fields = ("id", "year")

    def _version(self, request, scheme):
        wanted = request.query_params.get("version")
        if wanted in (None, ""):
            version = services.visible_version(request.user, scheme)
        else:
            try:
                number = int(wanted)
            except ValueError:
                raise Http404("没有该版本") from None
            version = scheme.versions.filter(version=number).first()
            if version is not None and version.is_draft and not may_see_drafts(request.user):  # issue 18
                version = None
        if version is None:
            raise Http404("没有可查看的考核结果")
        return version

    @extend_schema(parameters=[VERSION], responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def ranking(self, request, pk=None):
        scheme = self.get_object()
        version = self._version(request, scheme)
        result = services.result_of(version)
        return Response({
            "scheme": scheme.pk, "year": scheme.year, "version": version.version, "final": version.final,
            "published_at": version.published_at,
            "branches": [n.title for n in result.scheme.indicators if n.kind == "normal"],
            "categories": [{"key": c.key, "title": c.title, "rows": ranking_rows(result, c.key)}
                           for c in result.scheme.categories],
        })

    @extend_schema(parameters=[VERSION], responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path=r"cards/(?P<code>[0-9A-Za-z]{1,16})")
    def card(self, request, pk=None, code=None):
        scheme = self.get_object()
        scope = scope_for(request.user)
        school = School.objects.filter(code=code).first()
        if school is None:
            raise Http404("没有该学校")
        if not scope.all_schools and school.pk not in scope.school_ids:
            raise PermissionDenied("只能查看本校的考核成绩单")
        version = self._version(request, scheme)
        result = services.result_of(version)
        try:
            card = report_card(result, code)
        except KeyError:
            raise Http404("该学校不在本次考核中") from None
        return Response({"scheme": scheme.pk, "version": version.version, "card": _plain(card)})
