"""The console (/admin/): who gets in, the person pages, and writes going through services."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from people.models import DepartmentLink, LoginLog, Organisation, Person, Role
from tests.factories import DEFAULT_PASSWORD, DepartmentFactory, PersonFactory, StudioFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/people/person/"
ADD = "/admin/people/person/add/"


def change_url(person: Person) -> str:
    return f"/admin/people/person/{person.pk}/change/"


def console_for(person: Person) -> Client:
    client = Client()
    assert client.login(username=person.email, password=DEFAULT_PASSWORD)
    return client


def form_data(response) -> dict[str, object]:
    """The POST body the change page would send back unchanged: its form and inline forms."""
    data: dict[str, object] = {}

    def add(form) -> None:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for form in formset.initial_forms:
            add(form)
    return data


@pytest.fixture
def console(admin) -> Client:
    return console_for(admin)


def test_admin_logs_in_with_the_login_form(admin):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "John.Did@example.com", "password": DEFAULT_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "<title>Studio data | Kitsu console</title>" in index.text
    assert "Kitsu console" in index.text


def test_wrong_password_is_refused(admin):
    response = Client().post("/admin/login/", {"username": admin.email, "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"] == [
        "Please enter the correct email and password for a staff account. "
        "Note that both fields may be case-sensitive."
    ]


def test_artist_cannot_log_in_to_the_console():
    artist = PersonFactory(role=Role.USER, email="artist@example.com")
    client = Client()
    response = client.post(
        "/admin/login/", {"username": artist.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    assert not response.context["form"].is_valid()
    assert "_auth_user_id" not in client.session
    # Even with a session opened elsewhere, the console sends an artist to the login page.
    client.login(username=artist.email, password=DEFAULT_PASSWORD)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/login/?next={CHANGELIST}"


def test_inactive_admin_cannot_log_in():
    former = PersonFactory(role=Role.ADMIN, active=False)
    assert Client().login(username=former.email, password=DEFAULT_PASSWORD) is False


def test_person_changelist_lists_people_with_studio_and_departments(admin, console):
    studio = StudioFactory(name="Paris")
    jane = PersonFactory(
        first_name="Jane", last_name="Doe", email="jane@example.com", studio=studio
    )
    jane.departments.set([DepartmentFactory(name="Modeling"), DepartmentFactory(name="FX")])
    response = console.get(CHANGELIST)
    assert response.status_code == 200
    assert [person.email for person in response.context["cl"].result_list] == [
        "jane@example.com",
        "john.did@example.com",
    ]
    assert '<td class="field-department_names">FX, Modeling</td>' in response.text
    assert '<td class="field-studio nowrap">Paris</td>' in response.text


def test_person_changelist_search(admin, console):
    PersonFactory(first_name="Jane", last_name="Doe", email="jane@example.com")
    PersonFactory(first_name="Bob", email="bob@example.com", desktop_login="bobby")
    for query, expected in [
        ("jane", ["jane@example.com"]),
        ("bobby", ["bob@example.com"]),
        ("example.com", ["bob@example.com", "jane@example.com", "john.did@example.com"]),
        ("nobody", []),
    ]:
        response = console.get(CHANGELIST, {"q": query})
        assert response.status_code == 200
        assert [p.email for p in response.context["cl"].result_list] == expected, query


def test_person_changelist_filters_by_role(admin, console):
    PersonFactory(role=Role.MANAGER, email="manager@example.com")
    response = console.get(CHANGELIST, {"role__exact": "manager"})
    assert [p.email for p in response.context["cl"].result_list] == ["manager@example.com"]


def test_secret_lookups_are_refused(admin, console):
    response = console.get(CHANGELIST, {"totp_secret__startswith": "A"})
    assert response.status_code == 400


def test_change_form_never_shows_secrets(admin, console):
    jane = PersonFactory(
        email="jane@example.com",
        totp_enabled=True,
        totp_secret="TOTPSECRETVALUE1",
        email_otp_secret="EMAILOTPSECRET12",
        otp_recovery_codes=["recovery-code-one"],
        fido_credentials=[{"credential_id": "fido-credential-id"}],
        jti="jti-secret-value",
    )
    response = console.get(change_url(jane))
    assert response.status_code == 200
    form = response.context["adminform"].form
    for secret in (
        "totp_secret",
        "email_otp_secret",
        "otp_recovery_codes",
        "fido_credentials",
        "jti",
    ):
        assert secret not in form.fields
    for value in (
        "TOTPSECRETVALUE1",
        "EMAILOTPSECRET12",
        "recovery-code-one",
        "fido-credential-id",
        "jti-secret-value",
    ):
        assert value not in response.text
    algorithm, salt, digest = jane.password.split("$")
    assert salt not in response.text
    assert digest[:6] not in response.text
    assert "Password set" in response.text
    assert 'href="../password/"' in response.text


def test_change_form_saves_through_the_service(admin, console, django_capture_on_commit_callbacks):
    jane = PersonFactory(first_name="Jane", email="jane@example.com")
    modeling = DepartmentFactory(name="Modeling")
    data = form_data(console.get(change_url(jane)))
    data.update(
        {
            "first_name": "Janet",
            "role": "supervisor",
            "department_links-0-department": str(modeling.pk),
            "department_links-0-person": str(jane.pk),
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(change_url(jane), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    jane.refresh_from_db()
    assert (jane.first_name, jane.role) == ("Janet", "supervisor")
    assert list(jane.departments.values_list("name", flat=True)) == ["Modeling"]
    event = ApiEvent.objects.get()
    assert (event.name, event.data, event.user_id) == (
        "person:update",
        {"person_id": str(jane.pk)},
        admin.pk,
    )


def test_change_form_refuses_an_email_in_use(admin, console):
    jane = PersonFactory(email="jane@example.com")
    data = form_data(console.get(change_url(jane)))
    data["email"] = "JOHN.DID@example.com"
    response = console.post(change_url(jane), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"email": ["Email already in use."]}


def test_add_form_creates_a_person_whose_password_works(
    admin, console, django_capture_on_commit_callbacks
):
    assert console.get(ADD).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            ADD,
            {
                "email": "new.manager@example.com",
                "first_name": "New",
                "last_name": "Manager",
                "role": "manager",
                "usable_password": "true",
                "password1": "a long enough password",
                "password2": "a long enough password",
            },
        )
    person = Person.objects.get(email="new.manager@example.com")
    assert response.status_code == 302
    assert response.headers["Location"] == change_url(person)
    assert (person.full_name, person.role, person.active) == ("New Manager", "manager", True)
    assert person.password.startswith("md5$")  # hashed (the test settings' fast hasher)
    assert person.check_password("a long enough password")
    assert Client().login(username="new.manager@example.com", password="a long enough password")
    event = ApiEvent.objects.get()
    assert (event.name, event.data, event.user_id) == (
        "person:new",
        {"person_id": str(person.pk)},
        admin.pk,
    )


def test_add_form_without_password_creates_an_account_that_cannot_log_in(admin, console):
    response = console.post(
        ADD,
        {
            "email": "sso@example.com",
            "first_name": "Single",
            "last_name": "Sign-On",
            "role": "user",
            "usable_password": "false",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(email="sso@example.com").has_usable_password() is False


def test_add_form_rejects_short_passwords_and_emails_in_use(admin, console):
    response = console.post(
        ADD,
        {
            "email": "john.did@EXAMPLE.com",
            "first_name": "Dup",
            "last_name": "Licate",
            "role": "user",
            "usable_password": "true",
            "password1": "short",
            "password2": "short",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "email": ["Email already in use."],
        "password2": ["The password must have at least 8 characters."],
    }
    assert Person.objects.count() == 1


def test_password_change_page_sets_a_new_password(admin, console):
    jane = PersonFactory(email="jane@example.com")
    url = f"/admin/people/person/{jane.pk}/password/"
    assert console.get(url).status_code == 200
    response = console.post(
        url,
        {"usable_password": "true", "password1": "brand new pass", "password2": "brand new pass"},
    )
    assert response.status_code == 302
    jane.refresh_from_db()
    assert jane.check_password("brand new pass")


def test_deactivate_action_goes_through_the_service(
    admin, console, django_capture_on_commit_callbacks
):
    jane = PersonFactory(email="jane@example.com")
    bob = PersonFactory(email="bob@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            CHANGELIST,
            {"action": "deactivate_selected", "_selected_action": [str(jane.pk), str(admin.pk)]},
            follow=True,
        )
    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == [
        "John Did: You cannot deactivate your own account.",
        "1 person(s) deactivated.",
    ]
    jane.refresh_from_db()
    bob.refresh_from_db()
    admin.refresh_from_db()
    assert (jane.active, bob.active, admin.active) == (False, True, True)
    event = ApiEvent.objects.get()
    assert (event.name, event.data, event.user_id) == (
        "person:update",
        {"person_id": str(jane.pk)},
        admin.pk,
    )


def test_delete_goes_through_the_service(admin, console, django_capture_on_commit_callbacks):
    jane = PersonFactory(email="jane@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(f"/admin/people/person/{jane.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=jane.pk).exists()
    assert ApiEvent.objects.get().name == "person:delete"
    response = console.post(f"/admin/people/person/{admin.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Person.objects.filter(pk=admin.pk).exists()


def test_manager_sees_read_only_pages(admin):
    manager = PersonFactory(role=Role.MANAGER, email="manager@example.com")
    console = console_for(manager)
    assert console.get("/admin/").status_code == 200
    response = console.get(CHANGELIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    assert "deactivate_selected" not in response.text  # no action they could not run
    assert console.get(change_url(admin)).status_code == 200  # the view-only page
    assert console.get(ADD).status_code == 403
    response = console.post(
        ADD,
        {
            "email": "sneaky@example.com",
            "first_name": "S",
            "last_name": "N",
            "role": "admin",
            "usable_password": "true",
            "password1": "a long enough password",
            "password2": "a long enough password",
        },
    )
    assert response.status_code == 403
    response = console.post(change_url(manager), {"email": manager.email, "role": "admin"})
    assert response.status_code == 403
    manager.refresh_from_db()
    assert manager.role == Role.MANAGER
    assert console.get(f"/admin/people/person/{admin.pk}/password/").status_code == 403
    assert Person.objects.count() == 2


def test_person_changelist_query_count_does_not_grow_with_rows(admin, console):
    studio = StudioFactory()
    departments = [DepartmentFactory(), DepartmentFactory()]

    def make_person() -> None:
        person = PersonFactory(studio=studio)
        person.departments.set(departments)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = console.get(CHANGELIST)
        assert response.status_code == 200
        return len(queries)

    make_person()
    console.get(CHANGELIST)  # warm the session and content type caches
    with_one = count_queries()
    for _ in range(4):
        make_person()
    assert count_queries() == with_one
    assert DepartmentLink.objects.count() == 10


def test_organisation_is_a_singleton(admin, console):
    assert console.get("/admin/people/organisation/add/").status_code == 200
    Organisation.current()
    assert console.get("/admin/people/organisation/add/").status_code == 403
    organisation = Organisation.objects.get()
    url = f"/admin/people/organisation/{organisation.pk}/delete/"
    assert console.get(url).status_code == 403


def test_login_logs_are_read_only(admin, console):
    log = LoginLog.objects.create(person=admin, origin="web", ip_address="10.0.0.1")
    response = console.get("/admin/people/loginlog/")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert console.get("/admin/people/loginlog/add/").status_code == 403
    assert console.get(f"/admin/people/loginlog/{log.pk}/change/").status_code == 200
    response = console.post(f"/admin/people/loginlog/{log.pk}/change/", {"origin": "script"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/people/department/",
        "/admin/people/department/add/",
        "/admin/people/studio/",
        "/admin/people/studio/add/",
        "/admin/people/organisation/",
        "/admin/production/projectstatus/",
        "/admin/production/taskstatus/",
        "/admin/production/tasktype/",
        "/admin/production/tasktype/add/",
        "/admin/production/entitytype/",
        "/admin/production/entitytype/add/",
        "/admin/api/apievent/",
    ],
)
def test_console_pages_render(admin, console, url):
    call_command("init_data", stdout=StringIO())
    assert console.get(url).status_code == 200


def test_department_autocomplete_serves_the_task_type_form(admin, console):
    call_command("init_data", stdout=StringIO())
    response = console.get(
        "/admin/autocomplete/",
        {
            "app_label": "production",
            "model_name": "tasktype",
            "field_name": "department",
            "term": "mod",
        },
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Modeling"]


def test_event_log_is_read_only(admin, console):
    ApiEvent.objects.create(name="person:new", data={"person_id": str(admin.pk)})
    ApiEvent.objects.create(name="task:update", data={})
    response = console.get("/admin/api/apievent/", {"name": "person:new"})
    assert [event.name for event in response.context["cl"].result_list] == ["person:new"]
    response = console.get("/admin/api/apievent/", {"q": "task"})
    assert [event.name for event in response.context["cl"].result_list] == ["task:update"]
    assert console.get("/admin/api/apievent/add/").status_code == 403
    event = ApiEvent.objects.get(name="task:update")
    response = console.post(f"/admin/api/apievent/{event.pk}/change/", {"name": "x"})
    assert response.status_code == 403
    assert (
        console.post(f"/admin/api/apievent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    )


def test_a_rule_the_service_refuses_comes_back_as_a_message(admin, console, settings):
    settings.PROTECTED_ACCOUNTS = ["keeper@example.com"]
    keeper = PersonFactory(first_name="Keeper", email="keeper@example.com")
    data = form_data(console.get(change_url(keeper)))
    data.pop("active")  # an unchecked box
    data["first_name"] = "Changed"
    response = console.post(change_url(keeper), data, follow=True)
    assert response.redirect_chain == [(change_url(keeper), 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "This account is protected."
    ]
    keeper.refresh_from_db()
    assert (keeper.active, keeper.first_name) == (True, "Keeper")  # the whole save rolled back
    assert ApiEvent.objects.count() == 0
