"""The `/auth/...` routes: login, logout, tokens, passwords and second factors."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import ApiError, WrongParameter, validation_errors
from kitsu_site.api.inputs import body_dict
from people import app_login, fido, two_factor
from people import login as login_service
from people.authentication import ACCESS_COOKIE, REFRESH_COOKIE, RefreshJWTAuthentication
from people.models import LoginOrigin, Organisation, Person
from people.rate_limits import spend_attempt
from people.selectors import person_for_login
from people.serializers import organisation_wire
from people.tokens import issue_access_from_refresh, issue_login_tokens, revoke
from people.wire import PERSON_WIRE

FACTOR_KEYS = ("totp", "email_otp", "recovery_code", "fido_authentication_response")
BROWSER_MARKERS = ("mozilla", "chrome", "safari", "firefox", "edge", "opera")


class Text(serializers.CharField):
    """A string input, refused with the reference's wording when absent or of another type."""

    default_error_messages = {
        "required": "Field required",
        "null": "Input should be a valid string",
        "invalid": "Input should be a valid string",
        "blank": "String should have at least 1 character",
    }

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Pattern(Text):
    """A string matching a regular expression, refused with the reference's wording."""

    def __init__(self, pattern: str, **kwargs: Any):
        super().__init__(allow_blank=False, **kwargs)
        self.pattern = re.compile(pattern)
        # An empty string fails the pattern too, and is told so.
        escaped = pattern.replace("{", "{{").replace("}", "}}")  # messages are format strings
        self.error_messages["blank"] = f"String should match pattern '{escaped}'"

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if not self.pattern.fullmatch(value):
            self.fail("blank")
        return value


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """The input, or the reference's `Validation error.` body listing every bad field."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ApiError("Validation error.", data={"errors": validation_errors(serializer.errors)})
    return serializer.validated_data


def factors_of(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data.get(key) for key in FACTOR_KEYS}


def is_browser(request: Request) -> bool:
    agent = request.META.get("HTTP_USER_AGENT", "").lower()
    return any(marker in agent for marker in BROWSER_MARKERS)


def client_ip(request: Request) -> str | None:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR")


def user_body(person: Person) -> dict[str, Any]:
    return PERSON_WIRE.instance(person, relations=True)


def set_token_cookies(request: Request, response: Response, tokens: dict[str, str]) -> None:
    """Session cookies, marked Secure whenever browsers reach the server over TLS."""
    lifetimes = settings.SIMPLE_JWT
    secure = settings.HTTPS_ONLY or request.is_secure()
    if "access_token" in tokens:
        response.set_cookie(
            ACCESS_COOKIE,
            tokens["access_token"],
            max_age=int(lifetimes["ACCESS_TOKEN_LIFETIME"].total_seconds()),
            httponly=True,
            samesite="Lax",
            secure=secure,
        )
    if "refresh_token" in tokens:
        response.set_cookie(
            REFRESH_COOKIE,
            tokens["refresh_token"],
            max_age=int(lifetimes["REFRESH_TOKEN_LIFETIME"].total_seconds()),
            httponly=True,
            samesite="Lax",
            secure=secure,
            path="/",
        )


def login_response(request: Request, person: Person, *, cookies: bool) -> Response:
    """The answer to a successful login: the person, the organisation and fresh tokens."""
    tokens = issue_login_tokens(person)
    body = {
        "user": user_body(person),
        "organisation": organisation_wire(person).instance(Organisation.current()),
        "login": True,
        **tokens,
    }
    if two_factor.setup_required(person):
        body["two_factor_authentication_required"] = True
    response = Response(body)
    if cookies:
        set_token_cookies(request, response, tokens)
    return response


class LoginInput(serializers.Serializer):
    email = Text(allow_blank=False, trim_whitespace=True)
    password = Text(required=False, default="")


class LoginView(APIView):
    """POST /auth/login: an e-mail or desktop login, a password, and a code when 2FA is on."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=LoginInput, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        data = {**request.query_params.dict(), **body_dict(request)}
        credentials = validated(LoginInput, data)
        spend_attempt(scope="login", meta=request.META, login=credentials["email"])
        browser = is_browser(request)
        person = login_service.log_in(
            login=credentials["email"],
            password=credentials["password"],
            factors=factors_of(data),
            ip=client_ip(request),
            origin=LoginOrigin.WEB if browser else LoginOrigin.SCRIPT,
        )
        return login_response(request, person, cookies=browser)


class LogoutView(APIView):
    """GET /auth/logout: the access token and its refresh token stop working."""

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        revoke(request.auth)
        response = Response({"logout": True})
        response.delete_cookie(ACCESS_COOKIE)
        response.delete_cookie(REFRESH_COOKIE)
        return response


class RefreshTokenView(APIView):
    """GET /auth/refresh-token with a refresh token: a new access token."""

    authentication_classes = [RefreshJWTAuthentication]

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        access_token = issue_access_from_refresh(request.auth, request.user)
        if is_browser(request):
            response = Response({"refresh": True, "access_token": access_token})
            set_token_cookies(request, response, {"access_token": access_token})
            return response
        return Response({"access_token": access_token})


class AuthenticatedView(APIView):
    """GET /auth/authenticated: who the token belongs to."""

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        person = request.user
        devices = [device.get("device_name") for device in person.fido_credentials]
        user = {**user_body(person), "fido_devices": devices}
        organisation = organisation_wire(person).instance(Organisation.current())
        return Response({"authenticated": True, "user": user, "organisation": organisation})


class SecondFactorInput(serializers.Serializer):
    """Documents the codes that prove a second factor; one of them is enough."""

    totp = serializers.CharField(required=False)
    email_otp = serializers.CharField(required=False)
    recovery_code = serializers.CharField(required=False)
    fido_authentication_response = serializers.DictField(required=False)


class ChangePasswordInput(serializers.Serializer):
    old_password = Text()
    password = Text()
    password_2 = Text()


class ChangePasswordView(APIView):
    @extend_schema(request=ChangePasswordInput, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        data = validated(ChangePasswordInput, body_dict(request))
        login_service.password_change(
            person=request.user,
            old_password=data["old_password"],
            password=data["password"],
            confirmation=data["password_2"],
        )
        response = Response({"success": True})
        if is_browser(request):
            # Every earlier token was revoked: the browser's session goes on with fresh ones.
            set_token_cookies(request, response, issue_login_tokens(request.user))
        return response


class ResetRequestInput(serializers.Serializer):
    email = Text()


class ResetInput(serializers.Serializer):
    email = Text()
    token = Text()
    password = Text()
    password2 = Text()


class TOTPInput(serializers.Serializer):
    totp = Text()


class EmailOTPInput(serializers.Serializer):
    email_otp = Text()


class Mapping(serializers.DictField):
    default_error_messages = {
        "required": "Field required",
        "null": "Input should be a valid dictionary",
        "not_a_dict": "Input should be a valid dictionary",
    }


class FIDORegistrationInput(serializers.Serializer):
    registration_response = Mapping()
    device_name = Text()


class FIDODeviceInput(SecondFactorInput):
    device_name = Text()


class ResetPasswordView(APIView):
    """POST asks for a reset link by e-mail; PUT sets the new password with its token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=ResetRequestInput, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        data = validated(ResetRequestInput, body_dict(request))
        spend_attempt(scope="mail", meta=request.META, login=data["email"])
        login_service.password_reset_request(email=data["email"])
        return Response({"success": "Reset token sent"})

    @extend_schema(request=ResetInput, responses=OpenApiTypes.OBJECT)
    def put(self, request: Request) -> Response:
        data = validated(ResetInput, body_dict(request))
        login_service.password_reset(
            email=data["email"],
            token=data["token"],
            password=data["password"],
            confirmation=data["password2"],
        )
        return Response({"success": "Password changed"})


class TOTPView(APIView):
    """PUT starts TOTP setup, POST confirms it with a code, DELETE turns it off."""

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def put(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        return Response(two_factor.totp_pre_enable(request.user))

    @extend_schema(request=TOTPInput, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        code = validated(TOTPInput, body_dict(request))["totp"]
        codes = two_factor.totp_enable(request.user, code)
        return Response({"otp_recovery_codes": codes, **issue_login_tokens(request.user)})

    @extend_schema(request=SecondFactorInput, responses=OpenApiTypes.OBJECT)
    def delete(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        two_factor.totp_disable(request.user, factors_of(body_dict(request)))
        return Response({"success": True})


class PublicGetView(APIView):
    """GET asks about a person by e-mail before login; the other methods need a token."""

    def _is_public_request(self) -> bool:
        # The schema generator asks without a request: document the authenticated methods.
        return getattr(self.request, "method", None) == "GET"

    def get_authenticators(self):
        return [] if self._is_public_request() else super().get_authenticators()

    def get_permissions(self):
        return [AllowAny()] if self._is_public_request() else super().get_permissions()


def required_email(request: Request) -> str:
    email = request.query_params.get("email")
    if not email:
        raise WrongParameter("Missing required parameter: email")
    return email


class EmailOTPView(PublicGetView):
    """GET (public) mails a login code; PUT starts setup, POST confirms it, DELETE turns it off."""

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("email", str, required=True)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        email = required_email(request)
        spend_attempt(scope="mail", meta=request.META, login=email)
        person = person_for_login(email)
        if person is not None and person.active and person.email_otp_enabled:
            two_factor.email_otp_send(person)
        return Response({"success": True})

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def put(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        two_factor.email_otp_pre_enable(request.user)
        return Response({"success": True})

    @extend_schema(request=EmailOTPInput, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        code = validated(EmailOTPInput, body_dict(request))["email_otp"]
        codes = two_factor.email_otp_enable(request.user, code)
        return Response({"otp_recovery_codes": codes, **issue_login_tokens(request.user)})

    @extend_schema(request=SecondFactorInput, responses=OpenApiTypes.OBJECT)
    def delete(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        two_factor.email_otp_disable(request.user, factors_of(body_dict(request)))
        return Response({"success": True})


class RecoveryCodesView(APIView):
    """PUT: sixteen new recovery codes, for a person who proves a second factor."""

    @extend_schema(request=SecondFactorInput, responses=OpenApiTypes.OBJECT)
    def put(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        codes = two_factor.recovery_codes_renew(request.user, factors_of(body_dict(request)))
        return Response({"otp_recovery_codes": codes})


class FIDOView(PublicGetView):
    """GET (public) a login challenge; PUT starts a key's registration, POST completes it,
    DELETE removes a key."""

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("email", str, required=True)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        person = person_for_login(required_email(request))
        return Response(two_factor.fido_login_options(person))

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def put(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        return Response(fido.registration_options(request.user))

    @extend_schema(request=FIDORegistrationInput, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        data = validated(FIDORegistrationInput, body_dict(request))
        codes = two_factor.fido_register(
            request.user, data["registration_response"], data["device_name"]
        )
        return Response({"otp_recovery_codes": codes, **issue_login_tokens(request.user)})

    @extend_schema(request=FIDODeviceInput, responses=OpenApiTypes.OBJECT)
    def delete(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        data = body_dict(request)
        device_name = validated(FIDODeviceInput, data)["device_name"]
        two_factor.fido_unregister(request.user, device_name, factors_of(data))
        return Response({"success": True})


class AppLoginCodeInput(serializers.Serializer):
    code_challenge = Pattern(r"^[A-Za-z0-9_-]{43}$")


class AppLoginTokenInput(serializers.Serializer):
    code = Text(allow_blank=False)
    code_verifier = Pattern(r"^[A-Za-z0-9._~-]{43,128}$")


class AppLoginCodeView(APIView):
    """POST: a logged-in person hands a desktop app a single-use code for its challenge."""

    @extend_schema(request=AppLoginCodeInput, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        login_service.require_interactive(request.user, request.auth)
        challenge = validated(AppLoginCodeInput, body_dict(request))["code_challenge"]
        code = app_login.app_login_code_create(person=request.user, code_challenge=challenge)
        return Response({"code": code}, status=201)


class AppLoginTokenView(APIView):
    """POST (public): the app trades the code and its verifier for a session."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=AppLoginTokenInput, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        data = validated(AppLoginTokenInput, body_dict(request))
        person = app_login.app_login_person(code=data["code"], code_verifier=data["code_verifier"])
        return login_response(request, person, cookies=False)
