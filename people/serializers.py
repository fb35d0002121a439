"""Wire formats and write validation for persons, departments, studios and the organisation."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from rest_framework import serializers

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.serializers import ReferenceWriteErrors, ZouSerializer
from kitsu_site.api.wire import WireFormat
from people.models import DayOff, Department, Organisation, Person, SalaryScale, Studio, TimeSpent
from people.wire import (
    DAY_OFF_WIRE,
    DEPARTMENT_WIRE,
    ORGANISATION_PUBLIC_WIRE,
    PERSON_SECRETS,
    PERSON_WIRE,
    STUDIO_WIRE,
    TIME_SPENT_WIRE,
)

LOCALE_PATTERN = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


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
    wire = DEPARTMENT_WIRE

    class Meta:
        model = Department
        fields = "__all__"


class StudioSerializer(ZouSerializer):
    wire = STUDIO_WIRE

    class Meta:
        model = Studio
        fields = "__all__"


class OrganisationSerializer(ZouSerializer):
    wire = WireFormat(Organisation)
    public_wire = ORGANISATION_PUBLIC_WIRE

    class Meta:
        model = Organisation
        fields = "__all__"


def organisation_wire(person: Person) -> WireFormat:
    """The organisation as `person` may see it: chat tokens are for admins only."""
    return OrganisationSerializer.wire if person.is_admin else OrganisationSerializer.public_wire


class TimeSpentSerializer(ZouSerializer):
    wire = TIME_SPENT_WIRE

    class Meta:
        model = TimeSpent
        fields = "__all__"

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        duration = attrs.get("duration")
        if duration is not None and duration <= 0:
            raise WrongParameter("The data conflicts with database integrity rules.")
        return attrs


class DayOffSerializer(ZouSerializer):
    wire = DAY_OFF_WIRE

    class Meta:
        model = DayOff
        fields = "__all__"
        # A period starting on the day another starts is an overlap, answered as such by the
        # service rather than as a unique-key clash.
        validators: list = []


class SalaryScaleSerializer(ReferenceWriteErrors, ZouSerializer):
    wire = WireFormat(SalaryScale)

    class Meta:
        model = SalaryScale
        fields = "__all__"
