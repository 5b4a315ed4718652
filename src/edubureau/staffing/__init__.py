"""人事 (teacher affairs, issue 11): 编制 and shortages, 交流轮岗, 岗位等级晋升, 请销假, 师德 and 继续教育.

The computations are pure engines in ``staffing.engine`` (no Django); the Django app (models, pages, API) builds
on ``people.Staff`` and the follow-up life cycle in ``core``.
"""
