"""Wire formats of the per-user routes."""

from __future__ import annotations

from kitsu_site.api.wire import Row, WireFormat
from people.models import DayOff, Department, DesktopLoginLog, Person, Studio, TimeSpent
from production.models import EntityType, Plugin, SearchFilter, SearchFilterGroup
from reviews.models import Notification, Subscription

SEARCH_FILTER_WIRE = WireFormat(SearchFilter)
SEARCH_FILTER_GROUP_WIRE = WireFormat(SearchFilterGroup)
SUBSCRIPTION_WIRE = WireFormat(Subscription)
TIME_SPENT_WIRE = WireFormat(TimeSpent)
DAY_OFF_WIRE = WireFormat(DayOff)
DESKTOP_LOGIN_LOG_WIRE = WireFormat(DesktopLoginLog)
PLUGIN_WIRE = WireFormat(Plugin)
# Asset types as the per-user lists give them: without their workflow.
ASSET_TYPE_PLAIN_WIRE = WireFormat(EntityType, type_name="AssetType", relations=())
DEPARTMENT_WIRE = WireFormat(Department)
STUDIO_WIRE = WireFormat(Studio)
# The reference's notification column is `type`, overwritten by the class name in plain answers.
NOTIFICATION_PLAIN_WIRE = WireFormat(Notification, hidden=("notification_type",))

PERSON_SECRETS = (
    *Person.CREDENTIAL_FIELDS,
    "last_login",
    "login_failed_attemps",
    "last_login_failed",
)
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


def _full_name(row: Row) -> str:
    return " ".join(part for part in (row["first_name"], row["last_name"]) if part).strip()


PERSON_FULL_WIRE = WireFormat(
    Person,
    hidden=PERSON_SECRETS,
    computed={"full_name": _full_name},
    computed_from=("first_name", "last_name"),
)
PERSON_MINIMAL_WIRE = WireFormat(
    Person,
    only=PERSON_MINIMAL_COLUMNS,
    computed={"full_name": _full_name},
    computed_from=("first_name", "last_name"),
    always_relations=True,
)
