"""CSV import of assets and edits."""

import pytest

from production.models import Entity, EntityType, Task
from tests.imports.csv_helpers import make_studio, post_csv

pytestmark = pytest.mark.django_db

ASSETS = (
    "Type,Name,Description,Ready for,Style,"
    "Modeling,Modeling comment,Modeling assignations,Shading\n"
    "Character,Hero,the hero,Layout,cartoon,wip,go,john.did@example.com,\n"
    "Props,Sword,a sword,,,,,,done\n"
    "Character,Villain,,,,,,,\n"
)


@pytest.fixture
def studio():
    return make_studio()


def test_assets_are_created_with_types_tasks_and_readiness(admin, admin_client, studio):
    response = post_csv(admin_client, f"/import/csv/projects/{studio.project.id}/assets", ASSETS)

    assert response.status_code == 201, response.json()
    hero, sword, villain = response.json()
    assert (hero["name"], hero["description"], hero["data"]) == (
        "Hero",
        "the hero",
        {"style": "cartoon"},
    )
    assert hero["ready_for"] == str(studio.layout.id)
    assert hero["source_id"] is None
    assert (sword["data"], sword["ready_for"]) == ({"style": ""}, None)
    assert villain["description"] == ""
    assert sword["entity_type_id"] == str(EntityType.objects.get(name="Props").id)
    modeling = Task.objects.get(entity_id=hero["id"], task_type=studio.modeling)
    assert (modeling.task_status.short_name, list(modeling.assignees.all())) == ("wip", [admin])
    assert Task.objects.filter(project=studio.project).count() == 6


def test_episode_column(admin_client, studio):
    text = "Type;Name;Episode\nCharacter;Hero;E01\nCharacter;Extra;MP\n"

    refused = post_csv(admin_client, f"/import/csv/projects/{studio.project.id}/assets", text)
    accepted = post_csv(admin_client, f"/import/csv/projects/{studio.tv_project.id}/assets", text)

    assert refused.status_code == 400
    assert refused.json()["message"] == (
        "An episode column is present for a production that isn't a TV Show"
    )
    hero, extra = accepted.json()
    assert hero["source_id"] == str(Entity.objects.get(name="E01").id)
    assert extra["source_id"] is None


def test_unknown_ready_for_is_a_row_error(admin_client, studio):
    text = "Type,Name,Ready for\nCharacter,Hero,Nope\n"

    response = post_csv(admin_client, f"/import/csv/projects/{studio.project.id}/assets", text)

    assert response.json() == {
        "error": True,
        "message": "Task type not found for Nope",
        "line_number": 2,
        "imported_rows": 0,
    }


def test_edits_in_episodes(admin_client, studio):
    text = "Episode,Name,Description\nE01,Trailer,cut\nE1,Trailer,again\n"

    response = post_csv(admin_client, f"/import/csv/projects/{studio.tv_project.id}/edits", text)

    first, second = response.json()
    assert first["id"] == second["id"]
    assert first["parent_id"] == str(Entity.objects.get(name="E01").id)
    assert first["description"] == "cut"
