"""The console's CSV pages: the exports page (the studio's lists and each project's breakdown,
as the API exports them), the persons import (preview, then apply), their links from the index
and the project page, and who gets what (project imports: tests/imports/test_admin_import.py
and the browser test)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from people.models import Person
from tests.console.console_helpers import console_for, studio

pytestmark = pytest.mark.django_db

EXPORTS = "/admin/production/project/exports/"


def csv_lines(response) -> list[str]:
    return b"".join(response.streaming_content).decode().split("\r\n")


def export_url(project, what: str) -> str:
    return f"/admin/production/project/{project.pk}/export/{what}.csv"


def test_exports_page_lists_the_studio_lists_and_the_user_projects():
    s = studio()
    page = console_for(s.admin).get(EXPORTS)
    assert page.status_code == 200
    assert page.context["studio_exports"] == [
        "persons",
        "projects",
        "task-types",
        "tasks",
        "time-spents",
    ]
    assert [project.name for project in page.context["projects"]] == ["Caminandes", "Other"]
    html = page.content.decode()
    assert '<a href="/admin/production/project/exports/persons.csv">Persons</a>' in html
    assert f'<a href="{export_url(s.other, "casting")}">Casting</a>' in html
    mine = console_for(s.manager).get(EXPORTS)
    assert [project.name for project in mine.context["projects"]] == ["Caminandes"]
    assert export_url(s.other, "shots") not in mine.content.decode()


def test_studio_exports_stream_the_api_csv_of_the_user_projects():
    s = studio()
    persons = console_for(s.admin).get("/admin/production/project/exports/persons.csv")
    assert persons["Content-Type"] == "text/csv; charset=utf-8"
    assert persons["Content-Disposition"] == "attachment; filename=kitsu_people_export.csv"
    lines = csv_lines(persons)
    assert lines[0] == (
        "First Name;Last Name;Email;Phone;Role;Departments;Studio;Country;Contract Type;"
        "Position;Seniority;Daily Salary;Active"
    )
    assert [line.split(";")[:3] for line in lines[1:-1]] == [
        ["Ada", "Admin", "ada@x.org"],
        ["Art", "Ist", "art@x.org"],
        ["Max", "Manager", "max@x.org"],
    ]
    projects = console_for(s.manager).get("/admin/production/project/exports/projects.csv")
    assert csv_lines(projects) == ["Name;Status", "Caminandes;Open", ""]


def test_project_export_streams_the_breakdown():
    s = studio()
    response = console_for(s.manager).get(export_url(s.project, "assets"))
    assert response["Content-Disposition"] == "attachment; filename=kitsu_caminandes_assets.csv"
    lines = csv_lines(response)
    assert [line.split(";")[:3] for line in lines[1:-1]] == [
        ["Caminandes", "Character", "Hero"],
        ["Caminandes", "Character", "Villain"],
    ]


def test_exports_out_of_reach_are_404():
    s = studio()
    manager = console_for(s.manager)
    assert manager.get(export_url(s.other, "shots")).status_code == 404
    assert manager.get(export_url(s.project, "passwords")).status_code == 404
    assert manager.get("/admin/production/project/exports/secrets.csv").status_code == 404
    artist = console_for(s.artist).get(EXPORTS)
    assert (artist.status_code, artist.url) == (302, f"/admin/login/?next={EXPORTS}")


def test_csv_pages_are_linked_from_the_index_and_the_project_page():
    s = studio()
    console = console_for(s.manager)
    index = console.get("/admin/").content.decode()
    assert f'<a href="{EXPORTS}">CSV exports</a>' in index
    change = console.get(f"/admin/production/project/{s.project.pk}/change/").content.decode()
    import_url = f"/admin/production/project/{s.project.pk}/import-csv/"
    assert f'<a href="{import_url}" class="import-link">Import a CSV</a>' in change


PERSONS_IMPORT = "/admin/production/project/import-csv/"
PERSONS = "First Name,Last Name,Email,Role\nJo,Kim,jo@x.org,Supervisor\nLu,Park,lu@x.org,boss\n"


def persons_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("persons.csv", text.encode(), content_type="text/csv")


def test_admin_imports_persons_after_the_preview():
    s = studio()
    console = console_for(s.admin)
    assert 'id="import-persons"' in console.get(EXPORTS).content.decode()
    page = console.post(PERSONS_IMPORT, {"kind": "persons", "file": persons_file(PERSONS)})
    assert page.status_code == 200
    error = page.context["error"]
    assert (error.line_number, error.message) == (
        3,
        "A value is invalid: Role: boss (accepted values: Studio Manager, Production Manager, "
        "Supervisor, Artist, Client, Vendor)",
    )
    assert page.context["rows"] == [
        (2, ["Jo", "Kim", "jo@x.org", "Supervisor"]),
        (3, ["Lu", "Park", "lu@x.org", "boss"]),
    ]
    assert not Person.objects.filter(email__in=["jo@x.org", "lu@x.org"]).exists()
    good = PERSONS.replace("boss", "Artist")
    preview = console.post(PERSONS_IMPORT, {"kind": "persons", "file": persons_file(good)})
    assert (preview.context["error"], preview.context["ready"]) == (None, True)
    applied = console.post(PERSONS_IMPORT, {"kind": "persons", "content": good, "apply": "1"})
    assert (applied.status_code, applied.url) == (302, "/admin/people/person/")
    imported = Person.objects.filter(email__in=["jo@x.org", "lu@x.org"]).order_by("email")
    assert [(p.full_name, p.role) for p in imported] == [
        ("Jo Kim", "supervisor"),
        ("Lu Park", "user"),
    ]


def test_persons_import_is_for_studio_managers_only():
    s = studio()
    manager = console_for(s.manager)
    assert manager.get(PERSONS_IMPORT).status_code == 403
    response = manager.post(PERSONS_IMPORT, {"kind": "persons", "content": PERSONS, "apply": "1"})
    assert response.status_code == 403
    assert 'id="import-persons"' not in manager.get(EXPORTS).content.decode()
    assert not Person.objects.filter(email="jo@x.org").exists()
