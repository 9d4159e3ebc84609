"""The clinic's colour, made readable, and what the page and the widget are told.

A clinic sets one colour (CLINIC_COLOUR). The page uses it three ways, and each
must stay readable whatever the colour (WCAG 2.1 AA asks 4.5:1 for text):

- as a background (the visitor's bubbles, Send, Done, the launcher), with white
  or black text on it, whichever contrasts more (one of them always reaches 4.6:1);
- as text and borders on the page's light backgrounds (answer buttons, links): a
  pale colour is darkened until it reaches 4.5:1 on all of them;
- nowhere else, so a clinic cannot make the emergency card or an error less
  visible.

The colours reach the browser as a stylesheet of our own (/brand.css), which the
CSP allows where an inline style would not be.
"""

from __future__ import annotations

from typing import Any

from bot.screening.clinic import PLACEHOLDER_CLINIC
from bot.settings import WebChatSettings

WHITE = "#ffffff"
BLACK = "#000000"
# The light backgrounds the colour is written on (chat.css): the page, a bubble,
# a ticked answer.
LIGHT_BACKGROUNDS = ("#ffffff", "#f4f6f8", "#e8f0fc")
AA_TEXT = 4.5
DARKEN_STEP = 0.05


def luminance(colour: str) -> float:
    """Relative luminance of `#rrggbb` (WCAG 2.1)."""
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(background: str) -> str:
    """White or black, whichever reads better on `background`."""
    return max((WHITE, BLACK), key=lambda text: contrast(text, background))


def readable_on_light(colour: str) -> str:
    """`colour`, darkened just enough to read as text on every light background."""
    shade = colour
    factor = 1.0
    while min(contrast(shade, bg) for bg in LIGHT_BACKGROUNDS) < AA_TEXT:
        factor -= DARKEN_STEP
        shade = _scaled(colour, max(factor, 0.0))
    return shade


def brand_css(settings: WebChatSettings) -> str:
    """/brand.css: the colours as custom properties, for the page and the widget."""
    colour = settings.colour
    return (
        ":root, :host {\n"
        f"  --brand: {colour};\n"
        f"  --on-brand: {text_on(colour)};\n"
        f"  --brand-text: {readable_on_light(colour)};\n"
        "}\n"
    )


def page_config(settings: WebChatSettings) -> dict[str, Any]:
    """What the page and the widget show of the clinic (/api/config, index.html)."""
    name = settings.clinic_name
    return {
        "clinic_name": "" if name == PLACEHOLDER_CLINIC.name else name,
        "clinic_phone": settings.clinic_phone,
        "logo_url": settings.logo_url,
        "colour": settings.colour,
        "on_colour": text_on(settings.colour),
        "text_colour": readable_on_light(settings.colour),
        "retention_days": settings.retention_days,
        "privacy_url": "/privacy",
    }


def _scaled(colour: str, factor: float) -> str:
    """`colour` with each channel times `factor` (towards black)."""
    channels = (round(int(colour[i : i + 2], 16) * factor) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in channels)
