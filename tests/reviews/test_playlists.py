"""Playlist routes: `/data/playlists` CRUD with its role rules, shots normalisation, project
playlist pages, adding entities and an entity's preview files."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from people.models import Role
from production.models import Task
from reviews.models import Playlist, PreviewFile, ValidationStatus
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    add_to_team,
    sequence,
    shot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod():
    project = ProjectFactory(name="Playlists Prod")
    sh010 = shot(project, sequence(project), "SH010")
    animation = TaskTypeFactory(name="Animation", for_entity="Shot")
    layout = TaskTypeFactory(name="Layout", for_entity="Shot")
    anim_task = TaskFactory(entity=sh010, project=project, task_type=animation)
    layout_task = TaskFactory(entity=sh010, project=project, task_type=layout)
    return project, sh010, anim_task, layout_task


def preview(task: Task, revision: int, position: int = 1, **fields) -> PreviewFile:
    return PreviewFile.objects.create(
        task=task, revision=revision, position=position, name=f"p{revision}{position}", **fields
    )


@pytest.fixture
def team(prod, role_clients):
    project = prod[0]
    for role, (person, _client) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(project, person)
    return role_clients


def wire(playlist: Playlist, **extra) -> dict:
    return {
        "name": playlist.name,
        "shots": playlist.shots,
        "project_id": str(playlist.project_id),
        "episode_id": None,
        "task_type_id": str(playlist.task_type_id) if playlist.task_type_id else None,
        "for_client": playlist.for_client,
        "for_entity": "shot",
        "is_for_all": False,
        "created_by": str(playlist.created_by_id) if playlist.created_by_id else None,
        "id": str(playlist.pk),
        "created_at": playlist.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": playlist.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "Playlist",
        **extra,
    }


# -- CRUD ------------------------------------------------------------------------------------------
def test_create_sets_creator_and_answers_with_build_jobs(
    prod, team, django_capture_on_commit_callbacks
):
    project, _, anim_task, _ = prod
    supervisor, client = team[Role.SUPERVISOR]
    body = {
        "name": "Daily",
        "project_id": str(project.pk),
        "task_type_id": str(anim_task.task_type_id),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/data/playlists", body, format="json")
    assert response.status_code == 201
    playlist = Playlist.objects.get()
    assert playlist.created_by_id == supervisor.pk
    assert response.json() == wire(playlist, build_jobs=[])
    assert ApiEvent.objects.filter(name="playlist:new").count() == 1


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.MANAGER, 201),
        (Role.SUPERVISOR, 201),
        (Role.USER, 403),
        (Role.CLIENT, 403),
        (Role.VENDOR, 403),
    ],
)
def test_create_needs_supervisor_of_project(prod, team, role, code):
    response = team[role][1].post(
        "/data/playlists", {"name": "P", "project_id": str(prod[0].pk)}, format="json"
    )
    assert response.status_code == code


def test_create_outside_team_refused(prod, make_person):
    manager = make_person(role=Role.MANAGER)
    response = client_for(manager).post(
        "/data/playlists", {"name": "P", "project_id": str(prod[0].pk)}, format="json"
    )
    assert response.status_code == 403


def test_create_errors(prod, admin_client):
    response = admin_client.post("/data/playlists", {"project_id": str(prod[0].pk)}, format="json")
    assert response.status_code == 400
    response = admin_client.post("/data/playlists", {"name": "x", "bogus": 1}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "'bogus' is an invalid keyword argument for Playlist"


def test_list_with_and_without_slash_and_role_scoping(prod, team, make_person):
    project = prod[0]
    studio = Playlist.objects.create(name="Studio", project=project)
    for_client = Playlist.objects.create(name="Client", project=project, for_client=True)
    Playlist.objects.create(name="Elsewhere", project=ProjectFactory())
    admin_client = team[Role.ADMIN][1]
    for path in ("/data/playlists", "/data/playlists/"):
        response = admin_client.get(path)
        assert response.status_code == 200
        assert len(response.json()) == 3
    response = team[Role.USER][1].get("/data/playlists/")
    assert response.json() == [wire(studio), wire(for_client)]
    response = team[Role.CLIENT][1].get("/data/playlists")
    assert response.json() == [wire(for_client)]
    assert team[Role.VENDOR][1].get("/data/playlists").status_code == 403
    outsider = client_for(make_person(role=Role.MANAGER))
    assert outsider.get("/data/playlists").json() == []


def test_list_query_count_is_fixed(prod, admin_client):
    project = prod[0]
    Playlist.objects.create(name="P0", project=project)
    with CaptureQueriesContext(connection) as one:
        assert len(admin_client.get("/data/playlists?relations=true").json()) == 1
    for index in (1, 2):
        Playlist.objects.create(name=f"P{index}", project=project)
    with CaptureQueriesContext(connection) as three:
        rows = admin_client.get("/data/playlists?relations=true").json()
    assert len(rows) == 3
    assert all(row["build_jobs"] == [] for row in rows)
    assert len(three) == len(one)


def test_get_one_by_role(prod, team):
    project = prod[0]
    studio = Playlist.objects.create(name="Studio", project=project)
    for_client = Playlist.objects.create(name="Client", project=project, for_client=True)
    response = team[Role.USER][1].get(f"/data/playlists/{studio.pk}")
    assert response.status_code == 200
    assert response.json() == wire(studio, build_jobs=[])
    assert team[Role.USER][1].get(f"/data/playlists/{studio.pk}?relations=false").json() == wire(
        studio
    )
    assert team[Role.CLIENT][1].get(f"/data/playlists/{studio.pk}").status_code == 403
    assert team[Role.CLIENT][1].get(f"/data/playlists/{for_client.pk}").status_code == 200
    assert team[Role.VENDOR][1].get(f"/data/playlists/{for_client.pk}").status_code == 403
    admin_client = team[Role.ADMIN][1]
    assert admin_client.get("/data/playlists/abc").json()["message"] == "Malformed ID."
    missing = "00000000-0000-0000-0000-000000000000"
    assert admin_client.get(f"/data/playlists/{missing}").status_code == 404


def test_put_normalises_shots(prod, admin_client):
    project, sh010, anim_task, _ = prod
    other_shot = shot(project, sequence(project, "SQ02"), "SH020")
    other_task = TaskFactory(entity=other_shot, project=project, task_type=anim_task.task_type)
    own = preview(anim_task, 1)
    foreign = preview(other_task, 1)
    playlist = Playlist.objects.create(name="P", project=project)
    shots = [
        {"entity_id": str(sh010.pk), "preview_file_id": str(own.pk), "extra": 1},
        {"id": str(sh010.pk), "preview_file_id": str(foreign.pk)},
        {"entity_id": "x", "preview_file_id": "not-an-id"},
        {"entity_id": None, "id": "w"},
        {},
        "abc",
        {"entity_id": ""},
    ]
    response = admin_client.put(
        f"/data/playlists/{playlist.pk}",
        {"shots": shots, "project_id": "00000000-0000-0000-0000-000000000000"},
        format="json",
    )
    assert response.status_code == 200
    expected = [
        {"entity_id": str(sh010.pk), "preview_file_id": str(own.pk)},
        {"entity_id": str(sh010.pk), "preview_file_id": None},
        {"entity_id": "x", "preview_file_id": None},
        {"entity_id": "w", "preview_file_id": None},
    ]
    playlist.refresh_from_db()
    assert playlist.shots == expected
    assert playlist.project_id == project.pk
    assert response.json() == wire(playlist)
    assert (
        admin_client.put(f"/data/playlists/{playlist.pk}", {"shots": "abc"}, format="json").json()[
            "shots"
        ]
        == []
    )
    response = admin_client.put(f"/data/playlists/{playlist.pk}", {"shots": None}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("role", "own", "code"),
    [
        (Role.MANAGER, False, 200),
        (Role.SUPERVISOR, True, 200),
        (Role.SUPERVISOR, False, 403),
        (Role.USER, True, 403),
        (Role.CLIENT, False, 403),
        (Role.VENDOR, False, 403),
    ],
)
def test_update_and_delete_rights(prod, team, role, own, code):
    person, client = team[role]
    creator = person if own else PersonFactory()
    playlist = Playlist.objects.create(name="P", project=prod[0], created_by=creator)
    response = client.put(f"/data/playlists/{playlist.pk}", {"name": "Q"}, format="json")
    assert response.status_code == code
    response = client.delete(f"/data/playlists/{playlist.pk}")
    assert response.status_code == (204 if code == 200 else 403)
    assert Playlist.objects.filter(pk=playlist.pk).exists() == (code != 200)


# -- project playlists -----------------------------------------------------------------------------
def test_project_playlists_pages_and_sorting(prod, team):
    project = prod[0]
    anim_task = prod[2]
    first = preview(anim_task, 1)
    names = [f"P{index:02d}" for index in range(22)]
    for name in names:
        Playlist.objects.create(name=name, project=project)
    Playlist.objects.filter(name="P00").update(
        shots=[{"entity_id": str(prod[1].pk), "preview_file_id": str(first.pk)}]
    )
    client = team[Role.USER][1]
    url = f"/data/projects/{project.pk}/playlists"
    page1 = client.get(url).json()
    assert len(page1) == 20
    assert client.get(f"{url}?page=0").json() == page1
    assert client.get(f"{url}?page=1&limit=5").json() == page1
    page2 = client.get(f"{url}?page=2").json()
    assert len(page2) == 2
    assert client.get(f"{url}?page=3").json() == []
    by_name = client.get(f"{url}?sort_by=name").json()
    assert [row["name"] for row in by_name] == names[:20]
    row = by_name[0]
    playlist = Playlist.objects.get(name="P00")
    assert row == {
        "type": "Playlist",
        "id": str(playlist.pk),
        "name": "P00",
        "project_id": str(project.pk),
        "episode_id": None,
        "task_type_id": None,
        "for_client": False,
        "for_entity": "shot",
        "is_for_all": False,
        "created_at": playlist.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": playlist.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "created_by": None,
        "first_preview_file_id": str(first.pk),
    }
    assert "first_preview_file_id" not in by_name[1]
    assert client.get(f"{url}?page=abc").json()["message"] == "page must be an integer."


def test_project_playlists_roles(prod, team, make_person):
    project = prod[0]
    Playlist.objects.create(name="Studio", project=project)
    Playlist.objects.create(name="Client", project=project, for_client=True)
    url = f"/data/projects/{project.pk}/playlists"
    assert [row["name"] for row in team[Role.CLIENT][1].get(url).json()] == ["Client"]
    assert team[Role.VENDOR][1].get(url).status_code == 403
    assert client_for(make_person(role=Role.MANAGER)).get(url).status_code == 403
    assert team[Role.ADMIN][1].get("/data/projects/abc/playlists").status_code == 404
    missing = "/data/projects/00000000-0000-0000-0000-000000000000/playlists"
    assert team[Role.ADMIN][1].get(missing).json() == []
    assert team[Role.MANAGER][1].get(missing).status_code == 403
    assert team[Role.ADMIN][1].post(url, {"name": "x"}, format="json").status_code == 405


def test_project_playlists_query_count(prod, admin_client):
    project = prod[0]
    url = f"/data/projects/{project.pk}/playlists"
    Playlist.objects.create(name="P0", project=project)
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    Playlist.objects.create(name="P1", project=project)
    Playlist.objects.create(name="P2", project=project)
    with CaptureQueriesContext(connection) as three:
        assert len(admin_client.get(url).json()) == 3
    assert len(three) == len(one)


# -- add-entity ------------------------------------------------------------------------------------
def test_add_entity_picks_latest_preview_of_task_type(
    prod, team, django_capture_on_commit_callbacks
):
    project, sh010, anim_task, layout_task = prod
    preview(anim_task, 1)
    latest = preview(anim_task, 2)
    preview(layout_task, 5)
    explicit = preview(anim_task, 1, position=2)
    playlist = Playlist.objects.create(
        name="P", project=project, task_type=anim_task.task_type, created_by=team[Role.MANAGER][0]
    )
    client = team[Role.MANAGER][1]
    url = f"/actions/playlists/{playlist.pk}/add-entity"
    first = {"entity_id": str(sh010.pk), "preview_file_id": str(latest.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"entity_id": str(sh010.pk)}, format="json")
        assert response.status_code == 200
        assert response.json()["shots"] == [first]
        again = client.post(url, {"entity_id": str(sh010.pk)}, format="json")
        assert again.json()["shots"] == [first]
        response = client.post(
            url, {"entity_id": str(sh010.pk), "preview_file_id": str(explicit.pk)}, format="json"
        )
    playlist.refresh_from_db()
    second = {"entity_id": str(sh010.pk), "preview_file_id": str(explicit.pk)}
    assert playlist.shots == [first, second]
    assert response.json() == wire(playlist)
    events = ApiEvent.objects.filter(name="playlist:add_entity").order_by("created_at")
    assert [event.data for event in events] == [
        {"playlist_id": str(playlist.pk), "project_id": str(project.pk), **first},
        {"playlist_id": str(playlist.pk), "project_id": str(project.pk), **second},
    ]


def test_add_entity_errors_and_rights(prod, team):
    project, sh010, _, _ = prod
    playlist = Playlist.objects.create(name="P", project=project)
    url = f"/actions/playlists/{playlist.pk}/add-entity"
    body = {"entity_id": str(sh010.pk)}
    assert team[Role.USER][1].post(url, body, format="json").status_code == 403
    assert team[Role.CLIENT][1].post(url, body, format="json").status_code == 403
    admin_client = team[Role.ADMIN][1]
    response = admin_client.post(url, body, format="json")
    assert response.json()["shots"] == [{"entity_id": str(sh010.pk), "preview_file_id": None}]
    assert admin_client.post(url, {"entity_id": "abc"}, format="json").status_code == 400
    missing = "00000000-0000-0000-0000-000000000000"
    assert admin_client.post(url, {"entity_id": missing}, format="json").status_code == 404
    bad_playlist = f"/actions/playlists/{missing}/add-entity"
    assert admin_client.post(bad_playlist, body, format="json").status_code == 404


# -- entity preview files --------------------------------------------------------------------------
def test_entity_preview_files_grouped_by_task_type(prod, team):
    _, sh010, anim_task, layout_task = prod
    r1 = preview(anim_task, 1, status="ready", extension="png", width=640, height=360)
    r2 = preview(anim_task, 2, extension="mp4", data={"original_width": 1920})
    r2b = preview(anim_task, 2, position=2, extension="mp4")
    rejected = preview(layout_task, 1, validation_status=ValidationStatus.REJECTED)

    def main(item, **extra):
        return {
            "id": str(item.pk),
            "revision": item.revision,
            "original_name": None,
            "extension": item.extension,
            "width": item.width,
            "height": item.height,
            "duration": item.duration,
            "status": item.status,
            "annotations": item.annotations,
            "previews": [],
            "created_at": item.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
            "task_id": str(item.task_id),
            "original_width": None,
            "original_height": None,
            "original_duration": None,
            "original_file_size": None,
            **extra,
        }

    nested = main(r2b, position=2, task_type_id=str(anim_task.task_type_id))
    del nested["previews"]
    url = f"/data/playlists/entities/{sh010.pk}/preview-files"
    response = team[Role.USER][1].get(url)
    assert response.status_code == 200
    assert response.json() == {
        str(anim_task.task_type_id): [
            main(r2, previews=[nested], original_width=1920),
            main(r1),
        ],
        str(layout_task.task_type_id): [main(rejected)],
    }
    client_view = team[Role.CLIENT][1].get(url).json()
    assert str(layout_task.task_type_id) not in client_view
    assert team[Role.VENDOR][1].get(url).status_code == 403
    admin_client = team[Role.ADMIN][1]
    assert admin_client.get("/data/playlists/entities/abc/preview-files").status_code == 404


def test_entity_preview_files_query_count(prod, admin_client):
    _, sh010, anim_task, _ = prod
    url = f"/data/playlists/entities/{sh010.pk}/preview-files"
    preview(anim_task, 1)
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    preview(anim_task, 2)
    preview(anim_task, 2, position=2)
    with CaptureQueriesContext(connection) as three:
        admin_client.get(url)
    assert len(three) == len(one)
