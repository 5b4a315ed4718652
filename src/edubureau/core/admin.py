from django.contrib import admin

from .models import ImportJob, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "department", "zone", "school"]
    list_filter = ["role"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["spec", "filename", "user", "status", "total", "created"]
    list_filter = ["status", "spec"]
