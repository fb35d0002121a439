"""DRF authentication: a JWT from the `Authorization: Bearer` header or the access cookie."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from people.auth_errors import AuthError
from people.models import Person
from people.tokens import SETUP_2FA_CLAIM, decode, person_for_claims

ACCESS_COOKIE = "access_token_cookie"
REFRESH_COOKIE = "refresh_token_cookie"


class TwoFactorSetupRequired(AuthError):
    status_code = 403

    def __init__(self) -> None:
        super().__init__(
            "Two factor authentication setup required.",
            extra={"two_factor_authentication_required": True},
        )


def is_auth_route(request: Request) -> bool:
    """The `/auth/...` routes (at the root or under /api): where a restricted token works."""
    path = request.path_info.removeprefix("/api")
    return path.startswith("/auth/")


def raw_token(request: Request, cookie_name: str = ACCESS_COOKIE) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.COOKIES.get(cookie_name) or None


class JWTAuthentication(BaseAuthentication):
    """`request.user` is the Person, `request.auth` the token's claims."""

    expected_type = "access"

    def authenticate(self, request: Request) -> tuple[Person, dict[str, Any]] | None:
        raw = raw_token(
            request, ACCESS_COOKIE if self.expected_type == "access" else REFRESH_COOKIE
        )
        if raw is None:
            return None
        claims = decode(raw, expected_type=self.expected_type)
        person = person_for_claims(claims)
        if claims.get(SETUP_2FA_CLAIM) and not is_auth_route(request):
            raise TwoFactorSetupRequired()
        return person, claims

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class RefreshJWTAuthentication(JWTAuthentication):
    """For `/auth/refresh-token`: only a refresh token is accepted."""

    expected_type = "refresh"
