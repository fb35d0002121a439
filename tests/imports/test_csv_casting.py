"""CSV import of casting: shots and assets cast assets; labels slugified; strict rows."""

import pytest

from production.models import Entity, EntityLink
from tests.imports.csv_helpers import caller, make_studio, managers_only, post_csv

pytestmark = pytest.mark.django_db

HEADER = "Parent,Name,Asset Type,Asset,Occurences,Label\n"


@pytest.fixture
def studio(admin_client):
    studio = make_studio()
    for project in (studio.project, studio.tv_project):
        episode = "Episode," if project == studio.tv_project else ""
        shots = f"{episode}Sequence,Name\n" + (
            "E01,SQ01,SH010\nE02,SQ01,SH010\n" if episode else "SQ01,SH010\nSQ02,SH020\n"
        )
        post_csv(admin_client, f"/import/csv/projects/{project.id}/shots", shots)
        assets = "Type,Name\nCharacter,Hero\nProps,Sword\n"
        post_csv(admin_client, f"/import/csv/projects/{project.id}/assets", assets)
    return studio


def casting_path(project):
    return f"/import/csv/projects/{project.id}/casting"


def links(project):
    rows = EntityLink.objects.filter(entity_in__project=project).exclude(
        entity_in__entity_type__name="Episode"
    )
    return sorted(
        (link.entity_in.parent.name if link.entity_in.parent else "", link.entity_in.name)
        + (link.entity_out.name, link.nb_occurences, link.label)
        for link in rows.select_related("entity_in__parent", "entity_out")
    )


def test_shots_and_assets_cast_assets(admin_client, studio):
    text = HEADER + (
        "SQ01,SH010,Character,Hero,2,Fixed Thing\n"
        "SQ01,SH010,Props,Sword,,\n"
        "Character,Hero,Props,Sword,1,\n"
        "sq2,sh20,character,hero,3,\n"
    )

    response = post_csv(admin_client, casting_path(studio.project), text)

    assert response.status_code == 201, response.json()
    assert response.json() == [None, None, None, None]
    assert links(studio.project) == [
        ("", "Hero", "Sword", 1, ""),
        ("SQ01", "SH010", "Hero", 2, "fixed-thing"),
        ("SQ01", "SH010", "Sword", 1, ""),
        ("SQ02", "SH020", "Hero", 3, ""),
    ]
    shot = Entity.objects.get(name="SH010", project=studio.project)
    assert shot.nb_entities_out == 2


def test_reimport_updates_links_and_label_defaults_to_fixed(admin_client, studio):
    post_csv(admin_client, casting_path(studio.project), HEADER + "SQ01,SH010,Character,Hero,2,a\n")
    again = "Parent,Name,Asset Type,Asset,Occurences\nSQ01,SH010,Character,Hero,5\n"

    response = post_csv(admin_client, casting_path(studio.project), again)

    assert response.status_code == 201
    assert links(studio.project) == [("SQ01", "SH010", "Hero", 5, "fixed")]
    assert EntityLink.objects.count() == 1


def test_tv_show_shots_are_located_by_episode(admin_client, studio):
    text = (
        "Episode," + HEADER + ("E01,SQ01,SH010,Character,Hero,2,\nE02,SQ01,SH010,Props,Sword,1,\n")
    )

    response = post_csv(admin_client, casting_path(studio.tv_project), text)

    assert response.status_code == 201, response.json()
    e01_shot = Entity.objects.get(name="SH010", parent__parent__name="E01")
    e02_shot = Entity.objects.get(name="SH010", parent__parent__name="E02")
    assert list(EntityLink.objects.filter(entity_in=e01_shot).values_list("entity_out__name")) == [
        ("Hero",)
    ]
    assert list(EntityLink.objects.filter(entity_in=e02_shot).values_list("entity_out__name")) == [
        ("Sword",)
    ]
    episode_links = EntityLink.objects.filter(entity_in__entity_type__name="Episode")
    assert sorted(episode_links.values_list("entity_in__name", "entity_out__name")) == [
        ("E01", "Hero"),
        ("E02", "Sword"),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("SQ01,SH999,Character,Hero,1,", "Entity not found: SQ01 / SH999"),
        ("SQ01,SH010,Character,Nobody,1,", "Asset not found: Character / Nobody"),
        ("SQ01,SH010,Character,Hero,abc,", "Occurences must be an integer, got 'abc'"),
    ],
)
def test_bad_row_is_refused_and_nothing_is_kept(admin_client, studio, row, message):
    text = HEADER + "Character,Hero,Props,Sword,1,\n" + row + "\n"

    response = post_csv(admin_client, casting_path(studio.project), text)

    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": message,
        "line_number": 3,
        "imported_rows": 0,
    }
    assert not EntityLink.objects.exists()


def test_missing_column(admin_client, studio):
    response = post_csv(
        admin_client, casting_path(studio.project), "Parent,Name,Asset Type,Asset\nA,B,C,D\n"
    )

    assert response.json()["message"] == "A columns is missing: 'Occurences'"


@managers_only("supervisor", "user", "vendor")
def test_only_project_managers_import_casting(role_clients, studio, role, in_team, expected):
    client = caller(role_clients, studio, role, in_team)

    response = post_csv(client, casting_path(studio.project), HEADER)

    assert response.status_code == expected
