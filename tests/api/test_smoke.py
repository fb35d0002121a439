import pytest


@pytest.mark.django_db
def test_index_names_the_api(api_client):
    response = api_client.get("/api/")
    assert response.status_code == 200
    assert response.json() == {"api": "Zou", "version": "1.0.97"}


def test_persons_list_as_admin(admin, admin_client):
    response = admin_client.get("/data/persons")
    assert response.status_code == 200
    assert [row["email"] for row in response.json()] == ["john.did@example.com"]
