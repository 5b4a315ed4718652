"""The pure engine of 国家学生体质健康标准（2014年修订） scoring (issue 14): tables, raw values, scoring, the file.

No Django: :mod:`.standard` (tables and lookups), :mod:`.values` (the template's raw values), :mod:`.scoring`
(one pupil in plain Python, a county with polars, rates and summaries) and :mod:`.upload` (reading the national
upload template).
"""
