"""Webhook signature checks for Twilio and Meta, as pure functions.

Both platforms sign every webhook with a secret only they and the clinic know, so a
request whose signature does not match did not come from them and must be refused
before anything in it is read. Twilio's check is Twilio's own `RequestValidator`
(its algorithm, the URL with and without its port, a compare whose time does not
depend on how much of a forged signature matched). Meta publishes no such library,
so its SHA-256 check is written here, compared with `hmac.compare_digest`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence

from sanic.request import RequestParameters
from twilio.request_validator import RequestValidator

HUB_SIGNATURE_PREFIX = "sha256="


def is_valid_twilio_signature(
    auth_token: str,
    url: str,
    params: Mapping[str, Sequence[str]],
    signature: str | None,
) -> bool:
    """Whether `signature` is Twilio's for a form POST of `params` to `url`.

    Twilio signs every value of a repeated parameter; its validator reads them with
    `getlist`, which Sanic's `RequestParameters` (a dict of lists) provides.
    """
    if not signature:
        return False
    validator = RequestValidator(auth_token)
    return bool(validator.validate(url, RequestParameters(params), signature))


def hub_signature_256(app_secret: str, body: bytes) -> str:
    """The `X-Hub-Signature-256` header Meta sends: `sha256=` + HMAC-SHA256 hex."""
    digest = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return HUB_SIGNATURE_PREFIX + digest


def is_valid_hub_signature(app_secret: str, body: bytes, header: str | None) -> bool:
    """Whether `header` is Meta's signature of the raw request `body`."""
    if not header:
        return False
    return _same(hub_signature_256(app_secret, body), header.strip())


def _same(expected: str, given: str) -> bool:
    """Constant-time equality; as bytes, since a forged header may not be ASCII."""
    return hmac.compare_digest(expected.encode(), given.encode())
