"""Excel in and out for every registry (templates, imports with dry run, exports)."""
