"""Dates as the bureau writes them (issue 17): 2025年9月1日 wherever Django formats a date (``{{ d|date }}``, form
widgets' display, django-tables2's DateColumn/DateTimeColumn), not Django's own choices for the locale
(MONTH_DAY_FORMAT "m月j日" gives 09月1日)."""

DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
FIRST_DAY_OF_WEEK = 1  # 星期一
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d"]
DECIMAL_SEPARATOR = "."
# No automatic separator (Django's own for zh-Hans): {{ year }} must stay 2026, also in a link's query string;
# the statistical tables' 1,234 is asked for explicitly (|cnnum, core.formatting).
THOUSAND_SEPARATOR = ""
NUMBER_GROUPING = 4
