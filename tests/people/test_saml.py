"""SAML sign-on end to end: a test identity provider with its own self-signed key signs the
responses this server's assertion consumer receives; its metadata never comes from outside."""

import base64
import datetime as dt
import uuid
import zlib
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from rest_framework.test import APIClient

from people.models import LoginLog, Person
from tests.factories import PersonFactory
from tests.loopback import LoopbackServer, QuietHandler
from tests.people.sign_in_helpers import assert_new_account, assert_signed_in

IDP_ENTITY_ID = "https://idp.example.com/metadata"
IDP_SSO_URL = "https://idp.example.com/sso"
SP_ENTITY_ID = "https://kitsu.example.com/saml"
DOMAIN_URL = "https://kitsu.example.com"
ACS_URL = f"{DOMAIN_URL}/api/auth/saml/sso"
EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
PERSISTENT_FORMAT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"


class SigningKey:
    """An RSA key and its self-signed certificate, as PEM strings."""

    def __init__(self) -> None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test IdP")])
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .sign(key, hashes.SHA256())
        )
        self.key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        self.cert_pem = certificate.public_bytes(serialization.Encoding.PEM).decode()

    def cert_base64(self) -> str:
        return "".join(line for line in self.cert_pem.splitlines() if "CERTIFICATE" not in line)


def saml_time(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeIdentityProvider:
    """Builds and signs SAML responses for this server as a real provider would."""

    def __init__(self) -> None:
        self.key = SigningKey()

    def metadata(self) -> str:
        return f"""<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{IDP_ENTITY_ID}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
      <ds:X509Certificate>{self.key.cert_base64()}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>{EMAIL_FORMAT}</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{IDP_SSO_URL}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""

    def assertion(
        self,
        name_id: str,
        attributes: dict[str, str],
        *,
        audience: str = SP_ENTITY_ID,
        valid_for: dt.timedelta = dt.timedelta(minutes=5),
        name_id_format: str = EMAIL_FORMAT,
    ) -> str:
        now = dt.datetime.now(dt.UTC)
        until = saml_time(now + valid_for)
        values = "".join(
            f'<saml:Attribute Name="{name}"><saml:AttributeValue>{value}'
            "</saml:AttributeValue></saml:Attribute>"
            for name, value in attributes.items()
        )
        statement = f"<saml:AttributeStatement>{values}</saml:AttributeStatement>" if values else ""
        return f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"
    ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{saml_time(now)}">
  <saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer>
  <saml:Subject>
    <saml:NameID Format="{name_id_format}">{name_id}</saml:NameID>
    <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
      <saml:SubjectConfirmationData NotOnOrAfter="{until}" Recipient="{ACS_URL}"/>
    </saml:SubjectConfirmation>
  </saml:Subject>
  <saml:Conditions NotBefore="{saml_time(now - dt.timedelta(minutes=1))}" NotOnOrAfter="{until}">
    <saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction>
  </saml:Conditions>
  <saml:AuthnStatement AuthnInstant="{saml_time(now)}" SessionIndex="_session">
    <saml:AuthnContext><saml:AuthnContextClassRef>
      urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport
    </saml:AuthnContextClassRef></saml:AuthnContext>
  </saml:AuthnStatement>
  {statement}
</saml:Assertion>"""

    def sign(self, assertion: str, key: SigningKey | None = None) -> str:
        key = key or self.key
        signed = OneLogin_Saml2_Utils.add_sign(assertion, key.key_pem, key.cert_pem)
        return signed.decode() if isinstance(signed, bytes) else signed

    def response(self, assertion: str) -> str:
        """The whole response, base64-encoded as the browser posts it."""
        xml = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
    xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{uuid.uuid4().hex}" Version="2.0"
    IssueInstant="{saml_time(dt.datetime.now(dt.UTC))}" Destination="{ACS_URL}">
  <saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>
  </samlp:Status>
  {assertion}
</samlp:Response>"""
        return base64.b64encode(xml.encode()).decode()

    def signed_response(self, name_id: str, **attributes: str) -> str:
        return self.response(self.sign(self.assertion(name_id, attributes)))


@pytest.fixture
def idp(settings, tmp_path) -> FakeIdentityProvider:
    provider = FakeIdentityProvider()
    metadata = tmp_path / "idp-metadata.xml"
    metadata.write_text(provider.metadata())
    settings.SAML_ENABLED = True
    settings.SAML_IDP_NAME = "Studio IdP"
    settings.SAML_ENTITY_ID = SP_ENTITY_ID
    settings.SAML_METADATA_FILE = str(metadata)
    settings.SAML_METADATA_URL = ""
    settings.DOMAIN_URL = DOMAIN_URL
    return provider


def post_response(saml_response: str, client: APIClient | None = None):
    return (client or APIClient()).post("/auth/saml/sso", {"SAMLResponse": saml_response})


def refused(reason: str) -> dict:
    return {"error": True, "message": f"SAML authentication failed: {reason}"}


def test_login_sends_the_browser_to_the_provider_with_a_request(idp, db):
    response = APIClient().get("/auth/saml/login")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == IDP_SSO_URL
    assert query["RelayState"] == [DOMAIN_URL]
    request = etree.fromstring(zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15))
    assert request.tag == "{urn:oasis:names:tc:SAML:2.0:protocol}AuthnRequest"
    assert request.get("Destination") == IDP_SSO_URL
    assert request.get("AssertionConsumerServiceURL") == ACS_URL
    assert request.findtext("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer") == SP_ENTITY_ID


def test_a_known_person_signs_in_and_their_name_follows_the_provider(idp, db):
    ann = PersonFactory(email="ann@example.com", first_name="Ann", last_name="Old")

    response = post_response(
        idp.signed_response("Ann@Example.com", first_name="Ann", last_name="New", phone="555")
    )

    assert response.status_code == 302
    assert response["Location"] == DOMAIN_URL
    ann.refresh_from_db()
    assert (ann.first_name, ann.last_name, ann.phone) == ("Ann", "New", "555")
    assert Person.objects.count() == 1
    assert_signed_in(response, ann)
    assert response.cookies["refresh_token_cookie"].value


def test_under_enforced_2fa_a_saml_session_is_restricted_until_set_up(idp, db, settings):
    settings.ENFORCE_2FA = True
    PersonFactory(email="ann@example.com")

    response = post_response(idp.signed_response("ann@example.com"))

    assert response.status_code == 302
    session = APIClient()
    access = response.cookies["access_token_cookie"].value
    session.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    refused = session.get("/data/projects")
    assert (refused.status_code, refused.json()) == (
        403,
        {
            "error": True,
            "message": "Two factor authentication setup required.",
            "two_factor_authentication_required": True,
        },
    )
    assert session.get("/auth/authenticated").status_code == 200


def test_someone_unknown_gets_an_account(idp, db):
    response = post_response(
        idp.signed_response("nora@example.com", first_name="Nora", last_name="Vance")
    )

    assert response.status_code == 302
    assert_new_account("nora@example.com", "Nora", "Vance")


def test_the_email_attribute_names_the_person_when_the_name_id_is_opaque(idp, db):
    ann = PersonFactory(email="ann@example.com")
    assertion = idp.assertion(
        "a7f3c9", {"email": "ann@example.com"}, name_id_format=PERSISTENT_FORMAT
    )

    response = post_response(idp.response(idp.sign(assertion)))

    assert response.status_code == 302
    assert LoginLog.objects.get().person_id == ann.id


def test_an_answer_naming_no_email_is_refused(idp, db):
    assertion = idp.assertion("a7f3c9", {}, name_id_format=PERSISTENT_FORMAT)

    response = post_response(idp.response(idp.sign(assertion)))

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "The identity provider gave no e-mail address."},
    )


def test_an_inactive_person_is_refused(idp, db):
    PersonFactory(email="ann@example.com", active=False)

    response = post_response(idp.signed_response("ann@example.com"))

    assert response.status_code == 401
    assert response.json()["unactive"] is True
    assert not LoginLog.objects.exists()


def test_a_response_signed_by_another_key_is_refused(idp, db):
    PersonFactory(email="ann@example.com")
    forged = idp.sign(idp.assertion("ann@example.com", {}), key=SigningKey())

    response = post_response(idp.response(forged))

    assert (response.status_code, response.json()) == (
        400,
        refused("Signature validation failed. SAML Response rejected"),
    )
    assert not LoginLog.objects.exists()
    assert "access_token_cookie" not in response.cookies


def test_an_assertion_changed_after_signing_is_refused(idp, db):
    PersonFactory(email="ann@example.com")
    PersonFactory(email="admin@example.com", role="admin")
    signed = idp.sign(idp.assertion("ann@example.com", {}))

    response = post_response(idp.response(signed.replace("ann@example.com", "admin@example.com")))

    assert (response.status_code, response.json()) == (
        400,
        refused("Signature validation failed. SAML Response rejected"),
    )
    assert not LoginLog.objects.exists()


def test_an_unsigned_assertion_is_refused(idp, db):
    PersonFactory(email="ann@example.com")

    response = post_response(idp.response(idp.assertion("ann@example.com", {})))

    assert (response.status_code, response.json()) == (
        400,
        refused("The Assertion of the Response is not signed and the SP require it"),
    )


def test_an_assertion_serves_once(idp, db):
    PersonFactory(email="ann@example.com")
    saml_response = idp.signed_response("ann@example.com")

    first = post_response(saml_response)
    replayed = post_response(saml_response)

    assert first.status_code == 302
    assert (replayed.status_code, replayed.json()) == (
        400,
        refused("this assertion was already used."),
    )
    assert LoginLog.objects.count() == 1


def test_an_expired_assertion_is_refused(idp, db):
    PersonFactory(email="ann@example.com")
    assertion = idp.assertion("ann@example.com", {}, valid_for=dt.timedelta(minutes=-10))

    response = post_response(idp.response(idp.sign(assertion)))

    assert (response.status_code, response.json()) == (
        400,
        refused("Could not validate timestamp: expired. Check system clock."),
    )
    assert not LoginLog.objects.exists()


def test_an_assertion_for_another_service_is_refused(idp, db):
    PersonFactory(email="ann@example.com")
    assertion = idp.assertion("ann@example.com", {}, audience="https://other.example.com")

    response = post_response(idp.response(idp.sign(assertion)))

    assert (response.status_code, response.json()) == (
        400,
        refused(f"{SP_ENTITY_ID} is not a valid audience for this Response"),
    )


@pytest.mark.parametrize(
    ("saml_response", "message"),
    [
        ("", "SAMLResponse is missing."),
        ("not base64 at all!", "SAML authentication failed: Incorrect padding"),
        (
            base64.b64encode(b"<not-xml").decode(),
            "SAML authentication failed: Couldn't find end of Start Tag not-xml line 1, "
            "line 1, column 9 (<string>, line 1)",
        ),
    ],
)
def test_malformed_responses_are_refused(idp, db, saml_response, message):
    response = post_response(saml_response)

    assert (response.status_code, response.json()) == (400, {"error": True, "message": message})


def test_unreadable_metadata_is_a_clear_error(idp, settings, tmp_path, db):
    settings.SAML_METADATA_FILE = str(tmp_path / "missing.xml")

    response = APIClient().get("/auth/saml/login")

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "The identity provider's metadata cannot be read."},
    )


class MetadataServer(LoopbackServer):
    """Serves the provider's metadata on loopback and counts the fetches."""

    def __init__(self, metadata: str) -> None:
        self.fetches = 0
        server = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                server.fetches += 1
                self.reply(metadata.encode(), content_type="application/samlmetadata+xml")

        super().__init__(Handler)
        self.url = f"{self.url}/metadata"


@pytest.fixture
def metadata_server(idp, settings) -> Iterator[MetadataServer]:
    with MetadataServer(idp.metadata()) as server:
        settings.SAML_METADATA_FILE = ""
        settings.SAML_METADATA_URL = server.url
        yield server


def test_metadata_from_a_url_is_fetched_once_and_kept(idp, metadata_server, db):
    PersonFactory(email="ann@example.com")

    first = post_response(idp.signed_response("ann@example.com"))
    second = post_response(idp.signed_response("ann@example.com"))

    assert (first.status_code, second.status_code) == (302, 302)
    assert metadata_server.fetches == 1


def test_config_tells_the_web_client_about_saml(idp, db):
    config = APIClient().get("/config").json()

    assert (config["saml_enabled"], config["saml_idp_name"]) == (True, "Studio IdP")


def test_metadata_describing_no_identity_provider_is_a_clear_error(idp, settings, tmp_path, db):
    metadata = tmp_path / "sp-only.xml"
    metadata.write_text(
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        'entityID="https://elsewhere.example.com"/>'
    )
    settings.SAML_METADATA_FILE = str(metadata)

    response = APIClient().get("/auth/saml/login")

    assert (response.status_code, response.json()) == (
        400,
        {
            "error": True,
            "message": "The identity provider's metadata describes no identity provider.",
        },
    )


def test_a_provider_without_a_redirect_sign_on_is_a_misconfiguration(idp, settings, tmp_path, db):
    metadata = tmp_path / "post-only.xml"
    metadata.write_text(idp.metadata().replace("HTTP-Redirect", "HTTP-POST"))
    settings.SAML_METADATA_FILE = str(metadata)

    response = APIClient().get("/auth/saml/login")

    assert (response.status_code, response.json()) == (
        400,
        {
            "error": True,
            "message": "SAML is misconfigured: Invalid dict settings: idp_sso_not_found",
        },
    )
