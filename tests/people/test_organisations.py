"""`/data/organisations`: the singleton, chat tokens for admins only, admin-only writes."""

import pytest

from kitsu_site.api.errors import FORBIDDEN_MESSAGE
from people.models import Organisation

CHAT_FIELDS = {"chat_token_slack", "chat_webhook_mattermost", "chat_token_discord"}
ROLES = ["admin", "manager", "supervisor", "user", "client", "vendor"]


def test_list_creates_the_singleton(admin_client):
    assert not Organisation.objects.exists()
    response = admin_client.get("/data/organisations")
    assert response.status_code == 200
    organisation = Organisation.objects.get()
    body = response.json()
    assert [row["id"] for row in body] == [str(organisation.id)]
    assert body[0]["name"] == "Kitsu"
    assert body[0]["hours_by_day"] == 8.0
    assert body[0]["type"] == "Organisation"
    admin_client.get("/data/organisations")
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_chat_tokens_only_for_admins(role_clients, role):
    Organisation.objects.create(name="Studio", chat_token_slack="xoxb-secret")
    _, client = role_clients[role]
    rows = client.get("/data/organisations").json()
    organisation_id = rows[0]["id"]
    one = client.get(f"/data/organisations/{organisation_id}").json()
    for body in (rows[0], one):
        if role == "admin":
            assert set(body) >= CHAT_FIELDS
            assert body["chat_token_slack"] == "xoxb-secret"
        else:
            assert not CHAT_FIELDS & set(body)
            assert body["name"] == "Studio"


@pytest.mark.parametrize("role", [role for role in ROLES if role != "admin"])
def test_only_admins_write(role_clients, role):
    organisation = Organisation.current()
    _, client = role_clients[role]
    response = client.put(
        f"/data/organisations/{organisation.id}", {"hours_by_day": 7}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"error": True, "message": FORBIDDEN_MESSAGE}
    response = client.post("/data/organisations", {"name": "Other"}, format="json")
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.hours_by_day == 8


def test_admin_updates(admin_client):
    organisation = Organisation.current()
    response = admin_client.put(
        f"/data/organisations/{organisation.id}",
        {"hours_by_day": 7.5, "chat_token_slack": "token"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["hours_by_day"] == 7.5
    assert response.json()["chat_token_slack"] == "token"
