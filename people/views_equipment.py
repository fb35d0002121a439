"""Software and hardware items, and which departments use them."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import NotFound
from kitsu_site.api.viewsets import ZouModelViewSet, require_admin
from kitsu_site.api.wire import WireFormat
from people import services
from people.models import (
    Department,
    HardwareItem,
    HardwareItemDepartmentLink,
    Software,
    SoftwareDepartmentLink,
)
from people.selectors import department_equipment_by_department
from people.serializers_equipment import (
    HARDWARE_ITEM_LINK_WIRE,
    HARDWARE_ITEM_WIRE,
    SOFTWARE_LINK_WIRE,
    SOFTWARE_WIRE,
    HardwareItemSerializer,
    SoftwareSerializer,
)
from people.views_persons import body_uuid, found_or_wrong_format


class SoftwareViewSet(ZouModelViewSet):
    """Software: every logged-in user reads the list; admins manage it."""

    queryset = Software.objects.all()
    serializer_class = SoftwareSerializer

    def check_read(self, request: Request, instance: Any = None) -> None:
        return None


class HardwareItemViewSet(ZouModelViewSet):
    """Hardware items: admins only, as in the reference."""

    queryset = HardwareItem.objects.all()
    serializer_class = HardwareItemSerializer


class DepartmentEquipment:
    """What differs between the software and the hardware routes of a department."""

    def __init__(
        self,
        *,
        model: type,
        link_model: type,
        field: str,
        wire: WireFormat,
        link_wire: WireFormat,
        add: Any,
        remove: Any,
        schema: str,
    ):
        self.schema = schema
        self.model, self.link_model, self.field = model, link_model, field
        self.wire, self.link_wire = wire, link_wire
        self.add, self.remove = add, remove


SOFTWARE = DepartmentEquipment(
    model=Software,
    link_model=SoftwareDepartmentLink,
    field="software",
    wire=SOFTWARE_WIRE,
    link_wire=SOFTWARE_LINK_WIRE,
    add=services.department_software_add,
    remove=services.department_software_remove,
    schema="AddSoftwareToDepartmentSchema",
)
HARDWARE_ITEMS = DepartmentEquipment(
    model=HardwareItem,
    link_model=HardwareItemDepartmentLink,
    field="hardware_item",
    wire=HARDWARE_ITEM_WIRE,
    link_wire=HARDWARE_ITEM_LINK_WIRE,
    add=services.department_hardware_item_add,
    remove=services.department_hardware_item_remove,
    schema="AddHardwareToDepartmentSchema",
)


class AllDepartmentsEquipmentView(APIView):
    """`{department_id: [item...]}` for every department using some (admin)."""

    equipment: DepartmentEquipment = None  # type: ignore[assignment]  (set per route)

    def get(self, request: Request) -> Response:
        require_admin(request)
        equipment = self.equipment
        return Response(
            department_equipment_by_department(
                equipment.link_model, equipment.field, equipment.wire
            )
        )


class DepartmentEquipmentView(APIView):
    """POST links an item to a department (admin); the link comes back, existing or new."""

    equipment: DepartmentEquipment = None  # type: ignore[assignment]  (set per route)

    def post(self, request: Request, department_id: str) -> Response:
        require_admin(request)
        department = found_or_wrong_format(Department, department_id)
        item_id = body_uuid(request, f"{self.equipment.field}_id", schema=self.equipment.schema)
        item = self.equipment.model.objects.filter(pk=item_id).first()
        if item is None:
            raise NotFound()
        link = self.equipment.add(department=department, **{self.equipment.field: item})
        return Response(self.equipment.link_wire.instance(link), status=status.HTTP_201_CREATED)


class DepartmentEquipmentItemView(APIView):
    """GET the item when the department uses it; DELETE unlinks it (admin)."""

    equipment: DepartmentEquipment = None  # type: ignore[assignment]  (set per route)

    def _item(self, request: Request, department_id: str, item_id: str) -> tuple[Any, Any]:
        require_admin(request)
        department = found_or_wrong_format(Department, department_id)
        item = found_or_wrong_format(self.equipment.model, item_id)
        return department, item

    def get(self, request: Request, department_id: str, item_id: str) -> Response:
        department, item = self._item(request, department_id, item_id)
        linked = self.equipment.link_model.objects.filter(
            department=department, **{self.equipment.field: item}
        ).exists()
        if not linked:
            raise NotFound()
        return Response(self.equipment.wire.instance(item))

    def delete(self, request: Request, department_id: str, item_id: str) -> Response:
        department, item = self._item(request, department_id, item_id)
        self.equipment.remove(department=department, **{self.equipment.field: item})
        return Response(status=status.HTTP_204_NO_CONTENT)
