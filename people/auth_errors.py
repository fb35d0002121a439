"""Refusals on the `/auth` routes, shared by the login, second-factor and FIDO services."""

from __future__ import annotations

from typing import Any

from kitsu_site.api.errors import ApiError


class AuthError(ApiError):
    """A refusal on an `/auth` route: the reference's body carries no `data` key there."""

    def body(self) -> dict[str, Any]:
        return {"error": True, "message": self.message, **self.extra}


class WrongOTP(AuthError):
    def __init__(self, message: str = "OTP verification failed."):
        super().__init__(message, extra={"wrong_OTP": True})
