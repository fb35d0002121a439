"""create_admin: the operator's way into a fresh or locked-out instance."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kitsu_site.api.models import ApiEvent
from people.models import Person, Role
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("create_admin", *args, stdout=out)
    return out.getvalue()


def test_create_admin_creates_an_admin(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = run("ada@studio.example", "--password", "long enough", "--first-name", "Ada")
    assert output == "Admin ada@studio.example created.\n"
    person = Person.objects.get()
    assert (person.email, person.full_name, person.role, person.active) == (
        "ada@studio.example",
        "Ada Admin",
        Role.ADMIN,
        True,
    )
    assert person.check_password("long enough")
    event = ApiEvent.objects.get()
    assert (event.name, event.data) == ("person:new", {"person_id": str(person.pk)})


def test_create_admin_promotes_and_reactivates_an_existing_user(
    django_capture_on_commit_callbacks,
):
    artist = PersonFactory(
        email="ada@studio.example", first_name="Ada", last_name="Lovelace", active=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        output = run("ADA@studio.example", "--password", "another long one")
    assert output == "Admin ada@studio.example promoted.\n"
    assert Person.objects.count() == 1
    artist.refresh_from_db()
    assert (artist.full_name, artist.role, artist.active) == ("Ada Lovelace", Role.ADMIN, True)
    assert artist.check_password("another long one")
    assert ApiEvent.objects.get().name == "person:update"


def test_create_admin_refuses_a_short_password():
    with pytest.raises(CommandError, match=r"^Password is too short\.$"):
        run("ada@studio.example", "--password", "short")
    assert Person.objects.count() == 0


def test_create_admin_refuses_a_bad_email():
    with pytest.raises(CommandError, match=r"^Invalid e-mail address: not-an-email$"):
        run("not-an-email", "--password", "long enough")
    assert Person.objects.count() == 0


def test_create_admin_requires_a_password():
    with pytest.raises(CommandError, match="the following arguments are required: --password"):
        run("ada@studio.example")
