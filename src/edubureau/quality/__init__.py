"""学业质量监测: exam score analysis (三率一分, item analysis, value-added) for the county (issue 5)."""
