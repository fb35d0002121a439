"""Wire formats of people's records that other apps render too (persons, time spents, day
offs): declared once here, below the serializers, so any app may import them."""

from __future__ import annotations

from kitsu_site.api.wire import Row, WireFormat
from people.models import DayOff, Department, DesktopLoginLog, Person, Studio, TimeSpent

# Never leave the server, and may not be filtered on.
PERSON_SECRETS = (
    *Person.CREDENTIAL_FIELDS,
    "last_login",
    "login_failed_attemps",
    "last_login_failed",
)
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
PERSON_MINIMAL_WIRE = WireFormat(
    Person,
    only=PERSON_MINIMAL_COLUMNS,
    computed={"full_name": full_name},
    computed_from=("first_name", "last_name"),
    always_relations=True,
)
TIME_SPENT_WIRE = WireFormat(TimeSpent)
DAY_OFF_WIRE = WireFormat(DayOff)


DEPARTMENT_WIRE = WireFormat(Department)
STUDIO_WIRE = WireFormat(Studio)
DESKTOP_LOGIN_LOG_WIRE = WireFormat(DesktopLoginLog)
