"""Django admin of 学校考核 (for the system administrator; the department works in the pages)."""

from django.contrib import admin

from .models import Appeal, Bundle, Category, EvaluatorScore, FigureSnapshot, Indicator, ResultVersion, Scheme


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["position", "key", "title", "school_kinds", "localities", "weights"]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "status", "appeal_until"]
    list_filter = ["year", "status"]
    inlines = [CategoryInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "scheme", "kind", "source", "max_score", "weight"]
    list_filter = ["scheme", "kind", "source"]
    search_fields = ["code", "title"]


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scheme", "lead", "share"]
    raw_id_fields = ["lead"]
    filter_horizontal = ["members"]


@admin.register(EvaluatorScore)
class EvaluatorScoreAdmin(admin.ModelAdmin):
    list_display = ["school", "indicator", "evaluator", "score"]
    list_filter = ["scheme"]
    list_select_related = ["school", "indicator", "evaluator"]


@admin.register(FigureSnapshot)
class FigureSnapshotAdmin(admin.ModelAdmin):
    list_display = ["school", "key", "value", "manual"]
    list_filter = ["scheme", "key", "manual"]


@admin.register(ResultVersion)
class ResultVersionAdmin(admin.ModelAdmin):
    list_display = ["scheme", "version", "final", "computed_at", "published_at"]
    readonly_fields = ["scheme_json", "inputs_json", "result_json"]


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["school", "indicator", "scheme", "decided_score"]
    list_select_related = ["school", "indicator", "scheme"]
