"""Paging for the JSON APIs: limit/offset, with bounds so a huge number is an ordinary request, not a 500."""

from rest_framework.pagination import LimitOffsetPagination


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`limit` is at most MAX_LIMIT (a larger one gets MAX_LIMIT rows); an `offset` past MAX_OFFSET is treated as
    MAX_OFFSET, which is past the end of any list here, so the page is empty. Without the caps, a value beyond a
    64-bit integer reached the database and failed there (SQLite: "datatype mismatch")."""

    max_limit = 1000
    MAX_OFFSET = 10**9

    def get_offset(self, request):
        return min(super().get_offset(request), self.MAX_OFFSET)
