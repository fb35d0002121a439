"""Preview lists, news and time spents of an entity or task; software per task type; shot frame
counts from previews."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from people.models import Person, Role, Software, TimeSpent
from production.models import (
    Entity,
    Project,
    ProjectTaskTypeLink,
    ProjectTaskTypeSoftwareLink,
    Task,
    TaskType,
)
from reviews.models import Comment, News, PreviewFile
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    entity_type,
    sequence,
    shot,
)

FORBIDDEN = {
    "error": True,
    "message": "You don't have the permission to access the requested resource. It is either "
    "read-protected or not readable by the server.",
}
NOT_FOUND = {
    "error": True,
    "message": "404 Not Found: The requested URL was not found on the server. If you entered "
    "the URL manually please check your spelling and try again.",
}
ROLES = ("admin", "manager", "supervisor", "user", "client", "vendor", "outsider")


@dataclass
class Studio:
    project: Project
    people: dict[str, Person]
    shot: Entity
    other_shot: Entity
    asset: Entity
    animation: TaskType
    layout: TaskType
    anim_task: Task
    layout_task: Task

    def client(self, role: str):
        return client_for(self.people[role])


def wire(value) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S")


@pytest.fixture
def studio(db) -> Studio:
    project = ProjectFactory(name="Leftovers", fps="24")
    people = {"admin": PersonFactory(role=Role.ADMIN, first_name="Ada", last_name="Min")}
    for role in ("manager", "supervisor", "user", "client", "vendor"):
        people[role] = PersonFactory(role=role, first_name=role.title(), last_name="In")
        add_to_team(project, people[role])
    people["outsider"] = PersonFactory(role=Role.USER, first_name="Out", last_name="Sider")
    seq = sequence(project, "SQ01")
    sh010, sh020 = shot(project, seq, "SH010"), shot(project, seq, "SH020")
    hero = asset(project, "Hero")
    animation = TaskTypeFactory(name="Animation", for_entity="Shot", priority=3)
    layout = TaskTypeFactory(name="Layout", for_entity="Shot", priority=2)
    for task_type in (animation, layout):
        ProjectTaskTypeLink.objects.create(project=project, task_type=task_type, priority=1)
    anim_task = TaskFactory(entity=sh010, task_type=animation)
    layout_task = TaskFactory(entity=sh010, task_type=layout)
    anim_task.assignees.add(people["vendor"])
    return Studio(project, people, sh010, sh020, hero, animation, layout, anim_task, layout_task)


def preview(task: Task, revision: int, position: int = 1, **fields) -> PreviewFile:
    return PreviewFile.objects.create(
        task=task,
        revision=revision,
        position=position,
        name=f"r{revision}p{position}",
        extension="mp4",
        annotations=None,
        **fields,
    )


# -- preview lists -------------------------------------------------------------------------------
def test_entity_preview_files_flat_task_by_task(studio):
    r2 = preview(studio.anim_task, 2, person=studio.people["admin"])
    r2b = preview(studio.anim_task, 2, 2, status="broken")
    r1 = preview(studio.anim_task, 1, validation_status="rejected")
    layout = preview(studio.layout_task, 1)
    response = studio.client("admin").get(f"/api/data/entities/{studio.shot.pk}/preview-files")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(p.pk) for p in (r2, r2b, r1, layout)]
    assert response.json()[0] == {
        "id": str(r2.pk),
        "name": "r2p1",
        "original_name": None,
        "extension": "mp4",
        "revision": 2,
        "position": 1,
        "file_size": 0,
        "status": "processing",
        "validation_status": "neutral",
        "task_id": str(studio.anim_task.pk),
        "person_id": str(studio.people["admin"].pk),
        "created_at": wire(r2.created_at),
        "token_in": None,
        "token_out": None,
    }


def test_shot_preview_files_grouped_by_task_type_then_revision(studio):
    r1 = preview(studio.anim_task, 1, duration=2.0, data={"original_width": 1920})
    r2 = preview(studio.anim_task, 2, duration=3.5)
    r2b = preview(studio.anim_task, 2, 2)
    layout = preview(studio.layout_task, 1)
    response = studio.client("user").get(f"/api/data/shots/{studio.shot.pk}/preview-files")
    assert response.status_code == 200
    body = response.json()
    # The later pipeline step first.
    assert list(body) == [str(studio.animation.pk), str(studio.layout.pk)]
    anim_id, task_id = str(studio.animation.pk), str(studio.anim_task.pk)
    assert body[anim_id] == [
        {
            "id": str(r2.pk),
            "revision": 2,
            "original_name": None,
            "extension": "mp4",
            "width": 0,
            "height": 0,
            "duration": 3.5,
            "status": "processing",
            "annotations": None,
            "previews": [
                {
                    "id": str(r2b.pk),
                    "revision": 2,
                    "position": 2,
                    "original_name": None,
                    "extension": "mp4",
                    "width": 0,
                    "height": 0,
                    "duration": 0.0,
                    "status": "processing",
                    "annotations": None,
                    "created_at": wire(r2b.created_at),
                    "task_id": task_id,
                    "task_type_id": anim_id,
                    "original_width": None,
                    "original_height": None,
                    "original_duration": None,
                    "original_file_size": None,
                }
            ],
            "created_at": wire(r2.created_at),
            "task_id": task_id,
            "original_width": None,
            "original_height": None,
            "original_duration": None,
            "original_file_size": None,
        },
        {
            "id": str(r1.pk),
            "revision": 1,
            "original_name": None,
            "extension": "mp4",
            "width": 0,
            "height": 0,
            "duration": 2.0,
            "status": "processing",
            "annotations": None,
            "previews": [],
            "created_at": wire(r1.created_at),
            "task_id": task_id,
            "original_width": 1920,
            "original_height": None,
            "original_duration": None,
            "original_file_size": None,
        },
    ]
    assert [row["id"] for row in body[str(studio.layout.pk)]] == [str(layout.pk)]


def test_edit_and_concept_preview_files(studio):
    edit = Entity.objects.create(
        project=studio.project, name="ED1", entity_type=entity_type("Edit")
    )
    concept = Entity.objects.create(
        project=studio.project, name="C1", entity_type=entity_type("Concept")
    )
    edit_type = TaskTypeFactory(name="Edit", for_entity="Edit")
    concept_type = TaskTypeFactory(name="Concept", for_entity="Concept")
    edit_preview = preview(TaskFactory(entity=edit, task_type=edit_type), 1)
    concept_preview = preview(TaskFactory(entity=concept, task_type=concept_type), 1)
    admin = studio.client("admin")
    body = admin.get(f"/api/data/edits/{edit.pk}/preview-files").json()
    assert list(body) == [str(edit_type.pk)]
    assert body[str(edit_type.pk)][0]["id"] == str(edit_preview.pk)
    body = admin.get(f"/api/data/concepts/{concept.pk}/preview-files").json()
    assert body[str(concept_type.pk)][0]["id"] == str(concept_preview.pk)
    # Concepts are closed to clients and vendors.
    statuses = {
        role: studio.client(role).get(f"/api/data/concepts/{concept.pk}/preview-files").status_code
        for role in ROLES
    }
    assert statuses == {
        "admin": 200,
        "manager": 200,
        "supervisor": 200,
        "user": 200,
        "client": 403,
        "vendor": 403,
        "outsider": 403,
    }
    # A route names one kind only.
    assert admin.get(f"/api/data/shots/{edit.pk}/preview-files").json() == NOT_FOUND
    assert admin.get(f"/api/data/edits/{studio.shot.pk}/preview-files").status_code == 404
    assert admin.get(f"/api/data/concepts/{studio.shot.pk}/preview-files").status_code == 404


def test_task_previews_full_rows_and_clients_do_not_see_rejected(studio):
    r1 = preview(studio.anim_task, 1, validation_status="rejected")
    r2 = preview(studio.anim_task, 2)
    r2b = preview(studio.anim_task, 2, 2)
    url = f"/api/data/tasks/{studio.anim_task.pk}/previews"
    body = studio.client("manager").get(url).json()
    assert [row["id"] for row in body] == [str(r2.pk), str(r2b.pk), str(r1.pk)]
    assert body[0]["type"] == "PreviewFile"
    assert body[0]["source_file_id"] is None and body[0]["is_movie"] is False
    client_body = studio.client("client").get(url).json()
    assert [row["id"] for row in client_body] == [str(r2.pk), str(r2b.pk)]


@pytest.mark.parametrize(
    "path",
    [
        "entities/{shot}/preview-files",
        "shots/{shot}/preview-files",
        "entities/{shot}/news",
        "entities/{shot}/time-spents",
        "tasks/{layout_task}/previews",
    ],
)
def test_entity_reads_by_role(studio, path):
    """The team reads; vendors only entities holding one of their tasks (any task of it)."""
    url = "/api/data/" + path.format(shot=studio.shot.pk, layout_task=studio.layout_task.pk)
    statuses = {role: studio.client(role).get(url).status_code for role in ROLES}
    assert statuses == dict.fromkeys(ROLES, 200) | {"outsider": 403}
    other = "/api/data/" + path.format(
        shot=studio.other_shot.pk,
        layout_task=TaskFactory(entity=studio.other_shot, task_type=studio.layout).pk,
    )
    assert studio.client("vendor").get(other).json() == FORBIDDEN
    assert studio.client("manager").get(other).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "entities/{}/preview-files",
        "shots/{}/preview-files",
        "edits/{}/preview-files",
        "concepts/{}/preview-files",
        "entities/{}/news",
        "entities/{}/time-spents",
        "tasks/{}/previews",
    ],
)
@pytest.mark.parametrize("bad_id", ["nope", "6d3b5a0e-0b8a-4a4e-9d8e-0c7f9a3e1b2c"])
def test_unknown_or_malformed_ids_are_404(studio, path, bad_id):
    response = studio.client("admin").get("/api/data/" + path.format(bad_id))
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_entity_preview_lists_fixed_queries(studio):
    admin = studio.client("admin")
    urls = [
        f"/api/data/entities/{studio.shot.pk}/preview-files",
        f"/api/data/shots/{studio.shot.pk}/preview-files",
        f"/api/data/tasks/{studio.anim_task.pk}/previews",
        f"/api/data/entities/{studio.shot.pk}/news",
        f"/api/data/entities/{studio.shot.pk}/time-spents",
    ]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert admin.get(url).status_code == 200
            result.append(len(queries))
        return result

    add_items(studio, 1)
    one = counts()
    add_items(studio, 3)
    assert counts() == one


def add_items(studio: Studio, count: int) -> None:
    author = studio.people["user"]
    status = TaskStatusFactory(short_name="wip", name="WIP", is_wip=True)
    base = PreviewFile.objects.filter(task=studio.anim_task).count()
    for index in range(count):
        revision = base + index + 1
        pf = preview(studio.anim_task, revision)
        preview(studio.anim_task, revision, 2)
        comment = Comment.objects.create(object=studio.anim_task, person=author, task_status=status)
        News.objects.create(task=studio.anim_task, author=author, comment=comment, preview_file=pf)
        TimeSpent.objects.create(
            task=studio.anim_task,
            person=author,
            date=dt.date(2026, 1, 1) + dt.timedelta(days=revision),
            duration=60,
        )


# -- news and time spents ------------------------------------------------------------------------
def test_entity_news_one_big_page(studio):
    author = studio.people["user"]
    status = TaskStatusFactory(short_name="wfa", name="WFA", is_feedback_request=True)
    comment = Comment.objects.create(object=studio.anim_task, person=author, task_status=status)
    pf = preview(studio.anim_task, 1)
    news = News.objects.create(
        task=studio.anim_task, author=author, comment=comment, preview_file=pf, change=True
    )
    News.objects.create(task=TaskFactory(entity=studio.other_shot), author=author)
    response = studio.client("client").get(
        f"/api/data/entities/{studio.shot.pk}/news", {"page": 2, "limit": 1}
    )
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": str(news.pk),
                "type": "News",
                "author_id": str(author.pk),
                "comment_id": str(comment.pk),
                "task_id": str(studio.anim_task.pk),
                "task_type_id": str(studio.animation.pk),
                "task_status_id": str(status.pk),
                "task_entity_id": str(studio.shot.pk),
                "preview_file_id": str(pf.pk),
                "preview_file_extension": "mp4",
                "preview_file_revision": 1,
                "project_id": str(studio.project.pk),
                "project_name": "Leftovers",
                "created_at": wire(news.created_at),
                "change": True,
                "full_entity_name": "SQ01 / SH010",
                "episode_id": None,
                "entity_preview_file_id": None,
                "person": {
                    "id": str(author.pk),
                    "first_name": "User",
                    "last_name": "In",
                    "full_name": "User In",
                    "has_avatar": False,
                    "role": "user",
                },
            }
        ],
        "total": 1,
        "nb_pages": 1,
        "limit": 2000,
        "offset": 0,
        "page": 1,
    }
    empty = studio.client("admin").get(f"/api/data/entities/{studio.asset.pk}/news").json()
    assert empty == {"data": [], "total": 0, "nb_pages": 0, "limit": 2000, "offset": 0, "page": 1}


def test_entity_time_spents_newest_day_first(studio):
    user = studio.people["user"]
    old = TimeSpent.objects.create(
        task=studio.layout_task, person=user, date=dt.date(2026, 11, 19), duration=30
    )
    new = TimeSpent.objects.create(
        task=studio.anim_task, person=user, date=dt.date(2026, 11, 25), duration=90
    )
    body = studio.client("user").get(f"/api/data/entities/{studio.shot.pk}/time-spents").json()
    assert body == [
        {
            "duration": 90.0,
            "date": "2026-11-25",
            "task_id": str(studio.anim_task.pk),
            "person_id": str(user.pk),
            "id": str(new.pk),
            "created_at": wire(new.created_at),
            "updated_at": wire(new.updated_at),
            "type": "TimeSpent",
        },
        {
            "duration": 30.0,
            "date": "2026-11-19",
            "task_id": str(studio.layout_task.pk),
            "person_id": str(user.pk),
            "id": str(old.pk),
            "created_at": wire(old.created_at),
            "updated_at": wire(old.updated_at),
            "type": "TimeSpent",
        },
    ]


# -- software per task type ----------------------------------------------------------------------
@pytest.fixture
def blender(db) -> Software:
    return Software.objects.create(name="Blender", short_name="bl", file_extension="blend")


def software_url(studio: Studio, task_type: TaskType, software_id=None) -> str:
    url = f"/api/data/projects/{studio.project.pk}/task-types/{task_type.pk}/softwares"
    return url if software_id is None else f"{url}/{software_id}"


@pytest.fixture
def immediate_events(monkeypatch):
    """Deliver events at once: the test transaction never commits."""
    monkeypatch.setattr(transaction, "on_commit", lambda callback, *args, **kwargs: callback())


def test_task_type_software_add_list_remove(studio, blender, immediate_events):
    maya = Software.objects.create(name="Maya", short_name="ma", file_extension="ma")
    manager = studio.client("manager")
    response = manager.post(
        software_url(studio, studio.animation), {"software_id": str(blender.pk)}, format="json"
    )
    expected = {
        "project_id": str(studio.project.pk),
        "task_type_id": str(studio.animation.pk),
        "software_id": str(blender.pk),
    }
    assert response.status_code == 201
    assert response.json() == expected
    events = ApiEvent.objects.filter(name="project:update").count()
    # Twice is once.
    again = manager.post(
        software_url(studio, studio.animation), {"software_id": str(blender.pk)}, format="json"
    )
    assert again.status_code == 201 and again.json() == expected
    assert ApiEvent.objects.filter(name="project:update").count() == events
    manager.post(software_url(studio, studio.layout), {"software_id": str(maya.pk)}, format="json")
    listed = studio.client("vendor").get(
        f"/api/data/projects/{studio.project.pk}/task-type-softwares"
    )
    links = ProjectTaskTypeSoftwareLink.objects.order_by("task_type_id", "software_id")
    assert listed.json() == [
        {
            "project_id": str(studio.project.pk),
            "task_type_id": str(link.task_type_id),
            "software_id": str(link.software_id),
        }
        for link in links
    ]
    assert len(listed.json()) == 2
    response = manager.delete(software_url(studio, studio.animation, blender.pk))
    assert response.status_code == 204
    assert not ProjectTaskTypeSoftwareLink.objects.filter(software=blender).exists()
    assert ApiEvent.objects.filter(name="project:update").count() == events + 2
    # Removing what is not there is fine.
    assert manager.delete(software_url(studio, studio.animation, blender.pk)).status_code == 204


def test_task_type_software_errors(studio, blender):
    admin = studio.client("admin")
    unknown = uuid.uuid4()
    url = software_url(studio, studio.animation)

    def post(path, body):
        response = admin.post(path, body, format="json")
        return response.status_code, response.json()

    invalid = (400, {"error": True, "message": INVALID, "data": None})
    assert post(url, {}) == (400, validation("software_id", "Field required"))
    assert post(url, {"software_id": 3}) == (
        400,
        validation("software_id", "Input should be a valid string"),
    )
    assert post(url, {"software_id": "nope"}) == invalid
    assert post(url, {"software_id": str(unknown)}) == (404, NOT_FOUND)
    assert post(
        url.replace(str(studio.animation.pk), "nope"), {"software_id": str(blender.pk)}
    ) == (invalid)
    not_in_project = TaskTypeFactory(name="FX", for_entity="Shot")
    assert post(software_url(studio, not_in_project), {"software_id": str(blender.pk)}) == (
        400,
        {
            "error": True,
            "message": "The task type is not a task type of the project.",
            "data": None,
        },
    )
    other_project = url.replace(str(studio.project.pk), str(unknown))
    assert post(other_project, {"software_id": str(blender.pk)}) == (404, NOT_FOUND)
    response = admin.delete(software_url(studio, studio.animation, "nope"))
    assert (response.status_code, response.json()) == invalid
    response = admin.delete(f"{other_project}/{blender.pk}")
    assert response.status_code == 404
    assert admin.get(f"/api/data/projects/{unknown}/task-type-softwares").json() == []
    assert admin.get("/api/data/projects/nope/task-type-softwares").status_code == 404


INVALID = "task_type_id and software_id must be valid UUIDs."
NOT_PROJECT_TASK_TYPE = "The task type is not a task type of the project."


def validation(field: str, message: str) -> dict:
    return {
        "error": True,
        "message": "Validation error.",
        "data": {"errors": [{"field": field, "message": message}]},
    }


def test_task_type_software_roles(studio, blender):
    body = {"software_id": str(blender.pk)}
    added = {}
    removed = {}
    listed = {}
    for role in ROLES:
        client = studio.client(role)
        added[role] = client.post(software_url(studio, studio.layout), body, format="json")
        removed[role] = client.delete(software_url(studio, studio.layout, blender.pk))
        listed[role] = client.get(f"/api/data/projects/{studio.project.pk}/task-type-softwares")
    writers = {"admin", "manager", "supervisor"}
    assert {role: r.status_code for role, r in added.items()} == {
        role: 201 if role in writers else 403 for role in ROLES
    }
    assert {role: r.status_code for role, r in removed.items()} == {
        role: 204 if role in writers else 403 for role in ROLES
    }
    assert {role: r.status_code for role, r in listed.items()} == dict.fromkeys(ROLES, 200) | {
        "outsider": 403
    }


# -- shot frame counts ---------------------------------------------------------------------------
def test_set_shot_nb_frames_from_latest_preview(studio):
    preview(studio.anim_task, 1, duration=2.0)
    preview(studio.anim_task, 2, duration=3.5)
    preview(studio.anim_task, 2, 2, duration=0.1875)  # latest: 4.5 frames, rounds to even
    other_task = TaskFactory(entity=studio.other_shot, task_type=studio.animation)
    preview(other_task, 3, duration=1.03)  # 24.72 frames
    preview(studio.layout_task, 1, duration=10.0)  # another task type: ignored
    url = (
        f"/api/actions/projects/{studio.project.pk}/task-types/{studio.animation.pk}"
        "/set-shot-nb-frames"
    )
    response = studio.client("manager").post(url)
    assert response.status_code == 200
    assert response.json() == [
        {"id": str(studio.shot.pk), "nb_frames": 4},
        {"id": str(studio.other_shot.pk), "nb_frames": 25},
    ]
    studio.shot.refresh_from_db()
    studio.other_shot.refresh_from_db()
    assert (studio.shot.nb_frames, studio.other_shot.nb_frames) == (4, 25)


def test_set_shot_nb_frames_errors_and_roles(studio):
    base = f"/api/actions/projects/{studio.project.pk}/task-types"
    admin = studio.client("admin")
    assert admin.post(f"{base}/{uuid.uuid4()}/set-shot-nb-frames").json() == []
    bad = {"error": True, "message": "Invalid project or task type id", "data": None}
    assert admin.post(f"{base}/nope/set-shot-nb-frames").json() == bad
    assert (
        admin.post(
            f"/api/actions/projects/nope/task-types/{studio.animation.pk}/set-shot-nb-frames"
        ).json()
        == bad
    )
    unknown = f"/api/actions/projects/{uuid.uuid4()}/task-types/{studio.animation.pk}"
    assert admin.post(f"{unknown}/set-shot-nb-frames").status_code == 404
    url = f"{base}/{studio.animation.pk}/set-shot-nb-frames"
    statuses = {role: studio.client(role).post(url).status_code for role in ROLES}
    assert statuses == dict.fromkeys(ROLES, 403) | {"admin": 200, "manager": 200}
