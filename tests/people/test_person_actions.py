"""Admin actions on a person's account, desktop logins, presence logs and department members."""

import datetime as dt

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.errors import FORBIDDEN_MESSAGE, NOT_FOUND_MESSAGE
from kitsu_site.api.models import ApiEvent
from people.models import DesktopLoginLog, Person
from tests.conftest import client_for
from tests.factories import DepartmentFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=False)

FORBIDDEN = {"error": True, "message": FORBIDDEN_MESSAGE}
NOT_FOUND = {"error": True, "message": NOT_FOUND_MESSAGE}
MISSING = "00000000-0000-0000-0000-000000000000"
NON_ADMINS = ("manager", "supervisor", "user", "client", "vendor")


def validation(*errors):
    return {
        "error": True,
        "message": "Validation error.",
        "data": {"errors": [{"field": field, "message": message} for field, message in errors]},
    }


@pytest.fixture
def artist(db):
    return PersonFactory(first_name="Ann", last_name="Artist", email="ann@example.com")


def events(name):
    return list(ApiEvent.objects.filter(name=name).values_list("data", flat=True))


class TestRoleMatrix:
    """Every account action is for admins only, even on one's own account."""

    ROUTES = (
        ("post", "change-password", {"password": "long enough", "password_2": "long enough"}),
        ("post", "reset-password-link", None),
        ("get", "invite", None),
        ("delete", "disable-two-factor-authentication", None),
        ("delete", "clear-avatar", None),
        ("post", "departments/add", {"department_id": MISSING}),
        ("delete", f"departments/{MISSING}", None),
    )

    @pytest.mark.parametrize("method,action,body", ROUTES)
    def test_non_admins_are_refused(self, role_clients, artist, method, action, body):
        for role in NON_ADMINS:
            person, client = role_clients[role]
            for target in (artist, person):
                url = f"/actions/persons/{target.id}/{action}"
                response = getattr(client, method)(url, body, format="json")
                assert (role, response.status_code) == (role, 403)
                assert response.json() == FORBIDDEN

    @pytest.mark.parametrize("method,action,body", ROUTES)
    def test_unknown_or_malformed_person_is_404(self, admin_client, method, action, body):
        for person_id in (MISSING, "not-an-id"):
            url = f"/actions/persons/{person_id}/{action}"
            response = getattr(admin_client, method)(url, body, format="json")
            assert response.status_code == 404
            assert response.json() == NOT_FOUND


class TestChangePassword:
    def url(self, person):
        return f"/actions/persons/{person.id}/change-password"

    def test_sets_the_password(self, admin_client, artist):
        response = admin_client.post(
            self.url(artist), {"password": "brand new one", "password_2": "brand new one"}
        )
        assert response.status_code == 200
        assert response.json() == {"success": True}
        artist.refresh_from_db()
        assert artist.check_password("brand new one")
        assert events("person:update") == []

    def test_confirmation_is_checked_before_length(self, admin_client, artist):
        response = admin_client.post(self.url(artist), {"password": "short", "password_2": "x"})
        assert response.status_code == 400
        assert response.json() == validation(
            ("", "Value error, Confirmation password doesn't match.")
        )
        response = admin_client.post(self.url(artist), {"password": "short", "password_2": "short"})
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": "Password is too short."}

    def test_missing_and_wrong_types(self, admin_client, artist):
        response = admin_client.post(self.url(artist), {}, format="json")
        assert response.json() == validation(
            ("password", "Field required"), ("password_2", "Field required")
        )
        response = admin_client.post(
            self.url(artist), {"password": "", "password_2": None}, format="json"
        )
        assert response.json() == validation(
            ("password", "String should have at least 1 character"),
            ("password_2", "Input should be a valid string"),
        )

    def test_protected_accounts_keep_their_password(self, admin_client, artist, settings):
        settings.PROTECTED_ACCOUNTS = [artist.email]
        body = {"password": "brand new one", "password_2": "brand new one"}
        response = admin_client.post(self.url(artist), body)
        assert response.status_code == 400
        assert response.json() == {
            "error": True,
            "message": "The password of a protected account cannot be changed by others.",
            "data": None,
        }
        artist.refresh_from_db()
        assert not artist.check_password("brand new one")

    def test_a_protected_admin_may_change_his_own(self, admin, admin_client, settings):
        settings.PROTECTED_ACCOUNTS = [admin.email]
        body = {"password": "brand new one", "password_2": "brand new one"}
        assert admin_client.post(self.url(admin), body).status_code == 200


class TestResetLinkAndInvite:
    def test_reset_link_carries_a_working_token(self, admin_client, artist, settings):
        settings.DOMAIN_URL = "https://kitsu.example.com"
        response = admin_client.post(f"/actions/persons/{artist.id}/reset-password-link")
        assert response.status_code == 200
        link = response.json()["reset_password_link"]
        prefix = "https://kitsu.example.com/reset-change-password?email=ann%40example.com&token="
        assert link.startswith(prefix)
        assert default_token_generator.check_token(artist, link.removeprefix(prefix))

    def test_invite_mails_a_link(self, admin_client, artist):
        response = admin_client.get(f"/actions/persons/{artist.id}/invite")
        assert response.status_code == 200
        assert response.json() == {"success": True, "message": "Email sent"}
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["ann@example.com"]
        assert "reset-change-password?email=ann%40example.com&token=" in mail.outbox[0].body


class TestTwoFactorAndAvatar:
    def test_disable_two_factor(self, admin, admin_client, artist):
        Person.objects.filter(pk=artist.pk).update(
            totp_enabled=True,
            totp_secret="S" * 32,
            email_otp_enabled=True,
            otp_recovery_codes=["x"],
            preferred_two_factor_authentication="totp",
        )
        url = f"/actions/persons/{artist.id}/disable-two-factor-authentication"
        response = admin_client.delete(url)
        assert response.status_code == 204
        artist.refresh_from_db()
        assert (artist.totp_enabled, artist.totp_secret, artist.email_otp_enabled) == (
            False,
            None,
            False,
        )
        assert artist.otp_recovery_codes == []
        assert artist.preferred_two_factor_authentication is None
        response = admin_client.delete(url)
        assert response.status_code == 400
        assert response.json() == {
            "error": True,
            "message": "Two factor authentication not enabled for this user.",
        }

    def test_clear_avatar(self, admin_client, artist, django_capture_on_commit_callbacks):
        Person.objects.filter(pk=artist.pk).update(has_avatar=True)
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.delete(f"/actions/persons/{artist.id}/clear-avatar")
        assert response.status_code == 204
        artist.refresh_from_db()
        assert artist.has_avatar is False
        assert events("person:update") == [{"person_id": str(artist.id)}]


class TestDepartments:
    def test_add_then_remove(self, admin_client, artist, django_capture_on_commit_callbacks):
        department = DepartmentFactory(name="Animation")
        url = f"/actions/persons/{artist.id}/departments/add"
        for _ in range(2):  # adding twice changes nothing
            with django_capture_on_commit_callbacks(execute=True):
                response = admin_client.post(url, {"department_id": str(department.id)})
            assert response.status_code == 201
            body = response.json()
            assert body["id"] == str(artist.id)
            assert body["departments"] == [str(department.id)]
            assert body["type"] == "Person"
            assert "password" not in body
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                response = admin_client.delete(
                    f"/actions/persons/{artist.id}/departments/{department.id}"
                )
            assert response.status_code == 204
        assert list(artist.departments.all()) == []
        assert len(events("person:update")) == 4

    @pytest.mark.parametrize(
        "value,message",
        [
            ("xxx", "Input should be a valid UUID, invalid character: found `x` at 1"),
            (
                "1234",
                "Input should be a valid UUID, invalid length: expected length 32 for simple "
                "format, found 4",
            ),
            (123, "UUID input should be a string, bytes or UUID object"),
            (None, "UUID input should be a string, bytes or UUID object"),
        ],
    )
    def test_add_validates_the_id(self, admin_client, artist, value, message):
        url = f"/actions/persons/{artist.id}/departments/add"
        response = admin_client.post(url, {"department_id": value}, format="json")
        assert response.status_code == 400
        assert response.json() == validation(("department_id", message))

    def test_add_refuses_missing_and_unknown(self, admin_client, artist):
        url = f"/actions/persons/{artist.id}/departments/add"
        response = admin_client.post(url, {}, format="json")
        assert response.json() == validation(("department_id", "Field required"))
        response = admin_client.post(url, [1], format="json")
        assert response.json() == validation(
            ("", "Input should be a valid dictionary or instance of AddToDepartmentSchema")
        )
        response = admin_client.post(url, {"department_id": MISSING}, format="json")
        assert response.status_code == 400
        assert response.json() == {
            "error": True,
            "message": "Department ID matches no department",
            "data": None,
        }

    def test_remove_unknown_department(self, admin_client, artist):
        for department_id in ("xx", MISSING):
            response = admin_client.delete(
                f"/actions/persons/{artist.id}/departments/{department_id}"
            )
            assert response.status_code == 400
            assert response.json()["message"] == "Department ID matches no department"

    def test_department_persons(self, admin_client, role_clients):
        department = DepartmentFactory()
        members = [PersonFactory(first_name=f"M{i}") for i in range(3)]
        for member in members:
            member.departments.add(department)
        url = f"/data/departments/{department.id}/persons"
        body = admin_client.get(url).json()
        assert [row["id"] for row in body] == [str(member.id) for member in members]
        assert body[0]["email"] == members[0].email
        assert body[0]["departments"] == [str(department.id)]
        for role in NON_ADMINS:
            rows = role_clients[role][1].get(url).json()
            assert rows[0] == {
                "id": str(members[0].id),
                "type": "Person",
                "first_name": "M0",
                "last_name": members[0].last_name,
                "full_name": f"M0 {members[0].last_name}",
                "has_avatar": False,
                "active": True,
                "departments": [str(department.id)],
                "studio_id": None,
                "role": "user",
                "desktop_login": None,
                "is_bot": False,
            }
        assert admin_client.get("/data/departments/xx/persons").json() == {
            "error": True,
            "message": "Wrong UUID format.",
            "data": None,
        }
        assert admin_client.get(f"/data/departments/{MISSING}/persons").status_code == 404

    def test_department_persons_query_count(self, admin_client):
        department = DepartmentFactory()
        url = f"/data/departments/{department.id}/persons"
        counts = []
        for _ in range(2):
            for _ in range(len(counts) * 2 + 1):  # 1, then 3 members
                PersonFactory().departments.add(department)
            with CaptureQueriesContext(connection) as queries:
                assert admin_client.get(url).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]


class TestDesktopLogins:
    def url(self, person):
        return f"/data/persons/{person.id}/desktop-login-logs"

    def test_post_and_list(self, artist, django_capture_on_commit_callbacks):
        client = client_for(artist)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url(artist), {"date": "2026-11-21"}, format="json")
        assert response.status_code == 201
        body = response.json()
        assert body["person_id"] == str(artist.id)
        assert body["date"] == "2026-11-21T00:00:00"
        assert body["type"] == "DesktopLoginLog"
        with django_capture_on_commit_callbacks(execute=True):
            client.post(self.url(artist), {"date": "2026-11-22T10:30:00"}, format="json")
        rows = client.get(self.url(artist)).json()
        assert [row["date"] for row in rows] == ["2026-11-22T10:30:00", "2026-11-21T00:00:00"]
        artist.refresh_from_db()
        assert artist.last_presence == dt.date(2026, 11, 22)
        assert len(events("person:update")) == 2

    def test_bad_date(self, admin_client, artist):
        response = admin_client.post(self.url(artist), {"date": "nope"}, format="json")
        assert response.json() == validation(
            ("date", "Value error, Wrong date format. Expected: 2020-01-05T13:23:10 or 2020-01-05")
        )

    def test_roles(self, role_clients, artist):
        for role in ("manager",):
            assert role_clients[role][1].get(self.url(artist)).status_code == 200
            assert role_clients[role][1].post(self.url(artist), {}).status_code == 403
        for role in ("supervisor", "user", "client", "vendor"):
            assert role_clients[role][1].get(self.url(artist)).status_code == 403
            assert role_clients[role][1].post(self.url(artist), {}).status_code == 403
        assert role_clients["admin"][1].post(self.url(artist), {}).status_code == 201

    def test_unknown_person(self, admin_client):
        assert admin_client.get(f"/data/persons/{MISSING}/desktop-login-logs").status_code == 404
        assert admin_client.post(f"/data/persons/{MISSING}/desktop-login-logs").status_code == 404


class TestPresenceLogs:
    def test_csv(self, admin, admin_client, artist):
        PersonFactory(first_name="Off", last_name="Line", active=False)
        for day in (3, 3, 30):
            DesktopLoginLog.objects.create(
                person=artist, date=dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC)
            )
        DesktopLoginLog.objects.create(person=admin, date=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
        response = admin_client.get("/data/persons/presence-logs/2026-11")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv"
        assert response["Content-Disposition"] == "attachment; filename=kitsu_export.csv"
        empty = ";" * 30
        ann = ";".join(["Ann Artist", *("X" if day in (3, 30) else "" for day in range(1, 31))])
        assert response.content.decode() == (
            ";".join(["2026", *map(str, range(1, 31))]) + "\r\n" + f"{ann}\r\nJohn Did{empty}\r\n"
        )

    def test_month_lengths_and_errors(self, admin_client):
        first = admin_client.get("/data/persons/presence-logs/2024-2").content.decode()
        assert first.split("\r\n")[0].endswith(";28;29")
        for bad in ("2026-13", "2026", "2026-11-05", "xx"):
            response = admin_client.get(f"/data/persons/presence-logs/{bad}")
            assert response.status_code == 400
            assert response.json() == {
                "error": True,
                "message": "Invalid month or year.",
                "data": None,
            }

    def test_admin_only(self, role_clients):
        for role in NON_ADMINS:
            response = role_clients[role][1].get("/data/persons/presence-logs/2026-11")
            assert response.status_code == 403
