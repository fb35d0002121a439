"""Role rules inside a project (domain.md section 3), beyond "outsiders see nothing": a
representative rule per role, on project A of the matrix dataset."""

from __future__ import annotations

import pytest

from people.models import Role
from reviews.models import Playlist
from tests.conftest import client_for
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.factories import TaskStatusFactory, add_to_team
from tests.reviews.comments_helpers import post_comment
from tests.security.clients import client_as
from tests.security.dataset import BOT

pytestmark = pytest.mark.django_db


def ids_of(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json())


def test_a_vendor_sees_only_the_tasks_assigned_to_them(dataset):
    vendor = client_for(dataset.a_team[Role.VENDOR])
    response = vendor.get(f"/data/tasks?project_id={dataset.project_a.pk}")
    assert ids_of(response) == [str(dataset.objects["task_id"].pk)]


def test_an_artist_of_the_team_sees_every_task_of_the_project(dataset):
    artist = client_for(dataset.a_team[Role.USER])
    response = artist.get(f"/data/tasks?project_id={dataset.project_a.pk}")
    expected = [dataset.objects["task_id"], dataset.objects["asset_task"]]
    assert ids_of(response) == sorted(str(task.pk) for task in expected)


def test_a_client_sees_only_the_playlists_made_for_clients(dataset):
    Playlist.objects.create(name="Internal", project=dataset.project_a, for_client=False)
    client = client_for(dataset.a_team[Role.CLIENT])
    response = client.get(f"/data/projects/{dataset.project_a.pk}/playlists")
    assert ids_of(response) == [str(dataset.objects["playlist_id"].pk)]


def test_a_vendor_is_refused_the_playlists(dataset):
    vendor = client_for(dataset.a_team[Role.VENDOR])
    response = vendor.get(f"/data/playlists/{dataset.objects['playlist_id'].pk}")
    assert response.status_code == 403


def test_an_artist_may_not_use_a_status_kept_for_supervisors(dataset):
    kept = TaskStatusFactory(short_name="apr", name="Approved", is_artist_allowed=False)
    artist = client_for(dataset.a_team[Role.USER])
    response = post_comment(artist, dataset.objects["task_id"], kept, "done")
    assert response.status_code == 403


def test_a_supervisor_acts_only_on_tasks_of_their_departments(dataset):
    wip = TaskStatusFactory(short_name="wip", name="WIP", is_wip=True)
    task = dataset.objects["task_id"]
    elsewhere = PersonFactory(role=Role.SUPERVISOR, email="lighting-sup@example.com")
    elsewhere.departments.add(DepartmentFactory(name="Lighting"))
    inside = PersonFactory(role=Role.SUPERVISOR, email="anim-sup@example.com")
    inside.departments.add(task.task_type.department)
    for supervisor in (elsewhere, inside):
        add_to_team(dataset.project_a, supervisor)
    refused = post_comment(client_for(elsewhere), task, wip, "from lighting")
    accepted = post_comment(client_for(inside), task, wip, "from animation")
    assert (refused.status_code, accepted.status_code) == (403, 201)
    assert accepted.json()["text"] == "from animation"


def test_a_bot_is_refused_the_per_user_routes(dataset):
    bot = client_as(dataset.outsiders[BOT])
    response = bot.get("/data/user/context")
    assert response.status_code == 403


def test_a_bot_of_the_team_reads_the_project_as_its_role_allows(dataset):
    bot = client_as(dataset.outsiders[BOT])
    response = bot.get(f"/data/tasks?project_id={dataset.project_b.pk}")
    assert ids_of(response) == [str(dataset.b_objects["task"].pk)]
