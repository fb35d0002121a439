"""Domain errors and the one place that turns every failure into a reference error body.

Clients (gazu, Kitsu) read `message` for 4xx answers, and the flask-jwt-extended `msg` body for
token failures; these bodies follow the reference server.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

FORBIDDEN_MESSAGE = (
    "You don't have the permission to access the requested resource. It is either "
    "read-protected or not readable by the server."
)
NOT_FOUND_MESSAGE = (
    "404 Not Found: The requested URL was not found on the server. If you entered the URL "
    "manually please check your spelling and try again."
)
MISSING_TOKEN_MESSAGE = (
    'Missing JWT in cookies or headers (Missing cookie "access_token_cookie"; '
    "Missing Authorization Header)"
)
UNIQUE_MESSAGE = "A record with the same unique values already exists."
CONFLICT_MESSAGE = "The change conflicts with records referencing this one."
REQUIRED_MESSAGE = "A required field is missing."
INVALID_FORMAT_MESSAGE = "One of the provided values has an invalid format."


class ApiError(exceptions.APIException):
    """A 4xx answer with the reference body `{"error": true, "message", "data"}`."""

    status_code = status.HTTP_400_BAD_REQUEST
    # The reference's 403 and 404 bodies carry no `data` key; its 400 bodies do.
    data_in_body = True

    def __init__(self, message: str, *, data: Any = None, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.data = data
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": True, "message": self.message}
        if self.data_in_body or self.data is not None:
            body["data"] = self.data
        return {**body, **self.extra}


class WrongParameter(ApiError):
    """The request names something invalid: a bad id, filter, page or value."""


def validation_error(*errors: tuple[str, str]) -> WrongParameter:
    """The reference's schema error body: `{"errors": [{"field", "message"}]}` under 400."""
    return WrongParameter(
        "Validation error.",
        data={"errors": [{"field": field, "message": message} for field, message in errors]},
    )


class Forbidden(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    data_in_body = False

    def __init__(self, message: str = FORBIDDEN_MESSAGE, **kwargs: Any):
        super().__init__(message, **kwargs)


class NotFound(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    data_in_body = False

    def __init__(self, message: str = NOT_FOUND_MESSAGE, **kwargs: Any):
        super().__init__(message, **kwargs)


class InvalidFormat(ApiError):
    """A value that cannot be read as its column's type: the reference's sanitised 400."""

    data_in_body = False

    def __init__(self, message: str = INVALID_FORMAT_MESSAGE, **kwargs: Any):
        super().__init__(message, **kwargs)


class Conflict(ApiError):
    """A foreign key naming no record: the reference's sanitised 400."""

    data_in_body = False

    def __init__(self, message: str = CONFLICT_MESSAGE, **kwargs: Any):
        super().__init__(message, **kwargs)


class Unauthorized(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED


class TokenRefused(exceptions.APIException):
    """A JWT problem, answered with flask-jwt-extended's `{"msg": ...}` body.

    401 for a missing, expired or revoked token; 422 for one that cannot be used at all.
    """

    def __init__(self, msg: str, status_code: int = status.HTTP_401_UNAUTHORIZED):
        super().__init__(msg)
        self.msg = msg
        self.status_code = status_code


def integrity_message(error: IntegrityError) -> str:
    """The reference's sanitised message for a database constraint failure."""
    cause = error.__cause__
    code = getattr(cause, "pgcode", None)
    text = str(error).lower()
    if code == "23505" or "unique" in text:
        return UNIQUE_MESSAGE
    if code == "23502" or "not null" in text:
        return REQUIRED_MESSAGE
    if code == "23503" or "foreign key" in text:
        return CONFLICT_MESSAGE
    return INVALID_FORMAT_MESSAGE


def _field_path(prefix: str, name: str) -> str:
    """`prefix.name`, or whichever part is set. Both are strings, so an entry index of 0 is a
    part like any other (DRF keys list errors by integer index)."""
    return ".".join(part for part in (prefix, name) if part != "")


def validation_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested error detail into `[{"field", "message"}]`."""
    if isinstance(detail, dict):
        errors: list[dict[str, str]] = []
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            errors += validation_errors(value, _field_path(prefix, name))
        return errors
    if isinstance(detail, list):
        if all(isinstance(item, (str, exceptions.ErrorDetail)) for item in detail):
            return [{"field": prefix, "message": str(item)} for item in detail]
        errors = []
        for index, item in enumerate(detail):
            errors += validation_errors(item, _field_path(prefix, str(index)))
        return errors
    return [{"field": prefix, "message": str(detail)}]


def _error_codes(codes: Any) -> set[str]:
    if isinstance(codes, dict):
        return set().union(*(_error_codes(value) for value in codes.values())) if codes else set()
    if isinstance(codes, list):
        return set().union(*(_error_codes(value) for value in codes)) if codes else set()
    return {str(codes)}


def validation_message(error: exceptions.ValidationError) -> str:
    codes = _error_codes(error.get_codes())
    if "unique" in codes:
        return UNIQUE_MESSAGE
    if "required" in codes or "null" in codes:
        return REQUIRED_MESSAGE
    errors = validation_errors(error.detail)
    if len(errors) == 1 and not errors[0]["field"]:
        return errors[0]["message"]
    return "Validation error."


def _body_for(exc: Exception) -> tuple[int, dict[str, Any]] | None:
    if isinstance(exc, ApiError):
        return exc.status_code, exc.body()
    if isinstance(exc, TokenRefused):
        return exc.status_code, {"msg": exc.msg}
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        return 401, {"msg": MISSING_TOKEN_MESSAGE}
    if isinstance(exc, exceptions.PermissionDenied):
        return 403, {"error": True, "message": FORBIDDEN_MESSAGE}
    if isinstance(exc, (Http404, exceptions.NotFound, ObjectDoesNotExist)):
        return 404, {"error": True, "message": NOT_FOUND_MESSAGE}
    if isinstance(exc, exceptions.MethodNotAllowed):
        return 405, {"error": True, "message": "The method is not allowed for the requested URL."}
    if isinstance(exc, exceptions.ParseError):
        return 400, {"error": True, "message": f"The request body is not valid: {exc.detail}"}
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return 415, {"error": True, "message": str(exc.detail)}
    if isinstance(exc, exceptions.ValidationError):
        errors = validation_errors(exc.detail)
        return 400, {"error": True, "message": validation_message(exc), "data": {"errors": errors}}
    if isinstance(exc, exceptions.Throttled):
        return 429, {"error": True, "message": str(exc.detail)}
    if isinstance(exc, IntegrityError):
        return 400, {"error": True, "message": integrity_message(exc)}
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return 400, {"error": True, "message": CONFLICT_MESSAGE}
    if isinstance(exc, exceptions.APIException):
        return exc.status_code, {"error": True, "message": str(exc.detail)}
    return None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler: a JSON body for every expected failure; others stay 500s."""
    answer = _body_for(exc)
    if answer is None:
        return None
    status_code, body = answer
    response = Response(body, status=status_code)
    if status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    if status_code == 429 and isinstance(body.get("retry_after"), int):
        response["Retry-After"] = str(body["retry_after"])
    return response
