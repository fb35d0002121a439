"""The base of every `/data/<model>` resource.

A resource declares its queryset, serializer (which carries the wire format), private columns
and access rules; this base supplies the reference list semantics, the pagination envelope,
status codes, error bodies and the `<model>:new|update|delete` events.

Access rules are four hooks, admin-only by default as in the reference; resources override
the ones their role rules open up, and `scope_queryset` for row-level visibility.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models, transaction
from rest_framework import status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter
from kitsu_site.api.events import changes_announced, emit
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.listing import (
    filter_queryset,
    page_envelope,
    parse_list_query,
    parse_relations,
)
from kitsu_site.api.renderers import rendered_json
from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import WireFormat

AUDIT_FIELDS = ("id", "created_at", "updated_at")


def require_admin(request: Request) -> None:
    if not request.user.is_admin:
        raise Forbidden()


def parse_instance_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise WrongParameter("Malformed ID.") from None


def event_stem(model: type[models.Model]) -> str:
    """`task_status` → `task-status`, the reference event prefix of a table."""
    return model._meta.db_table.replace("_", "-")


class ZouModelViewSet(viewsets.GenericViewSet):
    serializer_class: type[ZouSerializer]
    lookup_url_kwarg = "instance_id"
    lookup_value_regex = "[^/]+"
    # Columns no caller may filter on (answered with 400).
    private_filters: frozenset[str] = frozenset()
    # Query keys naming computed values, and how each narrows the queryset.
    computed_filters: dict[str, Any] = {}
    # Columns a PUT silently ignores, on top of the audit columns.
    protected_on_update: tuple[str, ...] = ("project_id",)

    # -- access rules (admin-only unless a resource opens them) --------------------------------
    def check_read(self, request: Request, instance: models.Model | None = None) -> None:
        require_admin(request)

    def check_create(self, request: Request, data: dict[str, Any]) -> None:
        require_admin(request)

    def check_update(self, request: Request, instance: models.Model, data: dict[str, Any]) -> None:
        require_admin(request)

    def check_delete(self, request: Request, instance: models.Model) -> None:
        require_admin(request)

    def scope_queryset(self, request: Request, queryset: models.QuerySet) -> models.QuerySet:
        return queryset

    def change_wire(self) -> WireFormat:
        """The shape whose fields update events may reveal as `changes` (their audience is
        the project's team, or everyone for the objects of no project)."""
        return self.serializer_class.wire

    def filter_privacy(self, request: Request) -> frozenset[str]:
        return self.private_filters

    def wire_for(self, request: Request, instance: models.Model | None = None) -> WireFormat:
        return self.serializer_class.wire

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.action == "update":
            # Resources override `update` with their own services: wrapping the handler gives
            # every one of them the `changes` of its update events.
            self.put = self.recording_changes(self.put)

    def recording_changes(self, handler: Any) -> Any:
        def handle(request: Request, *args: Any, **kwargs: Any) -> Response:
            try:
                pk = uuid.UUID(str(kwargs[self.lookup_url_kwarg]))
            except ValueError:
                return handler(request, *args, **kwargs)
            with changes_announced(self.change_wire(), [pk]):
                return handler(request, *args, **kwargs)

        return handle

    # -- the reference routes -------------------------------------------------------------------
    @property
    def model(self) -> type[models.Model]:
        return self.serializer_class.Meta.model

    def list(self, request: Request) -> Response:
        self.check_read(request)
        query = parse_list_query(
            request.query_params,
            self.model,
            private=self.filter_privacy(request),
            computed=self.computed_filters,
        )
        queryset = filter_queryset(self.scope_queryset(request, self.get_queryset()), query)
        wire = self.wire_for(request)
        if not query.paginated:
            return Response(
                rendered_json(
                    lambda: wire.rows(
                        queryset.order_by("created_at", "id"),
                        relations=query.relations,
                        fields=query.fields,
                    )
                )
            )
        page_rows, envelope = page_envelope(queryset, query)
        data = wire.rows(page_rows, relations=query.relations, fields=query.fields)
        return Response({"data": data, **envelope})

    def get_instance(self, request: Request, instance_id: str) -> models.Model:
        pk = parse_instance_id(instance_id)
        instance = self.get_queryset().filter(pk=pk).first()
        if instance is None:
            raise NotFound()
        return instance

    def retrieve(self, request: Request, instance_id: str) -> Response:
        instance = self.get_instance(request, instance_id)
        self.check_read(request, instance)
        relations = parse_relations(request.query_params, default=True)
        return Response(self.wire_for(request, instance).instance(instance, relations=relations))

    def create(self, request: Request) -> Response:
        data = self.request_body(request)
        self.check_create(request, data)
        self.reject_unknown_fields(data)
        body = {key: value for key, value in data.items() if key not in AUDIT_FIELDS}
        serializer = self.get_serializer(data=body)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = self.perform_create(serializer)
        return Response(self.created_body(request, instance), status=status.HTTP_201_CREATED)

    def update(self, request: Request, instance_id: str) -> Response:
        instance = self.get_instance(request, instance_id)
        data = self.request_body(request)
        self.check_update(request, instance, data)
        ignored = {*AUDIT_FIELDS, *self.protected_on_update}
        body = {key: value for key, value in data.items() if key not in ignored}
        serializer = self.get_serializer(instance, data=body, partial=True)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = self.perform_update(serializer)
        return Response(self.updated_body(request, instance))

    def destroy(self, request: Request, instance_id: str) -> Response:
        instance = self.get_instance(request, instance_id)
        self.check_delete(request, instance)
        with transaction.atomic():
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # -- writes: resources with business rules override these with service calls ---------------
    def perform_create(self, serializer: ZouSerializer) -> models.Model:
        instance = serializer.save()
        self.emit_change("new", instance)
        return instance

    def perform_update(self, serializer: ZouSerializer) -> models.Model:
        instance = serializer.save()
        self.emit_change("update", instance)
        return instance

    def perform_destroy(self, instance: models.Model) -> None:
        instance_id = instance.pk
        instance.delete()
        self.emit_change("delete", instance, instance_id=instance_id)

    def emit_change(self, verb: str, instance: models.Model, instance_id: Any = None) -> None:
        table = self.model._meta.db_table
        emit(
            f"{event_stem(self.model)}:{verb}",
            {f"{table}_id": instance_id or instance.pk},
            project_id=getattr(instance, "project_id", None),
            user_id=self.request.user.pk,
        )

    def created_body(self, request: Request, instance: models.Model) -> dict[str, Any]:
        return self.wire_for(request, instance).instance(instance, relations=True)

    def updated_body(self, request: Request, instance: models.Model) -> dict[str, Any]:
        return self.wire_for(request, instance).instance(instance)

    # -- input ----------------------------------------------------------------------------------
    @staticmethod
    def request_body(request: Request) -> dict[str, Any]:
        data = body_dict(request)
        if not data and request.method == "POST":
            raise WrongParameter(
                "Data are empty. Please verify that you sent JSON data and that you set the "
                "right headers."
            )
        return data

    def reject_unknown_fields(self, data: dict[str, Any]) -> None:
        wire_only = {*self.serializer_class.wire.computed, "type"}
        known = set(self.get_serializer().fields) | set(AUDIT_FIELDS) | wire_only
        unknown = sorted(set(data) - known)
        if unknown:
            raise WrongParameter(
                f"'{unknown[0]}' is an invalid keyword argument for {self.model.__name__}"
            )
