"""Signed statements (xAPI 1.0.3 Data 2.6): the JWS in a signature attachment must match the statement."""

import base64
import json

import jwt
from cryptography import x509

from .validation import SIGNATURE_USAGE, StatementInvalid

ALGORITHMS = ("RS256", "RS384", "RS512")


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def signature_check(*, statement: dict, jws: bytes, path: str = "statement") -> None:
    """Raise StatementInvalid unless `jws` is a compact JWS (RS256/384/512) whose payload equals `statement`.

    When the JWS header carries an X.509 chain (x5c), the signature is verified with the first certificate's key.
    """
    from .services import statement_comparable

    try:
        text = jws.decode("ascii").strip()
        header_b64, payload_b64, _signature = text.split(".")
        header = json.loads(_b64decode(header_b64))
        payload = json.loads(_b64decode(payload_b64))
    except (UnicodeDecodeError, ValueError):
        raise StatementInvalid(f"{path}.attachments: the signature is not a JWS in compact serialization")
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise StatementInvalid(f"{path}.attachments: the JWS algorithm must be RS256, RS384 or RS512")
    if not isinstance(payload, dict):
        raise StatementInvalid(f"{path}.attachments: the JWS payload must be the signed statement")
    if "x5c" in header:
        try:
            der = base64.b64decode(header["x5c"][0])
            key = x509.load_der_x509_certificate(der).public_key()
            jwt.PyJWS().decode(text, key=key, algorithms=[header["alg"]])
        except Exception:
            raise StatementInvalid(f"{path}.attachments: the JWS signature does not verify with its x5c certificate")
    original = dict(statement)
    attachments = [a for a in statement.get("attachments") or [] if a.get("usageType") != SIGNATURE_USAGE]
    if attachments:
        original["attachments"] = attachments
    else:
        original.pop("attachments", None)
    for key in ("id", "timestamp"):
        if key not in payload:
            original.pop(key, None)
    signed = dict(payload)
    if signed.get("object", {}).get("objectType") is None and isinstance(signed.get("object"), dict):
        signed["object"] = {**signed["object"], "objectType": "Activity"}
    try:
        from .services import _normalise

        signed = _normalise(json.loads(json.dumps(signed)))
        same = statement_comparable(signed) == statement_comparable(original)
    except (KeyError, TypeError, AttributeError, StatementInvalid):
        same = False
    if not same:
        raise StatementInvalid(f"{path}.attachments: the JWS payload does not match the statement it signs")
