"""Wire formats and write validation for persons, departments, studios and the organisation."""

from __future__ import annotations

import re
import zoneinfo

from rest_framework import serializers

from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import Row, WireFormat
from people.models import Department, Organisation, Person, Studio

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
ORGANISATION_ADMIN_COLUMNS = ("chat_token_slack", "chat_webhook_mattermost", "chat_token_discord")
LOCALE_PATTERN = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


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


class PersonSerializer(ZouSerializer):
    wire = PERSON_WIRE
    departments = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Department.objects.all(), required=False
    )
    password = serializers.CharField(
        write_only=True, required=False, allow_null=True, allow_blank=True
    )

    class Meta:
        model = Person
        exclude = tuple(name for name in PERSON_SECRETS if name != "password")
        validators: list = []  # e-mail uniqueness among humans is a service rule

    def validate_country(self, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            raise serializers.ValidationError("Country must be an ISO 3166 alpha-2 code.")
        return value.upper()

    def validate_timezone(self, value: str) -> str:
        if value not in zoneinfo.available_timezones():
            raise serializers.ValidationError(f"Unknown timezone: {value}.")
        return value

    def validate_locale(self, value: str) -> str:
        if not LOCALE_PATTERN.match(value):
            raise serializers.ValidationError(f"Unknown locale: {value}.")
        return value


class DepartmentSerializer(ZouSerializer):
    wire = WireFormat(Department)

    class Meta:
        model = Department
        fields = "__all__"


class StudioSerializer(ZouSerializer):
    wire = WireFormat(Studio)

    class Meta:
        model = Studio
        fields = "__all__"


class OrganisationSerializer(ZouSerializer):
    wire = WireFormat(Organisation)
    public_wire = WireFormat(Organisation, hidden=ORGANISATION_ADMIN_COLUMNS)

    class Meta:
        model = Organisation
        fields = "__all__"


def organisation_wire(person: Person) -> WireFormat:
    """The organisation as `person` may see it: chat tokens are for admins only."""
    return OrganisationSerializer.wire if person.is_admin else OrganisationSerializer.public_wire
