"""The console pages of projects, descriptors and templates; their writes use the services."""

import pytest
from django.test import Client

from kitsu_site.api.models import ApiEvent
from people.models import Role
from production.models import Entity, MetadataDescriptor, Project, ProjectTemplate
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.production.factories import ProjectFactory, asset, closed_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def console() -> Client:
    person = PersonFactory(role=Role.ADMIN)
    client = Client()
    assert client.login(username=person.email, password=DEFAULT_PASSWORD)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/production/project/",
        "/admin/production/project/?q=cam&production_type__exact=tvshow",
        "/admin/production/project/add/",
        "/admin/production/metadatadescriptor/",
        "/admin/production/projecttemplate/",
        "/admin/production/projecttemplate/add/",
    ],
)
def test_pages_load(console, url):
    ProjectFactory(name="Caminandes")
    ProjectTemplate.objects.create(name="Tpl")
    assert console.get(url).status_code == 200


def test_change_page_loads(console):
    project = ProjectFactory()
    assert console.get(f"/admin/production/project/{project.pk}/change/").status_code == 200


def test_close_action(console, django_capture_on_commit_callbacks):
    project = ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            "/admin/production/project/",
            {"action": "close_projects", "_selected_action": [str(project.pk)]},
        )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.project_status == closed_status()
    assert list(ApiEvent.objects.values_list("name", flat=True)) == ["project:update"]


def test_descriptor_delete_cleans_data(console):
    project = ProjectFactory()
    rock = asset(project, data={"level": 1})
    level = MetadataDescriptor.objects.create(
        project=project, entity_type="Asset", name="Level", field_name="level"
    )
    response = console.post(
        f"/admin/production/metadatadescriptor/{level.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    rock.refresh_from_db()
    assert rock.data == {}


def test_register_service_sets_up_a_tvshow(admin):
    from production.services.projects import project_register

    project = project_register(actor=admin, project=Project(name="Show", production_type="tvshow"))
    assert project.project_status.name == "Open"
    assert Entity.objects.get(project=project).name == "E01"
