"""Checks every reader applies to what it parsed, so one bad record is skipped, not the whole run.

A JSON or YAML escape such as ``\\ud800`` (half of a UTF-16 pair) decodes to a string that is not
text: it cannot be written as UTF-8, and would abort hashing or indexing far from the file it came from.
"""

from __future__ import annotations

import re

SURROGATE_RE = re.compile("[\ud800-\udfff]")


def find_surrogate(value: object, path: str = "") -> str | None:
    """Where a lone surrogate sits in a parsed value (key or string), as ``title`` or ``themes[1]``;
    ``None`` when there is none. Iterative: a deeply nested value cannot exhaust the stack."""
    stack: list[tuple[object, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if SURROGATE_RE.search(item):
                return where or "the value"
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and SURROGATE_RE.search(key):
                    return f"a key of {where}" if where else "a key"
                stack.append((child, f"{where}.{key}" if where else str(key)))
        elif isinstance(item, list | tuple):
            stack.extend((child, f"{where}[{number}]") for number, child in enumerate(item))
    return None


def surrogate_reason(where: str) -> str:
    return f"a lone surrogate escape (such as \\ud800) in '{where}': not text; write the character itself"
