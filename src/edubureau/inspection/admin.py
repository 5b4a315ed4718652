"""Django admin of 督导 (for the system administrator; the 督导室 works in the pages)."""

from django.contrib import admin

from .models import (
    BlockedDay,
    Checklist,
    ChecklistItem,
    Finding,
    Inspector,
    PlannedVisit,
    PlanRun,
    QuotaRule,
    Rectification,
    ResponsibilityZone,
    Visit,
)


class ItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "active"]
    inlines = [ItemInline]


@admin.register(Inspector)
class InspectorAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "employment", "weekly_visits"]


@admin.register(ResponsibilityZone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "term"]
    list_filter = ["term"]
    filter_horizontal = ["inspectors", "schools"]


@admin.register(QuotaRule)
class QuotaAdmin(admin.ModelAdmin):
    list_display = ["kind", "visits_per_inspector_per_week", "schools_per_visit_min", "schools_per_visit_max",
                    "visits_per_school", "per", "active"]


@admin.register(BlockedDay)
class BlockedDayAdmin(admin.ModelAdmin):
    list_display = ["day", "reason", "inspector", "note"]
    list_filter = ["reason"]


@admin.register(PlannedVisit)
class PlannedVisitAdmin(admin.ModelAdmin):
    list_display = ["day", "inspector", "kind", "term"]
    list_filter = ["kind", "term"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "status"]
    list_filter = ["kind", "status"]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["found_on", "school", "category", "severity"]
    list_filter = ["category", "severity"]


@admin.register(Rectification)
class RectificationAdmin(admin.ModelAdmin):
    list_display = ["number", "followup"]


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin):
    list_display = ["term", "created", "status", "accepted"]
    readonly_fields = ["result"]
