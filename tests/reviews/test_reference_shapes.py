"""Values whose JSON type the reference fixes, measured on Zou 1.0.97: a new comment is not
pinned (`null`), a new preview lasts `0.0` (a float)."""

from __future__ import annotations

import json

import pytest

from tests.reviews.comments_helpers import post_comment, production

pytestmark = pytest.mark.django_db


def test_new_comment_and_preview_types(admin_client):
    prod = production()
    posted = post_comment(admin_client, prod.modeling, prod.status.wip, "first")
    assert posted.status_code == 201
    assert posted.json()["pinned"] is None
    listed = admin_client.get(f"/data/tasks/{prod.modeling.pk}/comments").json()
    assert listed[0]["pinned"] is None
    added = admin_client.post(
        f"/actions/tasks/{prod.modeling.pk}/comments/{posted.json()['id']}/add-preview", {}
    )
    assert added.status_code == 201
    assert '"duration": 0.0' in json.dumps(added.json())
