"""Who a Socket.IO connection speaks for: the access token of its handshake.

The token comes, as the reference accepts it, from the `Authorization: Bearer` header (gazu),
the Kitsu access cookie (the web client) or `{"token": ...}` in the socket.io auth payload (a
browser WebSocket cannot send a header). The checks are the API's: signature, expiry, token
type and revocation (logout, deactivation, a newer bot token).
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

from django.db import close_old_connections

from kitsu_site.api.errors import TokenRefused
from people.authentication import ACCESS_COOKIE
from people.models import Person
from people.tokens import decode, person_for_claims

MISSING_TOKEN_MESSAGE = (
    "Missing access token: send the Kitsu cookie, an Authorization header, "
    'or {"token": "<access token>"} in the socket.io auth payload.'
)


class ConnectionRefused(Exception):
    """The handshake carries no usable token; the message says why."""


def handshake_token(environ: dict[str, Any], auth: Any) -> str | None:
    scheme, _, value = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if isinstance(auth, dict) and isinstance(auth.get("token"), str) and auth["token"]:
        return auth["token"]
    cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    return cookie[ACCESS_COOKIE].value if ACCESS_COOKIE in cookie else None


def person_for_token(token: str | None) -> Person:
    """The active account the token speaks for, or ConnectionRefused with the reason."""
    if token is None:
        raise ConnectionRefused(MISSING_TOKEN_MESSAGE)
    close_old_connections()  # no request cycle here to recycle dead database connections
    try:
        return person_for_claims(decode(token, expected_type="access"))
    except TokenRefused as refusal:
        raise ConnectionRefused(refusal.msg) from None
