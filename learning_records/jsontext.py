"""JSON text on the statement ingest path: orjson where it gives the standard library's answer, faster.

Parsing and serialising statements was a quarter of a gunicorn worker's time under the ingest benchmark. orjson
does it several times faster; where it refuses something the standard library accepts (integers beyond 64 bits,
strings with unpaired surrogate escapes) the standard library decides, so what the LRS accepts and stores does
not change. NaN and Infinity, which are not JSON, are refused either way (the standard library accepted them
and the statement then failed to store, or stored as text no JSON reader accepts).
"""

import json

import orjson


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")


def loads(text: bytes | str):
    """Parse JSON text; raises ValueError (or UnicodeDecodeError) when it is not JSON."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text, parse_constant=_refuse_constant)


def dumps(value, *, sort_keys: bool = False) -> str:
    """Serialise to JSON text (control characters escaped, so U+0000 appears as the six characters \\u0000)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(value, sort_keys=sort_keys, allow_nan=False)
