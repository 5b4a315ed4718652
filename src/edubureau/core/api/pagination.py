"""Pagination of API lists: ``limit``/``offset`` with bounds, so no client number reaches SQL unchecked."""

from rest_framework.pagination import LimitOffsetPagination

__all__ = ["Pagination"]


class Pagination(LimitOffsetPagination):
    """Pages of 50 by default, at most 200 rows a page.

    A bigger ``limit`` is cut to 200 (issue 18: ``?limit=1000`` of exam results held a worker for seconds);
    a client pages on with ``next``.
    """

    default_limit = 50
    max_limit = 200
    # An offset past the biggest register is an empty page anyway; a bigger one would overflow SQL integers.
    max_offset = 10**9

    def get_offset(self, request):
        return min(super().get_offset(request), self.max_offset)
