"""Wire formats of people's records that other apps render too (persons, time spents, day
offs): declared once here, below the serializers, so any app may import them."""

from __future__ import annotations

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from kitsu_site.api.wire import Row, WireFormat
from people.models import (
    DayOff,
    Department,
    DesktopLoginLog,
    Organisation,
    Person,
    Studio,
    TimeSpent,
)

# Never leave the server, and may not be filtered on.
PERSON_SECRETS = (
    *Person.CREDENTIAL_FIELDS,
    "last_login",
    "login_failed_attemps",
    "last_login_failed",
)
BCRYPT_PREFIX = "bcrypt$"
# What any logged-in user may see of a colleague.
PERSON_MINIMAL_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "has_avatar",
    "active",
    "studio_id",
    "role",
    "desktop_login",
    "is_bot",
)


def full_name(row: Row) -> str:
    return " ".join(part for part in (row["first_name"], row["last_name"]) if part).strip()


PERSON_WIRE = WireFormat(
    Person,
    hidden=PERSON_SECRETS,
    computed={"full_name": full_name},
    computed_from=("first_name", "last_name"),
)


def zou_password_hash(row: Row) -> str | None:
    """The stored password hash as the reference writes it: raw bcrypt for accounts hashed
    with bcrypt (as every Zou account is), other hashes as stored, none for no password."""
    stored = row["password"]
    if not stored or stored.startswith(UNUSABLE_PASSWORD_PREFIX):
        return None
    return stored.removeprefix(BCRYPT_PREFIX)


# `GET /data/persons?with_pass_hash=true` for admins (instance migrations): the full shape and
# the password hash, never the other credentials.
PERSON_WITH_PASS_HASH_WIRE = WireFormat(
    Person,
    hidden=PERSON_SECRETS,
    computed={"full_name": full_name, "password": zou_password_hash},
    computed_from=("first_name", "last_name", "password"),
)
PERSON_MINIMAL_WIRE = WireFormat(
    Person,
    only=PERSON_MINIMAL_COLUMNS,
    computed={"full_name": full_name},
    computed_from=("first_name", "last_name"),
    always_relations=True,
)
TIME_SPENT_WIRE = WireFormat(TimeSpent)
# The time spents of a range of days as the reference sends them: each with its task's project
# and task type, what a time sheet groups them by.
TIME_SPENT_WITH_TASK_WIRE = WireFormat(
    TimeSpent,
    computed={
        "project_id": lambda raw: raw["task__project_id"],
        "task_type_id": lambda raw: raw["task__task_type_id"],
    },
    computed_from=("task__project_id", "task__task_type_id"),
)
DAY_OFF_WIRE = WireFormat(DayOff)


DEPARTMENT_WIRE = WireFormat(Department)
STUDIO_WIRE = WireFormat(Studio)
# The chat integrations' secrets are for admins only.
ORGANISATION_ADMIN_COLUMNS = ("chat_token_slack", "chat_webhook_mattermost", "chat_token_discord")
# What everyone may see of the organisation, and what `organisation:update` announces as changed.
ORGANISATION_PUBLIC_WIRE = WireFormat(Organisation, hidden=ORGANISATION_ADMIN_COLUMNS)
DESKTOP_LOGIN_LOG_WIRE = WireFormat(DesktopLoginLog)
