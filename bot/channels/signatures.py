"""Webhook signature checks for Twilio and Meta, as pure functions.

Both platforms sign every webhook with a secret only they and the clinic know, so a
request whose signature does not match did not come from them and must be refused
before anything in it is read. Comparisons are constant-time (`hmac.compare_digest`)
so the time a check takes says nothing about how much of a forged signature matched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit, urlunsplit

HUB_SIGNATURE_PREFIX = "sha256="
_DEFAULT_PORTS = {"https": 443, "http": 80}


def twilio_signature(
    auth_token: str, url: str, params: Mapping[str, Sequence[str]]
) -> str:
    """The `X-Twilio-Signature` Twilio computes for a form POST to `url`.

    Twilio's algorithm: the full URL it requested, then every POST parameter sorted by
    name (each name's values sorted too) appended as name+value, HMAC-SHA1 with the
    account's auth token, base64. Repeated identical values count once, as in Twilio's
    own `RequestValidator`.
    """
    signed = url + "".join(
        name + value for name in sorted(params) for value in sorted(set(params[name]))
    )
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def is_valid_twilio_signature(
    auth_token: str,
    url: str,
    params: Mapping[str, Sequence[str]],
    signature: str | None,
) -> bool:
    """Whether `signature` is Twilio's for this request.

    Twilio signs some requests with the port in the URL and some without, so, like
    Twilio's own validator, both spellings of `url` are accepted.
    """
    if not signature:
        return False
    return any(
        _same(twilio_signature(auth_token, candidate, params), signature)
        for candidate in _port_variants(url)
    )


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


def _port_variants(url: str) -> tuple[str, str]:
    """`url` without its port and with it (the scheme's default port if none)."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit(":", 1)[0] if parts.port else parts.netloc
    port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)
    without_port = urlunsplit(parts._replace(netloc=host))
    with_port = urlunsplit(parts._replace(netloc=f"{host}:{port}"))
    return without_port, with_port
