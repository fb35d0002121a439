"""Metadata descriptors: the project routes, the raw resource and the all-projects routes."""

import pytest

from production.models import MetadataDescriptor, Project
from production.services.projects import field_name_for
from tests.factories import DepartmentFactory
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    closed_status,
    sequence,
    shot,
)
from tests.production.projects_helpers import (
    FORBIDDEN,
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


DESCRIPTOR_KEYS = {
    "id", "type", "created_at", "updated_at", "project_id", "entity_type", "task_type_id",
    "name", "field_name", "data_type", "choices", "for_client", "position", "departments",
}  # fmt: skip


def descriptor(project, name="Level", entity_type="Asset", **fields) -> MetadataDescriptor:
    return MetadataDescriptor.objects.create(
        project=project,
        entity_type=entity_type,
        name=name,
        field_name=field_name_for(name),
        **fields,
    )


def test_field_names():
    assert field_name_for("Difficulty Level") == "difficulty_level"
    assert field_name_for("Été Ça-va  ok!") == "ete_ca_va_ok"
    assert field_name_for("a__b--c") == "a_b_c"


class TestProjectCreate:
    URL = "/data/projects/{}/metadata-descriptors"

    def test_create(self, admin, admin_client, project, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                self.URL.format(project.id),
                {"name": "Difficulty Level", "data_type": "list", "choices": ["easy", "hard"]},
                format="json",
            )
        assert response.status_code == 201
        body = response.json()
        created = MetadataDescriptor.objects.get()
        assert set(body) == DESCRIPTOR_KEYS
        assert body["id"] == str(created.id)
        assert (body["entity_type"], body["field_name"], body["data_type"]) == (
            "Asset",
            "difficulty_level",
            "list",
        )
        assert body["choices"] == ["easy", "hard"]
        assert (body["departments"], body["for_client"], body["position"]) == ([], False, None)
        assert events() == [
            (
                "metadata-descriptor:new",
                {"metadata_descriptor_id": str(created.id), "project_id": str(project.id)},
                str(project.id),
            )
        ]

    def test_defaults_and_task_descriptors(self, admin_client, project):
        url = self.URL.format(project.id)
        body = admin_client.post(url, {"name": "Note"}, format="json").json()
        assert (body["data_type"], body["choices"], body["entity_type"]) == ("string", [], "Asset")
        task_type = TaskTypeFactory()
        body = admin_client.post(
            url,
            {"name": "Effort", "entity_type": "Task", "task_type_id": str(task_type.id)},
            format="json",
        ).json()
        assert body["task_type_id"] == str(task_type.id)

    @pytest.mark.parametrize(
        ("payload", "message"),
        [
            ({"name": "Level"}, "Metadata descriptor already exists."),
            ({"name": "X", "data_type": "bogus"}, "Invalid data_type"),
            (
                {"name": "X", "entity_type": "Person"},
                "Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, "
                "Project, or Task.",
            ),
            (
                {"name": "X", "entity_type": "Task"},
                "Task metadata descriptors require a task_type_id.",
            ),
            (
                {"name": "X", "task_type_id": "8afbc6ca-a164-4141-9fa8-380714a0314b"},
                "task_type_id only applies to Task metadata descriptors.",
            ),
        ],
    )
    def test_rules(self, admin_client, project, payload, message):
        descriptor(project)
        response = admin_client.post(self.URL.format(project.id), payload, format="json")
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": message, "data": None}

    def test_missing_name_and_bad_department(self, admin_client, project):
        url = self.URL.format(project.id)
        response = admin_client.post(url, {"entity_type": "Shot"}, format="json")
        assert response.json() == {
            "error": True,
            "message": "Validation error.",
            "data": {"errors": [{"field": "name", "message": "Field required"}]},
        }
        response = admin_client.post(url, {"name": "X", "departments": ["zz"]}, format="json")
        assert response.status_code == 404

    def test_who_may_create(self, project, callers):
        url = self.URL.format(project.id)
        modeling, animation = DepartmentFactory(), DepartmentFactory()
        callers["supervisor_in"].person.departments.add(modeling)
        names = iter(range(100))
        outcome = allowed(
            callers,
            lambda c: c.post(url, {"name": f"D{next(names)}"}, format="json"),
            expect_ok=201,
        )
        assert [kind for kind, ok in outcome.items() if ok] == ["admin", "manager_in"]
        supervisor = callers["supervisor_in"].client
        for departments, code in (
            ([modeling], 201),
            ([animation, modeling], 201),
            ([animation], 403),
            ([], 403),
        ):
            response = supervisor.post(
                url,
                {"name": f"S{next(names)}", "departments": [str(d.id) for d in departments]},
                format="json",
            )
            assert response.status_code == code, departments


class TestProjectReadUpdateDelete:
    URL = "/data/projects/{}/metadata-descriptors"

    def test_list_visibility_and_order(self, project, callers):
        shared = descriptor(project, "Beta", for_client=True)
        plain = descriptor(project, "Alpha")
        restricted = descriptor(project, "Gamma")
        restricted.departments.add(DepartmentFactory())
        url = self.URL.format(project.id)
        ids = {
            kind: [row["id"] for row in caller.client.get(url).json()]
            for kind, caller in callers.items()
            if kind.endswith("_in") or kind == "admin"
        }
        assert ids["user_in"] == [str(plain.id), str(shared.id), str(restricted.id)]
        assert ids["client_in"] == [str(shared.id)]
        assert ids["vendor_in"] == [str(plain.id), str(shared.id)]
        response = callers["user_out"].client.get(url)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)

    def test_list_query_count(self, admin_client, project):
        url = self.URL.format(project.id)
        descriptor(project, "A").departments.add(DepartmentFactory())
        one = count_queries(admin_client, url)
        for name in ("B", "C"):
            descriptor(project, name).departments.add(DepartmentFactory())
        assert count_queries(admin_client, url) == one

    def test_get_one(self, project, callers):
        level = descriptor(project)
        url = f"{self.URL.format(project.id)}/{level.id}"
        body = callers["user_in"].client.get(url).json()
        assert body["id"] == str(level.id) and set(body) == DESCRIPTOR_KEYS
        other = ProjectFactory()
        add_to_team(other, callers["user_in"].person)
        response = callers["user_in"].client.get(f"{self.URL.format(other.id)}/{level.id}")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
        assert callers["user_in"].client.get(f"{self.URL.format(project.id)}/zz").status_code == 404

    def test_update_renames_data_keys(self, project, callers, django_capture_on_commit_callbacks):
        level = descriptor(project, "Difficulty", data_type="list", choices=["a"])
        rock = asset(project, "Rock", data={"difficulty": "hard", "other": 1})
        seq = sequence(project)
        sh = shot(project, seq, data={"difficulty": "keep"})
        url = f"{self.URL.format(project.id)}/{level.id}"
        response = callers["supervisor_in"].client.put(url, {"name": "x"}, format="json")
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
        with django_capture_on_commit_callbacks(execute=True):
            response = callers["manager_in"].client.put(
                url,
                {"name": "Hardness", "choices": ["a", "b"], "entity_type": "Shot"},
                format="json",
            )
        assert response.status_code == 200
        body = response.json()
        assert (body["name"], body["field_name"], body["entity_type"]) == (
            "Hardness",
            "hardness",
            "Asset",
        )
        assert (body["data_type"], body["choices"]) == ("list", ["a", "b"])
        rock.refresh_from_db()
        sh.refresh_from_db()
        assert rock.data == {"other": 1, "hardness": "hard"}
        assert sh.data == {"difficulty": "keep"}
        assert events()[-1][0] == "metadata-descriptor:update"
        response = callers["admin"].client.put(url, {"data_type": "bogus"}, format="json")
        assert response.json()["message"] == "Invalid data_type"

    def test_delete_drops_data_keys(self, project, callers, django_capture_on_commit_callbacks):
        task_type = TaskTypeFactory()
        effort = descriptor(project, "Effort", entity_type="Task", task_type=task_type)
        task = TaskFactory(entity=asset(project), task_type=task_type, data={"effort": 3, "x": 1})
        url = f"{self.URL.format(project.id)}/{effort.id}"
        assert callers["user_in"].client.delete(url).status_code == 403
        with django_capture_on_commit_callbacks(execute=True):
            assert callers["manager_in"].client.delete(url).status_code == 204
        task.refresh_from_db()
        assert task.data == {"x": 1}
        assert not MetadataDescriptor.objects.exists()
        assert events() == [
            (
                "metadata-descriptor:delete",
                {"metadata_descriptor_id": str(effort.id), "project_id": str(project.id)},
                str(project.id),
            )
        ]
        assert callers["admin"].client.delete(url).status_code == 404

    def test_reorder(self, project, callers):
        a, b, c = descriptor(project, "A"), descriptor(project, "B"), descriptor(project, "C")
        descriptor(project, "Shot one", entity_type="Shot")
        url = f"{self.URL.format(project.id)}/reorder"
        body = {"entity_type": "Asset", "descriptor_ids": [str(c.id), str(a.id)]}
        assert callers["supervisor_in"].client.post(url, body, format="json").status_code == 403
        response = callers["manager_in"].client.post(url, body, format="json")
        assert response.status_code == 200
        assert [(row["id"], row["position"]) for row in response.json()] == [
            (str(c.id), 1),
            (str(a.id), 2),
            (str(b.id), 3),
        ]
        response = callers["admin"].client.post(url, {}, format="json")
        assert response.json()["data"]["errors"] == [
            {"field": "entity_type", "message": "Field required"},
            {"field": "descriptor_ids", "message": "Field required"},
        ]
        response = callers["admin"].client.post(
            url, {"entity_type": "Shot", "descriptor_ids": [str(a.id)]}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["message"] == (
            f"Descriptor {a.id} not found for project {project.id} and entity type Shot"
        )


class TestRawResource:
    URL = "/data/metadata-descriptors"

    def test_list_scoped_and_relations(self, project, callers):
        mine = descriptor(project, "Mine", for_client=True)
        descriptor(ProjectFactory(), "Elsewhere")
        rows = callers["user_in"].client.get(self.URL).json()
        assert [row["id"] for row in rows] == [str(mine.id)]
        assert rows[0]["departments"] == []
        rows = callers["user_in"].client.get(f"{self.URL}?relations=false").json()
        assert "departments" not in rows[0]
        assert len(callers["admin"].client.get(self.URL).json()) == 2
        assert callers["user_out"].client.get(self.URL).json() == []
        response = callers["user_in"].client.get(f"{self.URL}/{mine.id}")
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
        assert callers["admin"].client.get(f"{self.URL}/{mine.id}").status_code == 200

    def test_list_query_count(self, admin_client, project):
        descriptor(project, "A").departments.add(DepartmentFactory())
        one = count_queries(admin_client, self.URL)
        descriptor(project, "B").departments.add(DepartmentFactory())
        descriptor(project, "C")
        assert count_queries(admin_client, self.URL) == one

    def test_admin_writes(self, admin_client, project, django_capture_on_commit_callbacks):
        payload = {
            "project_id": str(project.id),
            "name": "Raw",
            "field_name": "raw",
            "entity_type": "Asset",
        }
        response = admin_client.post(self.URL, {**payload, "data_type": "bogus"}, format="json")
        assert (response.status_code, response.json()["message"]) == (400, "Invalid data_type")
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(self.URL, payload, format="json")
        assert response.status_code == 201
        created = response.json()
        rock = asset(project, data={"raw": 1})
        url = f"{self.URL}/{created['id']}"
        response = admin_client.put(url, {"name": "Raw 2", "project_id": "x"}, format="json")
        assert response.status_code == 200
        assert response.json()["departments"] == []
        with django_capture_on_commit_callbacks(execute=True):
            assert admin_client.delete(url).status_code == 204
        rock.refresh_from_db()
        assert rock.data == {"raw": 1}  # the raw delete leaves the values, as the reference
        assert [name for name, _, _ in events()] == [
            "metadata-descriptor:new",
            "metadata-descriptor:delete",
        ]

    def test_non_admins_do_not_write(self, project, callers):
        payload = {
            "project_id": str(project.id),
            "name": "Raw",
            "field_name": "raw",
            "entity_type": "Asset",
        }
        response = callers["manager_in"].client.post(self.URL, payload, format="json")
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
        level = descriptor(project)
        assert callers["manager_in"].client.delete(f"{self.URL}/{level.id}").status_code == 403


class TestAllProjects:
    def test_create_update_reorder_delete(self, admin_client, project):
        other = ProjectFactory(name="Other")
        ProjectFactory(name="Archive", project_status=closed_status())
        response = admin_client.post(
            "/data/metadata-descriptors/all-projects",
            {"name": "Global", "entity_type": "Shot", "data_type": "list", "choices": ["a"]},
            format="json",
        )
        assert response.status_code == 201
        rows = response.json()
        assert sorted(row["project_id"] for row in rows) == sorted([str(project.id), str(other.id)])
        response = admin_client.put(
            "/data/metadata-descriptors/all-projects/global",
            {"entity_type": "Shot", "choices": ["a", "b"]},
            format="json",
        )
        assert response.status_code == 200
        assert [row["choices"] for row in response.json()] == [["a", "b"], ["a", "b"]]
        descriptor(project, "Zeta", entity_type="Shot")
        response = admin_client.post(
            "/actions/metadata-descriptors/all-projects/reorder",
            {"entity_type": "Shot", "field_order": ["zeta", "global"]},
            format="json",
        )
        assert response.status_code == 200
        positions = dict(
            MetadataDescriptor.objects.filter(project=project).values_list("field_name", "position")
        )
        assert positions == {"zeta": 1, "global": 2}
        response = admin_client.delete(
            "/data/metadata-descriptors/all-projects/global?entity_type=Shot"
        )
        assert response.status_code == 204
        assert list(MetadataDescriptor.objects.values_list("name", flat=True)) == ["Zeta"]

    def test_rules(self, admin_client, callers):
        response = admin_client.delete("/data/metadata-descriptors/all-projects/x")
        assert response.json()["message"] == (
            "Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, or Project."
        )
        response = admin_client.post(
            "/actions/metadata-descriptors/all-projects/reorder", {}, format="json"
        )
        assert response.json()["data"]["errors"] == [
            {"field": "entity_type", "message": "Field required"},
            {"field": "field_order", "message": "Field required"},
        ]
        response = callers["manager_in"].client.post(
            "/data/metadata-descriptors/all-projects", {"name": "G"}, format="json"
        )
        assert response.status_code == 403
