"""JSON text on the statement ingest path: orjson where it gives the standard library's answer, faster.

Parsing and serialising statements was a quarter of a gunicorn worker's time under the ingest benchmark. orjson
does it several times faster. Where it would answer differently the standard library decides: text orjson
refuses (integers beyond 64 bits when writing, unpaired surrogate escapes) and text with long runs of digits
(orjson reads an integer beyond 64 bits as a float, losing digits). NaN, Infinity and numbers too large for a
float, which are not JSON, are refused either way; the standard library used to accept them, and the statement
then failed to store or was stored as text no JSON reader accepts.
"""

import json
import math
import re

import orjson

# A run of 19 digits anywhere (even inside a string, which costs only speed) sends the text to the standard library.
_LONG_DIGITS = re.compile(r"[0-9]{19}")
_LONG_DIGITS_BYTES = re.compile(rb"[0-9]{19}")


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range for a number")
    return value


def loads(text: bytes | str):
    """Parse JSON text; raises ValueError (or UnicodeDecodeError) when it is not JSON."""
    long_digits = _LONG_DIGITS_BYTES if isinstance(text, bytes) else _LONG_DIGITS
    if not long_digits.search(text):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)


def dumps(value, *, sort_keys: bool = False) -> str:
    """Serialise to JSON text (control characters escaped, so U+0000 appears as the six characters \\u0000)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(value, sort_keys=sort_keys, allow_nan=False)
