"""Serializers of the evaluation API: a scheme's head, its categories and published versions, and its definition."""

from rest_framework import serializers

from edubureau.core.api.serializers import BaseModelSerializer

from .. import engine, services
from ..models import Scheme

__all__ = ["SchemeSerializer"]


class SchemeSerializer(BaseModelSerializer):
    categories = serializers.SerializerMethodField(help_text="考核类别（标识、名称、调整的权重）")
    versions = serializers.SerializerMethodField(help_text="已发布的结果版本")
    definition = serializers.SerializerMethodField(help_text="方案全文：指标树、权重、换算规则、捆绑考核、等次规则")

    class Meta:
        model = Scheme
        fields = ["id", "url", "display", "year", "title", "status", "total", "weighting", "grade_mode", "grade_bands",
                  "appeal_until", "categories", "versions", "definition", "created", "updated"]

    def get_categories(self, obj) -> list[dict]:
        return [{"key": c.key, "title": c.title, "weights": c.weights} for c in obj.categories.all()]

    def get_versions(self, obj) -> list[dict]:
        return [{"version": v.version, "published_at": v.published_at, "final": v.final, "note": v.note}
                for v in obj.versions.filter(version__gt=0).order_by("version")]

    def get_definition(self, obj) -> dict:
        return engine.scheme_to_dict(services.to_engine(obj))
