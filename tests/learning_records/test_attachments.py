"""Attachments sent as multipart/mixed (SHA-2 checked) and signed statements (JWS), xAPI 1.0.3 Data 2.4.11 / 2.6."""

import base64
import datetime
import hashlib
import json

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from .conftest import statement

SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
BOUNDARY = "xapi-boundary-1"


def multipart(statements, parts, *, transfer="binary"):
    chunks = [
        f"--{BOUNDARY}\r\nContent-Type: application/json\r\n\r\n".encode(),
        json.dumps(statements).encode(),
        b"\r\n",
    ]
    for content_type, content, declared in parts:
        chunks.append(f"--{BOUNDARY}\r\nContent-Type: {content_type}\r\n".encode())
        if transfer:
            chunks.append(f"Content-Transfer-Encoding: {transfer}\r\n".encode())
        chunks.append(f"X-Experience-API-Hash: {declared}\r\n\r\n".encode())
        chunks.append(content + b"\r\n")
    chunks.append(f"--{BOUNDARY}--".encode())
    return b"".join(chunks)


def attachment_for(content: bytes, usage="http://example.gov.uk/attachments/certificate", content_type="text/plain"):
    return {
        "usageType": usage,
        "display": {"en-GB": "Certificate"},
        "contentType": content_type,
        "length": len(content),
        "sha2": hashlib.sha256(content).hexdigest(),
    }


def post_multipart(lrs, body):
    return lrs.post("/xapi/statements", body, content_type=f'multipart/mixed; boundary="{BOUNDARY}"')


def test_attachment_is_stored_and_returned_with_attachments_true(lrs):
    content = b"Certificate of completion"
    data = statement(attachments=[attachment_for(content)])
    response = post_multipart(lrs, multipart(data, [("text/plain", content, hashlib.sha256(content).hexdigest())]))
    assert response.status_code == 200, response.content
    got = lrs.get("/xapi/statements", {"statementId": data["id"], "attachments": "true"})
    assert got["Content-Type"].startswith("multipart/mixed")
    assert content in got.content
    assert hashlib.sha256(content).hexdigest().encode() in got.content
    plain = lrs.get("/xapi/statements", {"statementId": data["id"]})
    assert plain["Content-Type"] == "application/json"


def test_part_whose_content_does_not_match_its_hash_is_400(lrs):
    content = b"real"
    data = statement(attachments=[attachment_for(content)])
    body = multipart(data, [("text/plain", b"tampered", hashlib.sha256(content).hexdigest())])
    assert post_multipart(lrs, body).status_code == 400
    assert lrs.get("/xapi/statements", {"statementId": data["id"]}).status_code == 404


def test_missing_part_or_extra_part_is_400(lrs):
    content = b"real"
    data = statement(attachments=[attachment_for(content)])
    assert post_multipart(lrs, multipart(data, [])).status_code == 400
    other = b"other"
    extra = multipart(
        data,
        [
            ("text/plain", content, hashlib.sha256(content).hexdigest()),
            ("text/plain", other, hashlib.sha256(other).hexdigest()),
        ],
    )
    assert post_multipart(lrs, extra).status_code == 400


def test_part_without_hash_header_or_with_other_encoding_is_400(lrs):
    content = b"real"
    data = statement(attachments=[attachment_for(content)])
    assert (
        post_multipart(
            lrs, multipart(data, [("text/plain", content, hashlib.sha256(content).hexdigest())], transfer="base64")
        ).status_code
        == 400
    )
    # Communication 1.5.2: every part after the first MUST have Content-Transfer-Encoding: binary.
    without_encoding = multipart(data, [("text/plain", content, hashlib.sha256(content).hexdigest())], transfer=None)
    assert post_multipart(lrs, without_encoding).status_code == 400
    body = multipart(data, []).replace(
        f"--{BOUNDARY}--".encode(), f"--{BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nreal\r\n--{BOUNDARY}--".encode()
    )
    assert post_multipart(lrs, body).status_code == 400


def test_first_part_must_be_json(lrs):
    body = f"--{BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{BOUNDARY}--".encode()
    assert post_multipart(lrs, body).status_code == 400


# --- Signed statements -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def signer():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Course supplier")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    x5c = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()
    return key, x5c


def sign(key, payload: dict, x5c=None, algorithm="RS256") -> bytes:
    headers = {"x5c": [x5c]} if x5c else None
    return jwt.PyJWS().encode(json.dumps(payload).encode(), key, algorithm=algorithm, headers=headers).encode()


def signed_post(lrs, data, jws):
    data = {**data, "attachments": [attachment_for(jws, usage=SIGNATURE, content_type="application/octet-stream")]}
    return post_multipart(lrs, multipart(data, [("application/octet-stream", jws, hashlib.sha256(jws).hexdigest())]))


def test_a_correctly_signed_statement_is_accepted(lrs, signer):
    key, x5c = signer
    data = statement()
    assert signed_post(lrs, data, sign(key, data, x5c)).status_code == 200


def test_signature_over_different_content_is_400(lrs, signer):
    key, x5c = signer
    data = statement()
    other = {**data, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"}}
    assert signed_post(lrs, data, sign(key, other, x5c)).status_code == 400


def test_signature_that_does_not_verify_with_its_certificate_is_400(lrs, signer):
    _, x5c = signer
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    data = statement()
    assert signed_post(lrs, data, sign(impostor, data, x5c)).status_code == 400


def test_signature_with_a_non_rsa_algorithm_or_not_a_jws_is_400(lrs):
    data = statement()
    hmac_jws = (
        jwt.PyJWS()
        .encode(json.dumps(data).encode(), "shared-secret-long-enough-for-hs256!", algorithm="HS256")
        .encode()
    )
    assert signed_post(lrs, data, hmac_jws).status_code == 400
    assert signed_post(lrs, statement(), b"not a jws").status_code == 400
