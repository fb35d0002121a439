"""The console's CSV import page (preview, then apply) and export actions on projects."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from people.models import Role
from production.models import Entity, Project
from tests.factories import PersonFactory
from tests.imports.csv_helpers import make_studio
from tests.production.factories import add_to_team

pytestmark = pytest.mark.django_db

GOOD = "Sequence,Name,Description\nSQ01,SH010,first\nSQ01,SH020,second\n"
BAD = "Sequence,Name,Frame In\nSQ01,SH010,1\nSQ01,SH020,abc\n"


@pytest.fixture
def studio():
    return make_studio()


def console_for(role: str = Role.ADMIN) -> Client:
    client = Client()
    client.force_login(PersonFactory(role=role))
    return client


def import_url(project: Project) -> str:
    return f"/admin/production/project/{project.id}/import-csv/"


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("shots.csv", text.encode(), content_type="text/csv")


def test_preview_shows_rows_and_writes_nothing(studio):
    console = console_for()

    response = console.post(
        import_url(studio.project), {"kind": "shots", "file": upload(GOOD), "preview": "1"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "<td>SQ01</td><td>SH020</td><td>second</td>" in page
    assert "2 rows checked, no error" in page
    assert 'name="apply"' in page
    assert response.context["content"] == GOOD
    assert not Entity.objects.filter(entity_type__name="Shot").exists()


def test_preview_shows_the_bad_line_and_no_apply(studio):
    console = console_for()

    response = console.post(
        import_url(studio.project), {"kind": "shots", "file": upload(BAD), "preview": "1"}
    )

    page = response.content.decode()
    assert "Line 3: frame_in must be an integer, got &#x27;abc&#x27;" in page
    assert '<tr class="errors" style="background: #ffefef">\n        <td>3</td>' in page
    assert 'name="apply"' not in page
    assert not Entity.objects.exists()


def test_apply_creates_the_entities(studio):
    console = console_for()

    response = console.post(
        import_url(studio.project), {"kind": "shots", "content": GOOD, "apply": "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/admin/production/project/{studio.project.id}/change/"
    shots = Entity.objects.filter(entity_type__name="Shot").order_by("name")
    assert [(shot.name, shot.description) for shot in shots] == [
        ("SH010", "first"),
        ("SH020", "second"),
    ]


def test_estimations_need_a_task_type(studio):
    response = console_for().post(
        import_url(studio.project), {"kind": "estimations", "content": "Parent,Entity\n"}
    )

    assert response.context["form"].errors == {
        "task_type": ["An estimations import needs a task type."]
    }


def test_non_staff_and_outsiders_are_refused(studio):
    artist = console_for(Role.USER)
    manager = PersonFactory(role=Role.MANAGER)
    outsider = Client()
    outsider.force_login(manager)

    refused = artist.get(import_url(studio.project))
    forbidden = outsider.get(import_url(studio.project))
    add_to_team(studio.project, manager)
    allowed = outsider.get(import_url(studio.project))

    assert refused.status_code == 302
    assert refused["Location"].startswith("/admin/login/")
    assert forbidden.status_code == 403
    assert allowed.status_code == 200
    applied = artist.post(import_url(studio.project), {"kind": "shots", "content": GOOD})
    assert applied.status_code == 302
    assert not Entity.objects.exists()


def test_export_action_streams_the_csv(studio):
    console = console_for()
    console.post(import_url(studio.project), {"kind": "shots", "content": GOOD, "apply": "1"})

    response = console.post(
        "/admin/production/project/",
        {"action": "export_shots", "_selected_action": [str(studio.project.id)]},
    )

    assert response["Content-Disposition"] == "attachment; filename=kitsu_short_shots.csv"
    assert b"".join(response.streaming_content).decode().splitlines()[1] == (
        "Short;;SQ01;SH010;first;0.00;0;;;;;todo;;todo;"
    )


def test_actions_need_one_project(studio):
    console = console_for()

    response = console.post(
        "/admin/production/project/",
        {
            "action": "import_csv",
            "_selected_action": [str(studio.project.id), str(studio.tv_project.id)],
        },
        follow=True,
    )

    assert "Select exactly one project." in response.content.decode()
    redirect = console.post(
        "/admin/production/project/",
        {"action": "import_csv", "_selected_action": [str(studio.project.id)]},
    )
    assert redirect["Location"] == import_url(studio.project)
