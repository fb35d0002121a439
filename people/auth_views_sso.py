"""The `/auth/oidc/...` and `/auth/saml/...` routes: single sign-on through the studio's IdP.

A successful sign-on ends like a browser login (a login log, session cookies) and sends the
browser back to Kitsu. Disabled protocols answer as the reference does.
"""

from __future__ import annotations

from authlib.integrations.base_client.errors import OAuthError
from django.conf import settings
from django.http import HttpResponseRedirect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from joserfc.errors import JoseError
from requests import RequestException
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.inputs import body_dict
from people import sso
from people.auth_views import client_ip, set_token_cookies
from people.models import LoginLog, LoginOrigin, Person
from people.tokens import issue_login_tokens


def disabled(protocol: str) -> Response:
    return Response({"error": f"{protocol} is not enabled."}, status=400)


def signed_in(request: Request, person: Person) -> HttpResponseRedirect:
    """Back to Kitsu with the session cookies of a browser login."""
    LoginLog.objects.create(person=person, ip_address=client_ip(request), origin=LoginOrigin.WEB)
    response = HttpResponseRedirect(settings.DOMAIN_URL)
    set_token_cookies(request, response, issue_login_tokens(person))
    return response


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


class OIDCLoginView(PublicView):
    """GET: off to the identity provider's sign-in page."""

    @extend_schema(request=None, responses={302: None, 400: OpenApiTypes.OBJECT})
    def get(self, request: Request):
        if not sso.oidc_enabled():
            return disabled("OIDC")
        try:
            return sso.oidc_client().authorize_redirect(request, sso.oidc_redirect_uri())
        except (OAuthError, RequestException, ValueError) as error:
            raise sso.SSOFailed(f"The identity provider cannot be reached: {error}") from None


class OIDCCallbackView(PublicView):
    """GET: the provider sends the browser back with a code, traded here for who they are."""

    @extend_schema(request=None, responses={302: None, 400: OpenApiTypes.OBJECT})
    def get(self, request: Request):
        if not sso.oidc_enabled():
            return disabled("OIDC")
        client = sso.oidc_client()
        try:
            token = client.authorize_access_token(request)
            claims = token.get("userinfo") or client.userinfo(token=token)
        except (OAuthError, JoseError, RequestException, ValueError) as error:
            raise sso.SSOFailed(f"OIDC authentication failed: {error}") from None
        person = sso.sso_person(email=claims.get("email", ""), profile=sso.oidc_profile(claims))
        return signed_in(request, person)


class SAMLLoginView(PublicView):
    """GET: off to the identity provider's sign-in page with a SAML authentication request."""

    @extend_schema(request=None, responses={302: None, 400: OpenApiTypes.OBJECT})
    def get(self, request: Request):
        if not sso.saml_enabled():
            return disabled("SAML")
        return HttpResponseRedirect(sso.saml_login_url())


class SAMLSSOView(PublicView):
    """POST: the assertion consumer; the provider's signed response says who signed in."""

    @extend_schema(request=None, responses={302: None, 400: OpenApiTypes.OBJECT})
    def post(self, request: Request):
        if not sso.saml_enabled():
            return disabled("SAML")
        email, attributes = sso.saml_identity(str(body_dict(request).get("SAMLResponse") or ""))
        person = sso.sso_person(email=email, profile=attributes)
        return signed_in(request, person)
