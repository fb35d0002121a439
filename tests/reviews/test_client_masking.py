"""What a client reads of a task's comments (spec/domain.md section 3, client rules).

Checked on the reference: a studio comment a client only sees for its preview keeps its
author (`person`, `person_id`) and status, but its text, checklist, replies and attachments are
blanked; comments meant for the client, and the clients' own, are returned whole.
"""

from __future__ import annotations

import pytest

from people.models import Role
from reviews.models import AttachmentFile, Comment, PreviewFile
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import add_to_team
from tests.reviews.comments_helpers import production

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    prod = production(name="Client Masking")
    manager = PersonFactory(role=Role.MANAGER, first_name="Studio", last_name="Manager")
    client = PersonFactory(role=Role.CLIENT, first_name="The", last_name="Client")
    add_to_team(prod.project, manager)
    add_to_team(prod.project, client)
    return prod, manager, client


def comment(prod, person, text, *, preview=False, for_client=False, **fields):
    item = Comment.objects.create(
        object=prod.modeling,
        person=person,
        task_status=prod.status.wip,
        text=text,
        for_client=for_client,
        checklist=[{"text": "check", "checked": False}],
        **fields,
    )
    if preview:
        item.previews.add(PreviewFile.objects.create(task=prod.modeling, extension="png"))
    return item


def by_id(client, prod):
    response = client.get(f"/data/tasks/{prod.modeling.pk}/comments")
    assert response.status_code == 200
    return {row["id"]: row for row in response.json()}


def test_studio_comment_with_preview_is_blanked_but_keeps_its_author(setup):
    prod, manager, client = setup
    reply = {"id": "e2b0b4a0-0000-4000-8000-000000000001", "text": "r", "person_id": None}
    studio = comment(prod, manager, "internal notes", preview=True, editor=manager, replies=[reply])
    AttachmentFile.objects.create(comment=studio, name="notes", extension="txt", size=1)

    row = by_id(client_for(client), prod)[str(studio.id)]

    assert row["text"] == ""
    assert row["checklist"] == []
    assert row["replies"] == []
    assert row["attachment_files"] == []
    assert row["person_id"] == str(manager.id)
    assert row["editor_id"] == str(manager.id)
    assert row["person"] == {
        "first_name": "Studio",
        "last_name": "Manager",
        "full_name": "Studio Manager",
        "has_avatar": False,
        "role": "manager",
        "id": str(manager.id),
    }
    assert row["task_status_id"] == str(prod.status.wip.id)
    assert len(row["previews"]) == 1


def test_comments_for_the_client_and_by_clients_are_whole(setup):
    prod, manager, client = setup
    meant = comment(prod, manager, "for you", preview=True, for_client=True)
    own = comment(prod, client, "my notes")

    rows = by_id(client_for(client), prod)

    assert rows[str(meant.id)]["text"] == "for you"
    assert rows[str(meant.id)]["checklist"] == [{"text": "check", "checked": False}]
    assert rows[str(own.id)]["text"] == "my notes"
    assert rows[str(own.id)]["person_id"] == str(client.id)


def test_studio_comment_without_preview_is_hidden_from_clients(setup):
    prod, manager, client = setup
    hidden = comment(prod, manager, "internal")
    assert str(hidden.id) not in by_id(client_for(client), prod)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SUPERVISOR, Role.USER])
def test_studio_roles_read_the_comment_whole(setup, role):
    prod, manager, _ = setup
    studio = comment(prod, manager, "internal notes", preview=True)
    reader = PersonFactory(role=role)
    add_to_team(prod.project, reader)
    prod.modeling.assignees.add(reader)

    row = by_id(client_for(reader), prod)[str(studio.id)]

    assert row["text"] == "internal notes"
    assert row["checklist"] == [{"text": "check", "checked": False}]
    assert row["person_id"] == str(manager.id)
