"""gazu's project_template module against a live server under /api: a studio admin keeps the
pipeline of a show as a template, edits it, and starts the next show from it; an artist may
neither read nor change templates."""

import gazu
import pytest
from gazu.exception import NotAllowedException, ParameterException, RouteNotFoundException

from people.models import Role
from production.models import PreviewBackgroundFile, StatusAutomation, TaskStatus, TaskType
from tests.e2e.conftest import log_in_as
from tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LEVEL = {
    "name": "Level",
    "entity_type": "Asset",
    "data_type": "list",
    "choices": ["easy", "hard"],
    "for_client": False,
    "departments": [],
}


@pytest.fixture
def pipeline(admin_session):
    """The studio's shared settings a template picks from, by their gazu dicts."""
    modeling = gazu.task.get_task_type_by_name("Modeling", for_entity="Asset")
    rigging = gazu.task.get_task_type_by_name("Rigging", for_entity="Asset")
    automation = StatusAutomation.objects.create(
        entity_type="asset",
        in_task_type=TaskType.objects.get(pk=modeling["id"]),
        in_task_status=TaskStatus.objects.get(short_name="done"),
        out_field_type="status",
        out_task_type=TaskType.objects.get(pk=rigging["id"]),
        out_task_status=TaskStatus.objects.get(short_name="ready"),
    )
    background = PreviewBackgroundFile.objects.create(name="Studio grey", extension="hdr")
    return {
        "modeling": modeling,
        "rigging": rigging,
        "todo": gazu.task.get_task_status_by_short_name("todo"),
        "wip": gazu.task.get_task_status_by_short_name("wip"),
        "character": gazu.asset.get_asset_type_by_name("Character"),
        "automation": {"id": str(automation.pk)},
        "background": {"id": str(background.pk)},
    }


def ids(rows: list[dict]) -> list[str]:
    return [row["id"] for row in rows]


def test_template_crud_and_links(pipeline):
    template = gazu.project_template.new_project_template(
        "Feature", description="Our features", fps="24", ratio="2.39", resolution="4096x1716",
        production_type="featurefilm", production_style="3d",
    )  # fmt: skip
    assert {key: template[key] for key in ("name", "fps", "ratio", "production_type")} == {
        "name": "Feature",
        "fps": "24",
        "ratio": "2.39",
        "production_type": "featurefilm",
    }
    assert ids(gazu.project_template.all_project_templates()) == [template["id"]]
    assert gazu.project_template.get_project_template(template["id"])["name"] == "Feature"
    assert gazu.project_template.get_project_template_by_name("Feature")["id"] == template["id"]
    assert gazu.project_template.get_project_template_by_name("Short") is None
    updated = gazu.project_template.update_project_template({"id": template["id"], "fps": "25"})
    assert (updated["fps"], updated["description"]) == ("25", "Our features")
    with pytest.raises(ParameterException):
        gazu.project_template.new_project_template("Feature")

    modeling, rigging = pipeline["modeling"], pipeline["rigging"]
    gazu.project_template.add_task_type_to_project_template(template, modeling, priority=2)
    gazu.project_template.add_task_type_to_project_template(template, rigging, priority=1)
    listed = gazu.project_template.all_task_types_for_project_template(template)
    assert [(t["id"], t["priority"]) for t in listed] == [(rigging["id"], 1), (modeling["id"], 2)]
    gazu.project_template.remove_task_type_from_project_template(template, rigging)
    assert ids(gazu.project_template.all_task_types_for_project_template(template)) == [
        modeling["id"]
    ]

    todo, wip = pipeline["todo"], pipeline["wip"]
    gazu.project_template.add_task_status_to_project_template(
        template, todo, priority=1, roles_for_board=["admin", "manager"]
    )
    gazu.project_template.add_task_status_to_project_template(template, wip)
    statuses = gazu.project_template.all_task_statuses_for_project_template(template)
    assert {s["id"]: s["roles_for_board"] for s in statuses}[todo["id"]] == ["admin", "manager"]
    gazu.project_template.remove_task_status_from_project_template(template, wip)
    assert ids(gazu.project_template.all_task_statuses_for_project_template(template)) == [
        todo["id"]
    ]

    character = pipeline["character"]
    gazu.project_template.add_asset_type_to_project_template(template, character)
    assert ids(gazu.project_template.all_asset_types_for_project_template(template)) == [
        character["id"]
    ]
    gazu.project_template.remove_asset_type_from_project_template(template, character)
    assert gazu.project_template.all_asset_types_for_project_template(template) == []

    automation = pipeline["automation"]
    gazu.project_template.add_status_automation_to_project_template(template, automation)
    assert ids(gazu.project_template.all_status_automations_for_project_template(template)) == [
        automation["id"]
    ]
    gazu.project_template.remove_status_automation_from_project_template(template, automation)
    assert gazu.project_template.all_status_automations_for_project_template(template) == []

    background = pipeline["background"]
    gazu.project_template.add_preview_background_file_to_project_template(template, background)
    assert ids(
        gazu.project_template.all_preview_background_files_for_project_template(template)
    ) == [background["id"]]
    chosen = gazu.project_template.set_project_template_default_preview_background_file(
        template, background
    )
    assert chosen["default_preview_background_file_id"] == background["id"]
    cleared = gazu.project_template.set_project_template_default_preview_background_file(
        template, None
    )
    assert cleared["default_preview_background_file_id"] is None
    gazu.project_template.remove_preview_background_file_from_project_template(template, background)
    assert gazu.project_template.all_preview_background_files_for_project_template(template) == []

    snapshot = gazu.project_template.set_project_template_metadata_descriptors(template, [LEVEL])
    assert snapshot["metadata_descriptors"] == [
        {**LEVEL, "field_name": "level", "position": None, "task_type_id": None}
    ]

    gazu.project_template.remove_project_template(template)
    with pytest.raises(RouteNotFoundException):
        gazu.project_template.get_project_template(template["id"])


def test_next_show_starts_from_the_last_one(pipeline):
    first = gazu.project.new_project("Season 1", "tvshow")
    gazu.project.add_task_type(first, pipeline["modeling"], priority=3)
    gazu.project.add_task_status(first, pipeline["todo"])
    gazu.project.add_asset_type(first, pipeline["character"])
    gazu.project.add_metadata_descriptor(first, "Level", "Asset", data_type="list",
                                         choices=["easy", "hard"])  # fmt: skip
    template = gazu.project_template.new_project_template_from_project(
        first, "Series", description="From season 1"
    )
    assert (template["name"], template["description"]) == ("Series", "From season 1")
    assert template["production_type"] == "tvshow"
    assert [(t["id"], t["priority"]) for t in
            gazu.project_template.all_task_types_for_project_template(template)] == [
        (pipeline["modeling"]["id"], 3)
    ]  # fmt: skip
    assert [d["field_name"] for d in template["metadata_descriptors"]] == ["level"]

    second = gazu.project.new_project("Season 2", "short")
    applied = gazu.project_template.apply_project_template(second, template)
    assert (applied["id"], applied["production_type"]) == (second["id"], "tvshow")
    project = gazu.client.get(f"data/projects/{second['id']}", params={"relations": "true"})
    assert project["task_types"] == [pipeline["modeling"]["id"]]
    assert project["task_statuses"] == [pipeline["todo"]["id"]]
    assert project["asset_types"] == [pipeline["character"]["id"]]
    descriptors = gazu.project.all_metadata_descriptors(second)
    assert [(d["name"], d["choices"]) for d in descriptors] == [("Level", ["easy", "hard"])]


def test_artist_may_not_touch_templates(pipeline):
    template = gazu.project_template.new_project_template("Feature")
    project = gazu.project.new_project("Season 1", "tvshow")
    artist = PersonFactory(role=Role.USER, email="artist@studio.example")
    gazu.project.add_person_to_team(project, {"id": str(artist.pk)})

    log_in_as("artist@studio.example")
    with pytest.raises(NotAllowedException):
        gazu.project_template.all_project_templates()
    with pytest.raises(NotAllowedException):
        gazu.project_template.get_project_template(template["id"])
    with pytest.raises(NotAllowedException):
        gazu.project_template.new_project_template("Mine")
    with pytest.raises(NotAllowedException):
        gazu.project_template.update_project_template({"id": template["id"], "fps": "12"})
    with pytest.raises(NotAllowedException):
        gazu.project_template.add_task_type_to_project_template(template, pipeline["modeling"])
    with pytest.raises(NotAllowedException):
        gazu.project_template.new_project_template_from_project(project, "Mine")
    with pytest.raises(NotAllowedException):
        gazu.project_template.apply_project_template(project, template)
    with pytest.raises(NotAllowedException):
        gazu.project_template.remove_project_template(template)
