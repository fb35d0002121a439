"""The `/data/projects` resource and the open / all project lists."""

import pytest

from production.models import (
    Entity,
    MetadataDescriptor,
    Project,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    ProjectTemplate,
    ProjectTemplateTaskTypeLink,
)
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    closed_status,
    episode,
    open_status,
)
from tests.production.projects_helpers import (
    FORBIDDEN,
    MALFORMED,
    NOT_FOUND,
    Caller,
    allowed,
    count_queries,
    events,
    make_callers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db) -> Project:
    return ProjectFactory(name="Caminandes")


@pytest.fixture
def callers(project) -> dict[str, Caller]:
    return make_callers(project)


PROJECT_KEYS = {
    "id", "type", "created_at", "updated_at", "name", "code", "description", "shotgun_id",
    "file_tree", "data", "has_avatar", "fps", "ratio", "resolution", "production_type",
    "production_style", "start_date", "end_date", "man_days", "nb_episodes", "episode_span",
    "max_retakes", "is_clients_isolated", "is_client_stats_visible",
    "is_client_task_list_visible", "is_client_task_panel_visible",
    "is_preview_download_allowed", "is_set_preview_automated", "homepage",
    "is_publish_default_for_artists", "is_bot_collaboration_enabled",
    "is_single_preview_per_revision", "is_frame_in_numbering", "revision_padding",
    "hd_bitrate_compression", "ld_bitrate_compression", "project_status_id",
    "default_preview_background_file_id", "from_schedule_version_id",
}  # fmt: skip
RELATION_KEYS = {
    "team", "asset_types", "task_statuses", "task_types", "status_automations",
    "preview_background_files",
}  # fmt: skip
EXTRA_KEYS = {"descriptors", "task_type_links", "task_types_priority", "task_statuses_link"}


class TestCreate:
    def test_admin_creates_an_open_short(
        self, admin, admin_client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post("/data/projects", {"name": "Spring"}, format="json")
        assert response.status_code == 201
        body = response.json()
        project = Project.objects.get(name="Spring")
        assert set(body) == PROJECT_KEYS | RELATION_KEYS
        assert body["id"] == str(project.id)
        assert body["type"] == "Project"
        assert body["project_status_id"] == str(open_status().id)
        assert body["production_type"] == "short"
        assert body["fps"] == "25"
        assert body["team"] == [] and body["task_types"] == []
        assert events() == [("project:new", {"project_id": str(project.id)}, None)]

    def test_tvshow_gets_a_first_episode(
        self, admin, admin_client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                "/data/projects", {"name": "Series", "production_type": "tvshow"}, format="json"
            )
        assert response.status_code == 201
        episode = Entity.objects.get(entity_type__name="Episode")
        assert episode.name == "E01"
        assert episode.created_by == admin
        assert response.json()["first_episode_id"] == str(episode.id)
        project_id = response.json()["id"]
        assert events() == [
            ("project:new", {"project_id": project_id}, None),
            ("episode:new", {"episode_id": str(episode.id), "project_id": project_id}, project_id),
        ]

    def test_relation_lists_are_linked(self, admin_client, callers):
        modeling = TaskTypeFactory()
        todo = TaskStatusFactory()
        member = callers["user_out"].person
        response = admin_client.post(
            "/data/projects",
            {
                "name": "Linked",
                "team": [str(member.id), "1182a54d-457e-4fe3-9cb4-37c2e7ab52d9"],
                "task_types": [str(modeling.id)],
                "task_statuses": [str(todo.id)],
                "asset_types": [],
            },
            format="json",
        )
        assert response.status_code == 201
        body = response.json()
        assert body["team"] == [str(member.id)]
        assert (body["task_types"], body["task_statuses"]) == ([str(modeling.id)], [str(todo.id)])
        response = admin_client.post("/data/projects", {"name": "Bad", "team": "x"}, format="json")
        assert response.status_code == 400

    def test_duplicate_name_and_unknown_field(self, admin_client):
        ProjectFactory(name="Spring")
        response = admin_client.post("/data/projects", {"name": "Spring"}, format="json")
        assert response.status_code == 400
        assert response.json() == {
            "message": "A record with the same unique values already exists."
        }
        response = admin_client.post("/data/projects", {"name": "X", "foo": 1}, format="json")
        assert response.status_code == 400
        assert response.json()["message"] == "'foo' is an invalid keyword argument for Project"
        assert admin_client.post("/data/projects", {}, format="json").status_code == 400

    def test_from_template_explicit_fields_win(self, admin_client):
        modeling = TaskTypeFactory(name="Modeling")
        template = ProjectTemplate.objects.create(
            name="Tpl",
            fps="30",
            production_type="tvshow",
            metadata_descriptors=[
                {"name": "Level", "entity_type": "Asset", "data_type": "list", "choices": ["a"]}
            ],
        )
        ProjectTemplateTaskTypeLink.objects.create(
            project_template=template, task_type=modeling, priority=4
        )
        response = admin_client.post(
            "/data/projects",
            {"name": "From tpl", "fps": "24", "project_template_id": str(template.id)},
            format="json",
        )
        assert response.status_code == 201
        body = response.json()
        assert body["fps"] == "24"
        assert body["production_type"] == "tvshow"
        assert body["task_types"] == [str(modeling.id)]
        assert "first_episode_id" in body
        link = ProjectTaskTypeLink.objects.get()
        assert link.priority == 4
        descriptor = MetadataDescriptor.objects.get()
        assert (descriptor.field_name, descriptor.choices) == ("level", ["a"])

    def test_unknown_template_is_404_and_creates_nothing(self, admin_client):
        response = admin_client.post(
            "/data/projects",
            {"name": "X", "project_template_id": "e953840c-7a24-43c6-9d4c-e9eea3ba5049"},
            format="json",
        )
        assert response.status_code == 404
        assert not Project.objects.exists()

    def test_only_admins_create(self, callers):
        outcome = allowed(
            callers,
            lambda client: client.post(
                "/data/projects", {"name": f"P{Project.objects.count()}"}, format="json"
            ),
            expect_ok=201,
        )
        assert [kind for kind, ok in outcome.items() if ok] == ["admin"]


class TestRead:
    def test_list_admin_sees_all_others_open_team_projects(self, project, callers):
        closed = ProjectFactory(name="Closed one", project_status=closed_status())
        add_to_team(closed, callers["user_in"].person)
        ProjectFactory(name="Elsewhere")
        names = {
            kind: [row["name"] for row in caller.client.get("/data/projects").json()]
            for kind, caller in callers.items()
        }
        assert names["admin"] == ["Caminandes", "Closed one", "Elsewhere"]
        assert names["user_in"] == ["Caminandes"]
        assert names["manager_out"] == [] and names["user_out"] == []
        assert names["vendor_in"] == ["Caminandes"] and names["client_in"] == ["Caminandes"]

    def test_list_rows_and_filters(self, admin_client, project):
        rows = admin_client.get("/data/projects").json()
        assert set(rows[0]) == PROJECT_KEYS
        rows = admin_client.get("/data/projects?name=caminandes").json()
        assert [row["id"] for row in rows] == [str(project.id)]

    def test_get_one_carries_pipeline_and_status(self, admin_client, project):
        modeling = TaskTypeFactory(name="Modeling")
        todo = TaskStatusFactory(name="Todo", short_name="todo")
        ProjectTaskTypeLink.objects.create(project=project, task_type=modeling, priority=2)
        ProjectTaskStatusLink.objects.create(
            project=project, task_status=todo, roles_for_board=["admin"]
        )
        descriptor = MetadataDescriptor.objects.create(
            project=project, entity_type="Asset", name="Level", field_name="level", position=1
        )
        body = admin_client.get(f"/data/projects/{project.id}").json()
        assert set(body) == PROJECT_KEYS | RELATION_KEYS | EXTRA_KEYS | {"project_status_name"}
        assert body["project_status_name"] == "Open"
        assert body["task_types"] == [str(modeling.id)]
        assert body["task_type_links"] == {
            str(modeling.id): {
                "priority": 2,
                "hd_bitrate_compression": None,
                "ld_bitrate_compression": None,
                "is_client_visible": True,
            }
        }
        assert body["task_types_priority"] == {str(modeling.id): 2}
        assert body["task_statuses_link"] == {
            str(todo.id): {
                "priority": None,
                "roles_for_board": ["admin"],
                "is_client_allowed": None,
            }
        }
        assert body["descriptors"] == [
            {
                "id": str(descriptor.id),
                "name": "Level",
                "field_name": "level",
                "data_type": "string",
                "choices": [],
                "for_client": False,
                "entity_type": "Asset",
                "task_type_id": None,
                "position": 1,
                "departments": [],
            }
        ]
        plain = admin_client.get(f"/data/projects/{project.id}?relations=false").json()
        assert set(plain) == PROJECT_KEYS | {"project_status_name"}

    def test_get_one_tvshow_first_episode(self, admin_client):
        show = ProjectFactory(production_type="tvshow")
        first = episode(show, "E01")
        body = admin_client.get(f"/data/projects/{show.id}").json()
        assert body["first_episode_id"] == str(first.id)

    def test_get_one_access(self, project, callers):
        closed = ProjectFactory(project_status=closed_status())
        add_to_team(closed, callers["user_in"].person)
        assert callers["user_in"].client.get(f"/data/projects/{closed.id}").status_code == 200
        outcome = allowed(callers, lambda c: c.get(f"/data/projects/{project.id}"), expect_ok=200)
        assert outcome == {
            "admin": True,
            "manager_in": True,
            "manager_out": False,
            "supervisor_in": True,
            "user_in": True,
            "user_out": False,
            "client_in": True,
            "vendor_in": True,
        }

    def test_bad_ids(self, admin_client):
        assert admin_client.get("/data/projects/zz").json() == MALFORMED
        response = admin_client.get("/data/projects/e953840c-7a24-43c6-9d4c-e9eea3ba5049")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)

    def test_client_and_vendor_see_their_descriptors_only(self, project, callers):
        shared = MetadataDescriptor.objects.create(
            project=project, entity_type="Asset", name="A", field_name="a", for_client=True
        )
        MetadataDescriptor.objects.create(
            project=project, entity_type="Asset", name="B", field_name="b"
        )
        department_only = MetadataDescriptor.objects.create(
            project=project, entity_type="Asset", name="C", field_name="c"
        )
        from tests.factories import DepartmentFactory

        department_only.departments.add(DepartmentFactory())
        body = callers["client_in"].client.get(f"/data/projects/{project.id}").json()
        assert [d["id"] for d in body["descriptors"]] == [str(shared.id)]
        body = callers["vendor_in"].client.get(f"/data/projects/{project.id}").json()
        assert [d["name"] for d in body["descriptors"]] == ["A", "B"]

    def test_open_and_all(self, project, callers):
        show = ProjectFactory(name="Show", production_type="tvshow")
        first = episode(show, "E01")
        closed = ProjectFactory(name="Archive", project_status=closed_status())
        add_to_team(closed, callers["user_in"].person)
        admin = callers["admin"].client
        rows = admin.get("/data/projects/open").json()
        assert [row["name"] for row in rows] == ["Caminandes", "Show"]
        assert set(rows[0]) == PROJECT_KEYS | RELATION_KEYS | EXTRA_KEYS
        assert rows[1]["first_episode_id"] == str(first.id)
        assert "first_episode_id" not in rows[0]
        user_rows = callers["user_in"].client.get("/data/projects/open").json()
        assert [row["name"] for row in user_rows] == ["Caminandes"]
        rows = admin.get("/data/projects/all").json()
        assert [row["name"] for row in rows] == ["Archive", "Caminandes", "Show"]
        assert set(rows[0]) == PROJECT_KEYS | {"project_status_name", "descriptors"}
        assert rows[0]["project_status_name"] == "Closed"
        user_rows = callers["user_in"].client.get("/data/projects/all").json()
        assert [row["name"] for row in user_rows] == ["Archive", "Caminandes"]
        assert set(user_rows[0]) == PROJECT_KEYS
        assert callers["user_out"].client.get("/data/projects/all").json() == []

    @pytest.mark.parametrize("url", ["/data/projects", "/data/projects/open", "/data/projects/all"])
    def test_query_counts(self, admin_client, url):
        def fill(count: int) -> None:
            for _ in range(count):
                show = ProjectFactory(production_type="tvshow")
                episode(show, "E01")
                ProjectTaskTypeLink.objects.create(project=show, task_type=TaskTypeFactory())
                MetadataDescriptor.objects.create(
                    project=show, entity_type="Asset", name="L", field_name="l"
                )

        fill(1)
        one = count_queries(admin_client, url)
        fill(2)
        assert count_queries(admin_client, url) == one


class TestUpdate:
    def test_manager_of_the_project_updates(
        self, project, callers, django_capture_on_commit_callbacks
    ):
        outcome = allowed(
            callers,
            lambda c: c.put(f"/data/projects/{project.id}", {"fps": "24"}, format="json"),
            expect_ok=200,
        )
        assert [kind for kind, ok in outcome.items() if ok] == ["admin", "manager_in"]
        with django_capture_on_commit_callbacks(execute=True):
            response = callers["manager_in"].client.put(
                f"/data/projects/{project.id}",
                {"description": "x", "team": [], "id": "nope"},
                format="json",
            )
        body = response.json()
        assert set(body) == PROJECT_KEYS
        assert body["description"] == "x"
        assert project.team_links.count() == 5  # `team` is not writable here
        assert events()[-1] == ("project:update", {"project_id": str(project.id)}, None)

    def test_tvshow_update_answers_first_episode(self, admin_client):
        show = ProjectFactory(production_type="tvshow")
        first = episode(show, "E01")
        body = admin_client.put(f"/data/projects/{show.id}", {"fps": "30"}, format="json").json()
        assert body["first_episode_id"] == str(first.id)

    def test_rename_to_existing_name(self, admin_client, project):
        ProjectFactory(name="Taken")
        response = admin_client.put(
            f"/data/projects/{project.id}", {"name": "Taken"}, format="json"
        )
        assert response.status_code == 400


class TestDelete:
    def test_open_projects_cannot_be_deleted(self, project, callers):
        response = callers["user_out"].client.delete(f"/data/projects/{project.id}")
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": "Only closed projects can be deleted"}

    def test_admin_deletes_closed(
        self, admin, admin_client, callers, django_capture_on_commit_callbacks
    ):
        project = ProjectFactory(project_status=closed_status())
        for kind in ("manager_in", "user_out"):
            response = callers[kind].client.delete(f"/data/projects/{project.id}")
            assert (response.status_code, response.json()) == (403, FORBIDDEN)
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.delete(f"/data/projects/{project.id}")
        assert response.status_code == 204
        assert not Project.objects.filter(pk=project.pk).exists()
        assert events()[-1] == ("project:delete", {"project_id": str(project.id)}, None)

    def test_closed_with_data_needs_force(self, admin_client):
        project = ProjectFactory(project_status=closed_status())
        hero = asset(project)
        TaskFactory(entity=hero)
        show_episode = episode(project)
        from tests.production.factories import sequence

        sequence(project, episode=show_episode)
        response = admin_client.delete(f"/data/projects/{project.id}")
        assert response.status_code == 400
        response = admin_client.delete(f"/data/projects/{project.id}?force=true")
        assert response.status_code == 204
        assert not Project.objects.exists() and not Entity.objects.exists()
