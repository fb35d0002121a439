"""gazu's person, time spent and day-off functions against a live server under /api."""

import datetime as dt
import io

import gazu
import pytest
from gazu.exception import ParameterException
from PIL import Image

from people.models import Role
from tests.factories import PersonFactory
from tests.production.factories import ProjectFactory, TaskFactory, add_to_team, asset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def artist_task(admin_session):
    """An artist and a task assigned to him, as the ids a script handles."""
    artist = PersonFactory(role=Role.USER, email="artist@studio.example")
    project = ProjectFactory(name="Timesheets")
    add_to_team(project, artist)
    task = TaskFactory(entity=asset(project, "Hero"), project=project)
    task.assignees.add(artist)
    return str(artist.id), str(task.id)


def test_time_spents_through_gazu(artist_task):
    artist, task = artist_task
    gazu.task.set_time_spent(task, artist, "2026-03-02", 120)
    gazu.task.add_time_spent(task, artist, "2026-03-03", 60)
    gazu.task.add_time_spent(task, artist, "2026-03-03", 30)

    spents = gazu.person.get_time_spents_range(artist, "2026-03-01", "2026-03-31")
    assert sorted((s["date"], s["duration"]) for s in spents) == [
        ("2026-03-02", 120.0),
        ("2026-03-03", 90.0),
    ]
    year = gazu.person.get_year_time_spents(artist, 2026)
    assert sum(row["duration"] for row in year) == 210
    month = gazu.person.get_all_month_time_spents(artist, dt.date(2026, 3, 1))
    assert len(month) == 2
    assert gazu.task.get_task(task)["duration"] == 210


def test_day_offs_through_gazu(artist_task):
    artist, task = artist_task
    gazu.task.set_time_spent(task, artist, "2026-04-14", 60)

    day_off = gazu.person.new_day_off(artist, "2026-04-13", "2026-04-17", "Holidays")

    assert (day_off["date"], day_off["end_date"]) == ("2026-04-13", "2026-04-17")
    assert [d["id"] for d in gazu.person.get_day_offs(artist)] == [day_off["id"]]
    assert gazu.person.get_week_day_offs(artist, 2026, 16)[0]["id"] == day_off["id"]
    # The day off removed the time logged inside it.
    assert gazu.person.get_time_spents_range(artist, "2026-04-01", "2026-04-30") == []
    with pytest.raises(ParameterException):
        gazu.person.new_day_off(artist, "2026-04-15", "2026-04-20")
    gazu.person.remove_day_off(day_off)
    assert gazu.person.get_day_offs(artist) == []


def test_person_administration_through_gazu(admin_session, tmp_path):
    modeling = gazu.person.new_department("Modeling", "#FF0000")
    jane = gazu.person.new_person("Jane", "Doe", "jane@studio.example")
    gazu.person.add_person_to_department(jane, modeling)
    assert gazu.person.get_person(jane["id"], relations=True)["departments"] == [modeling["id"]]
    gazu.person.remove_person_from_department(jane, modeling)
    assert gazu.person.get_person(jane["id"], relations=True)["departments"] == []

    gazu.person.change_password_for_person(jane, "a-new-password-1")
    picture = tmp_path / "avatar.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, format="PNG")
    picture.write_bytes(buffer.getvalue())
    gazu.person.set_avatar(jane, str(picture))
    assert gazu.person.get_person(jane["id"])["has_avatar"] is True
    gazu.person.clear_person_avatar(jane)
    assert gazu.person.get_person(jane["id"])["has_avatar"] is False

    gazu.log_out()
    gazu.log_in("jane@studio.example", "a-new-password-1")
    assert gazu.client.get_current_user()["email"] == "jane@studio.example"
