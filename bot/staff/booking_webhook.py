"""POST /api/bookings: the booking system says which screenings were booked.

The booking link carried the screening's opaque `ref` to the booking system
(bot/screening/booking.py); the booking system posts it back when the patient
books:

    POST /api/bookings
    X-Signature-256: sha256=<hex HMAC-SHA256 of the body, keyed with
                     BOOKING_WEBHOOK_SECRET>
    {"refs": ["Zk3...", "..."]}          (or {"ref": "Zk3..."})

and gets `{"booked": 1, "already": 0, "unknown": 0}`. The signature, not a staff
login, authenticates it (so it is exempt from the login and from CSRF); without
BOOKING_WEBHOOK_SECRET the route answers 404, as if it did not exist. Posting the
same ref again changes nothing, so a retried delivery is harmless. A CSV export of
the booking system does the same from the command line: `python -m bot bookings
import FILE.csv`.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from bot.staff.services import services

bp = Blueprint("booking_webhook", __name__)
SIGNATURE_HEADER = "X-Signature-256"
MAX_REFS = 1000
BAD_BODY = f'send JSON {{"refs": [...]}} with 1 to {MAX_REFS} refs, or {{"ref": "..."}}'


def signature(secret: str, body: bytes) -> str:
    """The header value the booking system sends for `body`."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


@bp.post("/api/bookings")
def receive() -> ResponseReturnValue:
    secret = current_app.config["BOOKING_WEBHOOK_SECRET"]
    if not secret:
        abort(404)
    body = request.get_data()
    sent = request.headers.get(SIGNATURE_HEADER, "")
    if not hmac.compare_digest(sent.encode(), signature(secret, body).encode()):
        return _error(401, f"{SIGNATURE_HEADER} is missing or does not match the body")
    refs = _refs(request.get_json(force=True, silent=True))
    if refs is None:
        return _error(400, BAD_BODY)
    result = services().bookings.mark_booked(refs)
    return jsonify(booked=result.booked, already=result.already, unknown=result.unknown)


def _refs(payload: Any) -> list[str] | None:
    if not isinstance(payload, dict):
        return None
    refs = payload.get("refs", [payload["ref"]] if "ref" in payload else None)
    if not isinstance(refs, list) or not 0 < len(refs) <= MAX_REFS:
        return None
    if not all(isinstance(ref, str) and 0 < len(ref) <= 64 for ref in refs):
        return None
    return refs


def _error(status: int, message: str) -> ResponseReturnValue:
    return jsonify(error=message), status
