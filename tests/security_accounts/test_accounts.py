"""Accounts: bot tokens end with their expiration date, and an admin setting someone's
password ends every session of theirs."""

from __future__ import annotations

import datetime as dt

import jwt.api_jwt
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from people.models import Person
from people.tokens import issue_api_token
from tests.factories import DEFAULT_PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

REVOKED = {"msg": "Token has been revoked"}
EXPIRED = {"msg": "Token has expired"}


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def clock_at(monkeypatch, moment: dt.datetime) -> None:
    """Token checks see `moment` as now."""

    class FrozenDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return moment.astimezone(tz)

    monkeypatch.setattr(jwt.api_jwt, "datetime", FrozenDatetime)


def test_a_bot_token_stops_working_once_its_expiration_date_is_over(monkeypatch):
    last_day = timezone.now().date() + dt.timedelta(days=3)
    bot = PersonFactory(email="bot@example.com", is_bot=True, expiration_date=last_day)
    token = issue_api_token(bot)
    bot.save()
    # The token's `exp` is the last whole second of that day, as the reference's.
    end_of_last_day = dt.datetime.combine(last_day, dt.time(23, 59, 59), tzinfo=dt.UTC)

    clock_at(monkeypatch, end_of_last_day - dt.timedelta(seconds=1))
    still_valid = bearer(token).get("/auth/authenticated")
    clock_at(monkeypatch, end_of_last_day)
    expired = bearer(token).get("/auth/authenticated")

    assert (still_valid.status_code, still_valid.json()["user"]["id"]) == (200, str(bot.id))
    assert (expired.status_code, expired.json()) == (401, EXPIRED)


def test_an_admin_setting_a_password_revokes_every_token(admin_client):
    ann = PersonFactory(email="ann@example.com")
    session = APIClient().post(
        "/auth/login", {"email": ann.email, "password": DEFAULT_PASSWORD}, "json"
    )
    access, refresh = session.json()["access_token"], session.json()["refresh_token"]

    response = admin_client.post(
        f"/actions/persons/{ann.id}/change-password",
        {"password": "a much longer secret", "password_2": "a much longer secret"},
        "json",
    )

    assert (response.status_code, response.json()) == (200, {"success": True})
    assert bearer(access).get("/auth/authenticated").json() == REVOKED
    assert bearer(refresh).get("/auth/refresh-token").json() == REVOKED
    assert Person.objects.get(pk=ann.pk).check_password("a much longer secret")
