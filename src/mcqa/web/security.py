"""Security defaults of every response: headers, CSRF tokens, access control.

* Every response carries a strict Content-Security-Policy (scripts and styles only
  from this server's ``/static``; no inline script or style), ``frame-ancestors
  'none'``, ``X-Content-Type-Options: nosniff``, referrers only within the site and
  ``no-store`` (pages hold personal data from credentials).
* CSRF: a random token in an HttpOnly, SameSite=Strict cookie, echoed by a hidden
  field in every POST form and compared in constant time; a cross-site ``Origin``
  is refused as well.
* Access control, when the server was started with ``--token`` or ``--users``:
  a login page sets an HttpOnly session cookie; scripts may send
  ``Authorization: Bearer TOKEN``. ``/health`` and ``/static`` stay open.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from mcqa.web.settings import Settings, verify_password

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
CSRF_COOKIE = "mcqa_csrf"
CSRF_FIELD = "csrf_token"
SESSION_COOKIE = "mcqa_session"
SESSION_SECONDS = 12 * 3600
OPEN_PATHS = ("/health", "/static/", "/login")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """ASGI middleware adding :data:`HEADERS` (and ``no-store`` unless the response set
    its own cache policy) to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers.extend(h for h in HEADERS if h[0] not in names)
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def new_token() -> str:
    """A fresh random token (CSRF, session, job and result ids)."""
    return secrets.token_urlsafe(24)


def same_token(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; empty or missing tokens never match."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def origin_allowed(headers: Any, host: str | None) -> bool:
    """A browser's ``Origin`` (when sent, and not the opaque ``null`` some privacy
    settings send) must name this server; the CSRF token is checked in any case."""
    origin = headers.get("origin")
    if origin is None or origin == "null":
        return True
    return host is not None and origin.split("://", 1)[-1] == host


class Sessions:
    """Logged-in browsers (random ids in memory, expiring), when access is protected."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._expiry: dict[str, float] = {}

    def login(self, *, token: str | None = None, user: str | None = None,
              password: str | None = None) -> str | None:
        """A new session id when the token or the user's password is right, else ``None``."""
        ok = False
        if token and self.settings.token:
            ok = same_token(token, self.settings.token)
        elif user and password is not None and user in self.settings.users:
            ok = verify_password(password, self.settings.users[user])
        if not ok:
            return None
        sid = new_token()
        self._expiry[sid] = time.monotonic() + SESSION_SECONDS
        return sid

    def valid(self, sid: str | None) -> bool:
        """True for a live session id."""
        now = time.monotonic()
        for old in [k for k, t in self._expiry.items() if t < now]:
            del self._expiry[old]
        return sid is not None and sid in self._expiry

    def logout(self, sid: str | None) -> None:
        """End a session."""
        if sid is not None:
            self._expiry.pop(sid, None)

    def allowed(self, path: str, cookies: dict[str, str], headers: Any) -> bool:
        """True when the request may see ``path``."""
        if not self.settings.protected or path.startswith(OPEN_PATHS):
            return True
        if self.valid(cookies.get(SESSION_COOKIE)):
            return True
        auth = headers.get("authorization", "")
        scheme, _, value = auth.partition(" ")
        return scheme.lower() == "bearer" and same_token(value.strip(), self.settings.token)
