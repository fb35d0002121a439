"""Chats on entities: reading, posting, deleting messages, joining and leaving, the CRUD."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.errors import FORBIDDEN_MESSAGE, NOT_FOUND_MESSAGE
from kitsu_site.api.models import ApiEvent
from people.models import Chat, ChatMessage, Role
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    add_to_team,
    asset,
    episode,
    sequence,
    shot,
)

MISSING = "00000000-0000-0000-0000-000000000000"
FORBIDDEN = {"error": True, "message": FORBIDDEN_MESSAGE}
NOT_PARTICIPANT = {"error": True, "message": "You are not a participant of this chat", "data": None}


@pytest.fixture
def project(db):
    return ProjectFactory(name="Chat TV")


@pytest.fixture
def the_shot(project):
    return shot(project, sequence(project, "SQ01", episode(project, "E01")), "SH010")


@pytest.fixture
def team(project):
    """An in-team person per role (the admin is not in the team), and an outsider."""
    people = {}
    for role in Role.values:
        person = PersonFactory(role=role, email=f"chat-{role}@example.com")
        if role != Role.ADMIN:
            add_to_team(project, person)
        people[role] = person
    people["outsider"] = PersonFactory(email="chat-outsider@example.com")
    return people


def chat_url(entity):
    return f"/data/entities/{entity.id}/chat"


def join(client, entity):
    return client.post(f"/actions/user/chats/{entity.id}/join")


class TestEntityChat:
    def test_get_opens_the_chat(self, team, the_shot):
        response = client_for(team["admin"]).get(chat_url(the_shot))
        assert response.status_code == 200
        chat = Chat.objects.get()
        body = response.json()
        assert body == {
            "object_id": str(the_shot.id),
            "object_type": "entity",
            "last_message": None,
            "participants": [],
            "id": str(chat.id),
            "created_at": body["created_at"],
            "updated_at": body["updated_at"],
            "type": "Chat",
            "messages": [],
        }
        client_for(team["admin"]).get(chat_url(the_shot))
        assert Chat.objects.count() == 1

    def test_join_post_read_delete_leave(
        self, team, the_shot, settings, django_capture_on_commit_callbacks
    ):
        settings.REDIS_URL = "redis://127.0.0.1:9/0"  # publishing is mocked below
        user = team["user"]
        client = client_for(user)
        with (
            mock.patch("kitsu_site.api.events.publish") as publish,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = join(client, the_shot)
            assert response.status_code == 200
            assert "participants" not in response.json()
            posted = client.post(f"{chat_url(the_shot)}/messages", {"message": "hello"})
        chat = Chat.objects.get()
        message = ChatMessage.objects.get()
        assert posted.status_code == 201
        assert posted.json() == {
            "chat_id": str(chat.id),
            "person_id": str(user.id),
            "text": "hello",
            "id": str(message.id),
            "created_at": posted.json()["created_at"],
            "updated_at": posted.json()["updated_at"],
            "type": "ChatMessage",
        }
        assert chat.last_message is not None
        assert list(chat.participants.all()) == [user]
        # Chat events are published but never kept in the event log.
        assert not ApiEvent.objects.filter(name__startswith="chat:").exists()
        assert [call.args for call in publish.call_args_list] == [
            (
                "chat:joined",
                {
                    "chat_id": str(chat.id),
                    "person_id": str(user.id),
                    "project_id": str(the_shot.project_id),
                },
            ),
            (
                "chat:new-message",
                {
                    "chat_id": str(chat.id),
                    "chat_message_id": str(message.id),
                    "project_id": str(the_shot.project_id),
                },
            ),
        ]
        messages = client.get(f"{chat_url(the_shot)}/messages").json()
        assert [row["text"] for row in messages] == ["hello"]
        assert messages[0]["attachment_files"] == []
        one = client.get(f"{chat_url(the_shot)}/messages/{message.id}")
        assert one.json()["id"] == str(message.id)
        chat_body = client.get(chat_url(the_shot)).json()
        assert chat_body["participants"] == [str(user.id)]
        assert client.get("/data/user/chats").json() == [
            {
                "id": str(chat.id),
                "object_id": str(the_shot.id),
                "last_message": chat_body["last_message"],
                "entity_name": "E01 / SQ01 / SH010",
                "project_id": str(the_shot.project_id),
                "preview_file_id": None,
            }
        ]
        deleted = client.delete(f"{chat_url(the_shot)}/messages/{message.id}")
        assert deleted.status_code == 204
        assert not ChatMessage.objects.exists()
        assert client.delete(f"/actions/user/chats/{the_shot.id}/join").status_code == 204
        assert client.get("/data/user/chats").json() == []

    def test_only_participants_post(self, team, the_shot):
        for role in ("admin", "manager", "user", "client"):
            client = client_for(team[role])
            response = client.post(f"{chat_url(the_shot)}/messages", {"message": "x"})
            assert (role, response.status_code) == (role, 400)
            assert response.json() == NOT_PARTICIPANT

    def test_message_validation(self, team, the_shot):
        client = client_for(team["admin"])
        join(client, the_shot)
        response = client.post(f"{chat_url(the_shot)}/messages", {"text": "x"}, format="json")
        assert response.json() == {
            "error": True,
            "message": "Validation error.",
            "data": {"errors": [{"field": "message", "message": "Field required"}]},
        }
        empty = client.post(f"{chat_url(the_shot)}/messages", {"message": ""}, format="json")
        assert empty.status_code == 201

    def test_who_deletes_a_message(self, team, the_shot):
        author = client_for(team["user"])
        join(author, the_shot)
        ids = [
            author.post(f"{chat_url(the_shot)}/messages", {"message": str(i)}).json()["id"]
            for i in range(2)
        ]
        for role in ("manager", "supervisor", "client"):
            response = client_for(team[role]).delete(f"{chat_url(the_shot)}/messages/{ids[0]}")
            assert (role, response.status_code) == (role, 403)
            assert response.json() == FORBIDDEN
        admin = client_for(team["admin"])
        assert admin.delete(f"{chat_url(the_shot)}/messages/{ids[0]}").status_code == 204

    def test_access(self, team, the_shot, project):
        for role in ("outsider", "vendor"):
            client = client_for(team[role])
            for response in (
                client.get(chat_url(the_shot)),
                client.get(f"{chat_url(the_shot)}/messages"),
                client.post(f"{chat_url(the_shot)}/messages", {"message": "x"}),
                join(client, the_shot),
                client.delete(f"/actions/user/chats/{the_shot.id}/join"),
            ):
                assert (role, response.status_code) == (role, 403)
        # A vendor reaches the chat of an entity holding one of his tasks.
        task = TaskFactory(entity=the_shot)
        task.assignees.add(team["vendor"])
        assert client_for(team["vendor"]).get(chat_url(the_shot)).status_code == 200

    def test_unknown_ids(self, team, the_shot):
        client = client_for(team["admin"])
        for entity_id in (MISSING, "xx"):
            response = client.get(f"/data/entities/{entity_id}/chat")
            assert response.status_code == 404
            assert response.json() == {"error": True, "message": NOT_FOUND_MESSAGE}
            assert client.post(f"/actions/user/chats/{entity_id}/join").status_code == 404
        for message_id in (MISSING, "xx"):
            assert client.get(f"{chat_url(the_shot)}/messages/{message_id}").status_code == 404
            assert client.delete(f"{chat_url(the_shot)}/messages/{message_id}").status_code == 404

    def test_bots_have_no_user_chats(self, the_shot):
        bot = PersonFactory(is_bot=True, role=Role.ADMIN)
        assert client_for(bot).get("/data/user/chats").status_code == 403

    def test_user_chats_names_assets_and_query_count(self, team, project, the_shot):
        client = client_for(team["manager"])
        counts = []
        for size in (1, 3):
            for index in range(size if not counts else 2):
                join(client, asset(project, f"Prop {len(counts)}{index}", type_name="Prop"))
            with CaptureQueriesContext(connection) as queries:
                rows = client.get("/data/user/chats").json()
            assert len(rows) == size
            counts.append(len(queries))
        assert counts[0] == counts[1]
        assert rows[0]["entity_name"] == "Prop / Prop 00"

    def test_messages_query_count(self, team, the_shot):
        client = client_for(team["admin"])
        join(client, the_shot)
        counts = []
        for size in (1, 3):
            while ChatMessage.objects.count() < size:
                client.post(f"{chat_url(the_shot)}/messages", {"message": "m"})
            with CaptureQueriesContext(connection) as queries:
                assert len(client.get(f"{chat_url(the_shot)}/messages").json()) == size
            counts.append(len(queries))
        assert counts[0] == counts[1]


class TestCrud:
    def test_admin_only(self, team, the_shot):
        chat = Chat.objects.create(object_id=the_shot.id)
        for role in ("manager", "supervisor", "user", "client", "vendor"):
            client = client_for(team[role])
            assert client.get("/data/chats").status_code == 403
            assert client.get("/data/chat-messages").status_code == 403
            assert client.get(f"/data/chats/{chat.id}").status_code == 403
        admin = client_for(team["admin"])
        rows = admin.get("/data/chats").json()
        assert [row["id"] for row in rows] == [str(chat.id)]
        assert admin.get(f"/data/chats/{chat.id}").json()["participants"] == []

    def test_chat_message_rows(self, team, the_shot):
        chat = Chat.objects.create(object_id=the_shot.id)
        message = ChatMessage.objects.create(chat=chat, person=team["user"], text="hi")
        body = client_for(team["admin"]).get(f"/data/chat-messages/{message.id}").json()
        assert body["text"] == "hi"
        assert body["attachment_files"] == []
        assert body["chat_id"] == str(chat.id)


def test_messages_carry_their_attached_files(team, the_shot, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = client_for(team["user"])
    join(client, the_shot)
    upload = SimpleUploadedFile("notes.txt", b"frame 12 pops", content_type="text/plain")

    posted = client.post(
        f"{chat_url(the_shot)}/messages", {"message": "see notes", "files": upload}
    ).json()

    files = posted["attachment_files"]
    assert [(f["name"], f["extension"], f["size"]) for f in files] == [("notes.txt", "txt", 13)]
    listed = client.get(f"{chat_url(the_shot)}/messages").json()
    assert listed[0]["attachment_files"] == files
    assert (tmp_path / "attachments" / files[0]["id"] / "notes.txt").read_bytes() == (
        b"frame 12 pops"
    )
