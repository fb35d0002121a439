from io import StringIO

import pytest
from django.core.management import call_command

from people.models import Person, Role
from people.selectors import person_for_login

pytestmark = pytest.mark.django_db


def run_ensure_admin() -> str:
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_first_run_creates_an_admin_and_prints_working_credentials():
    output = run_ensure_admin()
    password = output.split("password: ")[1].strip()
    assert "email:    admin@example.com" in output
    admin = person_for_login("admin@example.com")
    assert admin.role == Role.ADMIN
    assert admin.check_password(password)


def test_later_runs_leave_the_admin_alone():
    run_ensure_admin()
    assert run_ensure_admin() == (
        "An admin account exists (admin@example.com); not creating another.\n"
    )
    assert Person.objects.count() == 1
