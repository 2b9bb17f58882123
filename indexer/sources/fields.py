"""Normalising field values as editors write them (strings, lists, YAML dates) in any source format."""

from __future__ import annotations

import re
from datetime import date, datetime


def optional_str(value) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def date_str(value) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return optional_str(value)


def as_list(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,;]", value) if part.strip()]
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]
