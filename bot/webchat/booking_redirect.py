"""GET /book/<ref>: the booking link's own address, so a click counts.

The link the bot gives goes here (when PUBLIC_CHAT_URL says where the web chat is
reachable): the click is recorded against the screening of `ref`
(bot/storage/bookings.py) and the visitor forwarded to CLINIC_BOOKING_URL with the
same ref, which the booking system later reports back as booked. An unknown or
malformed ref still forwards, without a ref: a patient who wants to book can.

Link previews are not clicks: messaging apps fetch a link as soon as it is sent
(Messenger, iMessage, WhatsApp, Slack), so HEAD requests and their crawlers'
user agents are forwarded without counting. The database is asked off the event
loop; if it fails, the visitor is forwarded all the same.
"""

from __future__ import annotations

import asyncio
import logging
import re

from aiohttp import web

from bot.screening.booking import booking_url, is_reference
from bot.settings import get_settings
from bot.storage.bookings import Bookings
from bot.storage.db import get_database
from bot.storage.errors import StorageError

logger = logging.getLogger(__name__)
PREVIEW_AGENTS = re.compile(
    r"facebookexternalhit|facebookcatalog|meta-externalagent|whatsapp|twitterbot|"
    r"slackbot|telegrambot|discordbot|linkedinbot|skypeuripreview|applebot|"
    r"googlebot|bingbot|bot\b|crawler|spider|preview",
    re.IGNORECASE,
)


async def book(request: web.Request) -> web.StreamResponse:
    reference = request.match_info["ref"]
    base = get_settings().booking_url
    if not is_reference(reference):
        raise web.HTTPFound(base)
    if request.method == "GET" and not _is_preview(request):
        await _count(reference)
    raise web.HTTPFound(booking_url(base, reference) or base)


def _is_preview(request: web.Request) -> bool:
    return bool(PREVIEW_AGENTS.search(request.headers.get("User-Agent", "")))


async def _count(reference: str) -> None:
    try:
        known = await asyncio.to_thread(
            Bookings(get_database()).record_click, reference
        )
    except StorageError as error:
        logger.error("Booking click not counted: %s", type(error).__name__)
        return
    if not known:
        logger.info("Booking link with an unknown ref followed")
