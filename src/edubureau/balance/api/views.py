"""Read-only API of 均衡发展: the county's standing for a school year, cut to the reader's scope.

The CVs are always the county's (they are between schools); the school rows are only those the reader may see.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import data
from ..engine import BASIC, QUALITY, evaluate
from ..models import BalanceSettings


class StandingView(APIView):
    """差异系数 and pass/fail per level (``standard`` basic or quality, default quality; ``year`` start year)."""

    http_method_names = ["get", "head", "options"]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="学年起始年份，默认最新"),
            OpenApiParameter("standard", OpenApiTypes.STR, enum=[BASIC, QUALITY], description="评估办法"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        standard = request.query_params.get("standard", QUALITY)
        if standard not in (BASIC, QUALITY):
            return Response({"detail": "standard 须为 basic 或 quality"}, status=400)
        years = list(data.school_years())
        wanted = request.query_params.get("year")
        year = next((y for y in years if str(y.start_year) == wanted), None) if wanted else (years or [None])[0]
        if year is None:
            raise Http404("没有该学年的数据")
        result = evaluate(data.parts_for(year), standard, BalanceSettings.current().standard())
        codes = data.visible_codes(request.user)
        for level in result["levels"].values():
            level["schools"] = [s for s in level["schools"] if s["code"] in codes]
            # Which schools sink an indicator is school-level too: only those the reader may see are named.
            for indicator in level["indicators"].values():
                short = indicator.get("short_schools") or []
                indicator["short_schools"] = [c for c in short if c in codes]
                indicator["short_schools_count"] = len(short)
        return Response({"year": year.start_year, **result})
