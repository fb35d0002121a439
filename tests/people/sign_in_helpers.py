"""What every single sign-on (OIDC, SAML) must end in, checked the same way for each."""

from rest_framework.test import APIClient

from people.models import LoginLog, Person


def assert_signed_in(response, person: Person) -> None:
    """The provider's answer signed the person in: one login logged, and an HTTP-only access
    cookie that authenticates them."""
    assert LoginLog.objects.get().person_id == person.id
    access = response.cookies["access_token_cookie"]
    assert access["httponly"] is True
    me = APIClient().get("/auth/authenticated", HTTP_AUTHORIZATION=f"Bearer {access.value}")
    assert me.json()["user"]["email"] == person.email


def assert_new_account(email: str, first_name: str, last_name: str) -> None:
    """An active user account made from what the provider told, with no password of its own."""
    person = Person.objects.get(email=email)
    assert (person.first_name, person.last_name, person.role, person.active) == (
        first_name,
        last_name,
        "user",
        True,
    )
    assert person.has_usable_password() is False
