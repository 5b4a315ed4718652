# Import and export pages; names land in the "core" namespace (core:import_start, core:export …).
urlpatterns = []
