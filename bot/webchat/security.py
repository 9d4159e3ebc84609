"""Who may show the chat, and who may talk through it: CSP, origins, the cookie.

The chat runs in an iframe on the clinic's website (`static/widget.js`), so:

- Framing. The page's CSP `frame-ancestors` lists WEBCHAT_ALLOWED_ORIGINS ('none'
  when empty) and no X-Frame-Options is sent (it cannot list origins). This is
  the real enforcement: the browser refuses to show the chat inside any other
  site, so no other site can dress it up or click through it (clickjacking).
- The cookie has to reach the chat inside a third-party iframe, so it is
  `SameSite=None; Secure; Partitioned`: sent cross-site, over HTTPS only
  (browsers count http://localhost as secure), and kept per embedding site (CHIPS),
  so the chat on one clinic's site never sees a conversation begun on another.
- Requests. SameSite=None means the browser would attach the cookie to a request
  any website makes, so the cookie no longer tells our page from another site's
  (cross-site request forgery). Every page of ours talks to the server from the
  chat's own origin, even inside the iframe, so a request whose `Origin` header
  names another origin is refused (403). Browsers always send `Origin` on a POST;
  a client without one is no browser and carries no visitor's cookie, so it passes.
- The embedding site. widget.js passes its page's origin to the iframe, and the
  page sends it back in `X-Embedding-Origin`, preferring what the browser itself
  reports (`location.ancestorOrigins`, which the embedding page cannot change). A
  claim outside WEBCHAT_ALLOWED_ORIGINS is refused with a 403 that says so. A
  page could lie here, so this is not the defence (frame-ancestors is): it makes a
  misconfigured site fail with a clear message instead of a silent blank frame,
  and keeps what a page claims in line with where the browser let it be shown.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

from bot.settings import WebChatSettings

EMBEDDING_HEADER = "X-Embedding-Origin"
FOREIGN_ORIGIN = "This chat only takes messages from its own page."
NOT_ALLOWED_HERE = (
    "The chat is not enabled for this website. Please contact the clinic "
    "(its address must be listed in the clinic's WEBCHAT_ALLOWED_ORIGINS setting)."
)


def content_security_policy(settings: WebChatSettings) -> str:
    """The CSP of every answer: our own scripts and styles only, images also from
    the logo's origin, framed only by the allowed origins."""
    images = " ".join(["'self'", *_logo_origin(settings.logo_url)])
    ancestors = " ".join(settings.allowed_origins) or "'none'"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; frame-ancestors {ancestors}; "
        "base-uri 'none'; form-action 'self'"
    )


def security_headers(settings: WebChatSettings) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def refusal(request: web.Request, allowed: tuple[str, ...]) -> str | None:
    """Why the request must be refused (403), or None: see the module docstring."""
    origin = request.headers.get("Origin")
    if origin is not None and urlsplit(origin).netloc.lower() != request.host.lower():
        return FOREIGN_ORIGIN
    embedder = request.headers.get(EMBEDDING_HEADER)
    if embedder is not None and embedder.rstrip("/").lower() not in allowed:
        return NOT_ALLOWED_HERE
    return None


def cookie_header(name: str, value: str, max_age_s: int) -> str:
    """The Set-Cookie value, written by hand: Python's cookie module (and so
    aiohttp's set_cookie) knows no `Partitioned` before Python 3.14."""
    return (
        f"{name}={value}; Max-Age={max_age_s}; Path=/; HttpOnly; Secure; "
        "SameSite=None; Partitioned"
    )


def _logo_origin(logo_url: str) -> list[str]:
    parts = urlsplit(logo_url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme else []
