"""The chat page and the privacy note, filled in with the clinic's settings.

Both are rendered once, when the app starts (the settings do not change while it
runs). Every value is HTML-escaped; the colours come as /brand.css
(`branding.py`), since the CSP allows no inline style.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from string import Template

from bot.settings import WebChatSettings
from bot.webchat.branding import page_config

TEMPLATES = Path(__file__).parent / "templates"


def chat_page(settings: WebChatSettings) -> str:
    """index.html: the clinic's name and logo, its phone number for tel: links."""
    config = page_config(settings)
    name = html.escape(config["clinic_name"])
    logo = config["logo_url"]
    return _render(
        "index.html",
        title_suffix=f" – {name}" if name else "",
        clinic_phone=html.escape(config["clinic_phone"]),
        clinic_line=f'<p class="clinic">{name}</p>' if name else "",
        logo=f'<img class="logo" src="{html.escape(logo)}" alt="">' if logo else "",
    )


def privacy_page(settings: WebChatSettings, cookie_max_age_s: int) -> str:
    """privacy.html: what is kept, and for how long (RETENTION_DAYS)."""
    name = page_config(settings)["clinic_name"] or "the clinic"
    return _render(
        "privacy.html",
        clinic=html.escape(name),
        cookie_hours=str(cookie_max_age_s // 3600),
        retention_days=str(settings.retention_days),
        contact=_contact(name, settings.clinic_phone),
    )


def _contact(name: str, phone: str) -> str:
    dial = re.sub(r"[^+0-9]", "", phone)
    return f'call {html.escape(name)} at <a href="tel:{dial}">{html.escape(phone)}</a>.'


def _render(name: str, **values: str) -> str:
    return Template((TEMPLATES / name).read_text(encoding="utf-8")).substitute(values)
