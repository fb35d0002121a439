"""Who gets into the console and what they see: admins everything, production managers the
rows of their projects only, every other role nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from people.models import Role
from reviews.models import Comment
from tests.console.console_helpers import console_for, preview_of, studio, task
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod():
    s = studio()
    mine = task(s, s.hero, s.modeling, s.statuses.wip)
    theirs = task(s, s.stranger, s.modeling, s.statuses.wip)
    return s, mine, theirs


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.USER, Role.CLIENT, Role.VENDOR])
def test_other_roles_have_no_console(role):
    person = PersonFactory(role=role)
    console = console_for(person)
    response = console.get("/admin/")
    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/")
    assert console.get("/admin/production/task/").status_code == 302


def test_login_form_refuses_an_artist():
    artist = PersonFactory(role=Role.USER, email="artist@x.org")
    response = Client().post(
        "/admin/login/?next=/admin/",
        {"username": artist.email, "password": "correct horse battery", "next": "/admin/"},
    )
    assert response.status_code == 200
    assert "Please enter the correct email and password for a staff account" in (
        response.content.decode()
    )


def listed(console, url: str) -> list[str]:
    response = console.get(url)
    assert response.status_code == 200
    return sorted(str(row) for row in response.context["cl"].result_list)


def test_admin_sees_every_project(prod):
    s, mine, theirs = prod
    console = console_for(s.admin)
    assert listed(console, "/admin/production/project/") == ["Caminandes", "Other"]
    assert len(listed(console, "/admin/production/task/")) == 2


def test_manager_sees_only_his_projects_rows(prod):
    s, mine, theirs = prod
    Comment.objects.create(object=mine, person=s.artist, task_status=s.statuses.wip, text="mine")
    Comment.objects.create(object=theirs, person=s.admin, task_status=s.statuses.wip, text="no")
    preview_of(mine)
    preview_of(theirs)
    console = console_for(s.manager)
    assert listed(console, "/admin/production/project/") == ["Caminandes"]
    assert listed(console, "/admin/production/entity/") == ["Hero", "Villain"]
    tasks = console.get("/admin/production/task/").context["cl"].result_list
    assert list(tasks) == [mine]
    comments = console.get("/admin/reviews/comment/").context["cl"].result_list
    assert [comment.text for comment in comments] == ["mine"]
    previews = console.get("/admin/reviews/previewfile/").context["cl"].result_list
    assert [preview.task_id for preview in previews] == [mine.pk]


def test_manager_cannot_open_other_projects_objects(prod):
    s, mine, theirs = prod
    console = console_for(s.manager)
    assert console.get(f"/admin/production/project/{s.project.pk}/dashboard/").status_code == 200
    assert console.get(f"/admin/production/project/{s.other.pk}/dashboard/").status_code == 404
    assert console.get(f"/admin/production/task/{mine.pk}/change/").status_code == 200
    response = console.get(f"/admin/production/task/{theirs.pk}/change/")
    assert (response.status_code, response.url) == (302, "/admin/")
    preview = preview_of(theirs)
    assert console.get(f"/admin/reviews/previewfile/{preview.pk}/thumbnail/").status_code == 404


def test_event_log_is_for_studio_managers_only(prod):
    s, _, _ = prod
    assert console_for(s.admin).get("/admin/api/apievent/").status_code == 200
    assert console_for(s.manager).get("/admin/api/apievent/").status_code == 403
