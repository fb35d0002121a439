"""The breakdown console: the entity list (main preview, filters, fixed query count) and the
casting of shots and episodes, edited inline and saved through the casting service."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from people.models import Role
from production.models import EntityLink, ProjectTaskTypeLink, Task
from reviews.models import PreviewFile
from tests.factories import PersonFactory
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    asset,
    episode,
    sequence,
    shot,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/production/entity/"


@pytest.fixture
def console() -> Client:
    client = Client()
    client.force_login(PersonFactory(role=Role.ADMIN))
    return client


@pytest.fixture
def breakdown():
    project = ProjectFactory(name="Caminandes")
    ep = episode(project)
    sq = sequence(project, episode=ep)
    return project, ep, sq


def change_url(entity) -> str:
    return f"/admin/production/entity/{entity.pk}/change/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("project__id__exact={project}", {"E01", "SQ01", "SH010"}),
        ("entity_type__id__exact={shot_type}", {"SH010", "SH990"}),
        ("parent__id__exact={sequence}", {"SH010"}),
        ("project__id__exact={project}&entity_type__id__exact={shot_type}&q=SH", {"SH010"}),
    ],
)
def test_filters(console, breakdown, query, expected):
    project, _, sq = breakdown
    sh = shot(project, sq, name="SH010")
    other = ProjectFactory(name="Other")
    shot(other, sequence(other, name="SQ99"), name="SH990")
    params = query.format(project=project.pk, shot_type=sh.entity_type_id, sequence=sq.pk)
    response = console.get(f"{CHANGELIST}?{params}")
    assert response.status_code == 200
    assert {entity.name for entity in response.context["cl"].result_list} == expected


def count_changelist_queries(console) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert console.get(CHANGELIST).status_code == 200
    return len(queries)


def test_changelist_query_count_is_fixed(console, breakdown):
    project, _, sq = breakdown
    preview = PreviewFile.objects.create(name="layout", revision=1)
    shot(project, sq, name="SH000", preview_file_id=preview.pk)
    one = count_changelist_queries(console)
    for index in range(1, 5):
        other = PreviewFile.objects.create(name=f"anim{index}", revision=index)
        shot(project, sq, name=f"SH{index}0", preview_file_id=other.pk)
    assert count_changelist_queries(console) == one


def test_casting_inline_only_on_shots_and_episodes(console, breakdown):
    project, ep, sq = breakdown
    sh = shot(project, sq)
    hero = asset(project)
    for entity in (sh, ep):
        response = console.get(change_url(entity))
        assert response.status_code == 200
        assert "links_out-TOTAL_FORMS" in response.content.decode()
    for entity in (hero, sq):
        response = console.get(change_url(entity))
        assert response.status_code == 200
        assert "links_out-TOTAL_FORMS" not in response.content.decode()


def form_data(response) -> dict:
    """The change form's current values, as the browser would post them back."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = field.widget.format_value(value) if name == "data" else value
    return data


def cast(console, entity, rows, *, existing=()):
    data = form_data(console.get(change_url(entity)))
    data.update(
        {
            "links_out-TOTAL_FORMS": str(len(rows)),
            "links_out-INITIAL_FORMS": str(len(existing)),
            "links_out-MIN_NUM_FORMS": "0",
            "links_out-MAX_NUM_FORMS": "1000",
            "_save": "Save",
        }
    )
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"links_out-{index}-{key}"] = value
        data[f"links_out-{index}-entity_in"] = str(entity.pk)
    return console.post(change_url(entity), data)


def test_casting_saved_through_the_service(console, breakdown, django_capture_on_commit_callbacks):
    project, ep, sq = breakdown
    sh = shot(project, sq)
    layout = TaskTypeFactory(name="Layout")
    ProjectTaskTypeLink.objects.create(project=project, task_type=layout, priority=1)
    hero = asset(project, "Hero", ready_for=layout)
    prop = asset(project, "Sword", type_name="Props")
    task = TaskFactory(entity=sh, task_type=layout)

    with django_capture_on_commit_callbacks(execute=True):
        response = cast(
            console,
            sh,
            [
                {"entity_out": str(hero.pk), "nb_occurences": "2", "label": "fixed"},
                {"entity_out": str(prop.pk), "nb_occurences": "1", "label": ""},
            ],
        )
    assert response.status_code == 302, response.context and response.context["errors"]
    links = EntityLink.objects.filter(entity_in=sh).order_by("entity_out__name")
    assert [(link.entity_out.name, link.nb_occurences, link.label) for link in links] == [
        ("Hero", 2, "fixed"),
        ("Sword", 1, ""),
    ]
    sh.refresh_from_db()
    assert sh.nb_entities_out == 2
    assert Task.objects.get(pk=task.pk).nb_assets_ready == 1
    # The shot's episode casts what its shots cast.
    assert set(EntityLink.objects.filter(entity_in=ep).values_list("entity_out", flat=True)) == {
        hero.pk,
        prop.pk,
    }

    hero_link = links[0]
    sword_link = links[1]
    response = cast(
        console,
        sh,
        [
            {
                "id": str(hero_link.pk),
                "entity_out": str(hero.pk),
                "nb_occurences": "3",
                "label": "fixed",
            },
            {
                "id": str(sword_link.pk),
                "entity_out": str(prop.pk),
                "nb_occurences": "1",
                "label": "",
                "DELETE": "on",
            },
        ],
        existing=(hero_link, sword_link),
    )
    assert response.status_code == 302
    assert list(
        EntityLink.objects.filter(entity_in=sh).values_list("entity_out", "nb_occurences")
    ) == [(hero.pk, 3)]
    sh.refresh_from_db()
    assert sh.nb_entities_out == 1
    assert list(EntityLink.objects.filter(entity_in=ep).values_list("entity_out", flat=True)) == [
        hero.pk
    ]
