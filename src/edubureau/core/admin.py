from django.contrib import admin

from .models import ImportJob, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "department", "zone", "school", "staff"]
    list_filter = ["role"]
    # A teacher's login is bound to one of tens of thousands of staff: picked by id, not from a drop-down.
    raw_id_fields = ["staff"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["spec", "filename", "user", "status", "total", "created"]
    list_filter = ["status", "spec"]
