"""The tools of a department's hand-written list page (issue 17): a keyword search, and the Excel export of the
rows as filtered on screen, with the print button beside them.

The registry lists get these from ``core.generic.list``; the lists that are pages of their own (限期办理事项, 整改通知,
督导记录, 难点问题, 考核申诉, 导入记录) declare their columns once and call :func:`export_or` ::

    COLUMNS = [ListColumn(_("学校"), lambda fu: fu.school, 20), ...]
    rows = keyword_search(rows, search_text(request), ("title", "school__name"))
    if wants_xlsx(request):
        return list_xlsx(_("整改通知"), COLUMNS, rows)

and include ``generic/_list_tools.html`` (search box, 导出Excel with the current filters, 打印).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from .filtersets import keyword_search
from .generic.display import cn_date
from .io import writer

__all__ = ["EXPORT_ROW_CAP", "XLSX", "ListColumn", "keyword_search", "list_tools", "list_xlsx", "search_text",
           "wants_xlsx", "xlsx_response"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A list export is for reading and sorting in Excel; a city's 100,000 follow-ups still fit one sheet comfortably.
EXPORT_ROW_CAP = 200_000
MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True)
class ListColumn:
    """One column of an exported list: its header, the value of a row (a date stays a date), its width."""

    title: Any
    value: Callable[[Any], Any]
    width: int = 14


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook download; the Chinese filename travels RFC 5987-encoded (filename*=utf-8'')."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def search_text(request) -> str:
    """The ``?q=`` of the page, trimmed (a pasted paragraph is cut, not an error)."""
    return request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def _cell(value):
    if value is None or isinstance(value, bool | int | float | str) or hasattr(value, "isoformat"):
        return value
    return str(value)


def list_xlsx(name: str, columns: Sequence[ListColumn], rows: Iterable) -> Any:
    """The response that downloads ``rows`` as ``{name}_20261205.xlsx``, titled with the day of the export."""
    today = timezone.localdate()
    values = ([_cell(column.value(row)) for column in columns] for index, row in enumerate(rows)
              if index < EXPORT_ROW_CAP)
    title = _("{name}（{day}导出）").format(name=name, day=cn_date(today))
    content = writer.list_workbook(title, [(str(c.title), c.width) for c in columns], values)
    return xlsx_response(content, f"{name}_{today:%Y%m%d}.xlsx")


def list_tools(request, search_hint: str = "") -> dict:
    """The context of ``generic/_list_tools.html``: the search text, the filters to keep, the export's query."""
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    without_search = query.copy()
    without_search.pop("q", None)
    return {
        "search": search_text(request),
        "keep": [(name, value) for name, values in without_search.lists() for value in values],
        "export_query": query.urlencode(),
        "query_without_search": without_search.urlencode(),
        "search_hint": search_hint,
    }
