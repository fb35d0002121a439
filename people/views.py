"""The `/data/persons`, `/data/departments`, `/data/studios` and `/data/organisations` resources."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request

from kitsu_site.api.errors import Forbidden
from kitsu_site.api.listing import parse_flag
from kitsu_site.api.viewsets import ZouModelViewSet
from kitsu_site.api.wire import WireFormat
from people import services
from people.models import Department, Organisation, Person, Studio
from people.selectors import persons_with_full_name
from people.serializers import (
    DepartmentSerializer,
    OrganisationSerializer,
    PersonSerializer,
    StudioSerializer,
    organisation_wire,
)
from people.wire import (
    ORGANISATION_PUBLIC_WIRE,
    PERSON_MINIMAL_COLUMNS,
    PERSON_MINIMAL_WIRE,
    PERSON_SECRETS,
    PERSON_WITH_PASS_HASH_WIRE,
)

PERSON_FILTERS = frozenset(field.attname for field in Person._meta.concrete_fields) | {
    "departments"
}
NON_ADMIN_PERSON_FILTERS = {*PERSON_MINIMAL_COLUMNS, "departments", "email"}


def wants_pass_hash(request: Request) -> bool:
    """`with_pass_hash=true` (any case; the reference reads no other spelling as yes)."""
    return request.query_params.get("with_pass_hash", "").strip().lower() == "true"


class ReadableByEveryone:
    """Reference lists every logged-in user may read; writes stay admin-only."""

    def check_read(self, request: Request, instance: Any = None) -> None:
        return None


class PersonViewSet(ReadableByEveryone, ZouModelViewSet):
    """Persons: everyone sees colleagues' public shape; admins manage accounts."""

    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    protected_on_update = ()
    computed_filters = {"full_name": persons_with_full_name}

    def check_update(self, request: Request, instance: Person, data: dict[str, Any]) -> None:
        if not (request.user.is_admin or request.user.pk == instance.pk):
            raise Forbidden()

    def filter_privacy(self, request: Request) -> frozenset[str]:
        if request.user.is_admin:
            return frozenset(PERSON_SECRETS)
        return PERSON_FILTERS - NON_ADMIN_PERSON_FILTERS

    def wire_for(self, request: Request, instance: Person | None = None) -> WireFormat:
        full_shape = request.user.is_admin if instance is None else request.user.is_manager
        if full_shape and instance is None and wants_pass_hash(request):
            return PERSON_WITH_PASS_HASH_WIRE
        return PersonSerializer.wire if full_shape else PERSON_MINIMAL_WIRE

    def change_wire(self) -> WireFormat:
        """`person:update` goes to everyone: its changes show what anyone may see of a
        colleague, never an e-mail or a phone number."""
        return PERSON_MINIMAL_WIRE

    def perform_create(self, serializer: PersonSerializer) -> Person:
        person, self.api_token = services.person_create(
            actor=self.request.user, fields=serializer.validated_data
        )
        return person

    def created_body(self, request: Request, instance: Person) -> dict[str, Any]:
        return self._with_token(super().created_body(request, instance))

    def perform_update(self, serializer: PersonSerializer) -> Person:
        person, self.api_token = services.person_update(
            actor=self.request.user, person=serializer.instance, fields=serializer.validated_data
        )
        return person

    def updated_body(self, request: Request, instance: Person) -> dict[str, Any]:
        # The reference answers a PUT (by an admin or by the person himself) with the full safe
        # shape and the department ids, whatever the caller's role.
        body = PersonSerializer.wire.instance(instance, relations=True)
        return self._with_token(body)

    def perform_destroy(self, instance: Person) -> None:
        force = parse_flag(self.request.query_params, "force")
        services.person_delete(actor=self.request.user, person=instance, force=force)

    def _with_token(self, body: dict[str, Any]) -> dict[str, Any]:
        token = getattr(self, "api_token", None)
        return {**body, "access_token": token} if token else body


class DepartmentViewSet(ReadableByEveryone, ZouModelViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer


class StudioViewSet(ReadableByEveryone, ZouModelViewSet):
    queryset = Studio.objects.all()
    serializer_class = StudioSerializer


class OrganisationViewSet(ReadableByEveryone, ZouModelViewSet):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer

    def list(self, request: Request):
        Organisation.current()  # the singleton exists from the first time anyone looks
        return super().list(request)

    def wire_for(self, request: Request, instance: Organisation | None = None) -> WireFormat:
        return organisation_wire(request.user)

    def change_wire(self) -> WireFormat:
        """`organisation:update` goes to everyone: never a chat token."""
        return ORGANISATION_PUBLIC_WIRE
