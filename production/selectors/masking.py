"""Metadata masking for vendors (spec/domain.md section 3, vendor rules).

A metadata descriptor restricted to departments is only visible to the vendors of one of those
departments: the other vendors get the entities' `data` without its field. Descriptors without
departments, and `data` keys no descriptor describes, stay visible. Other roles see everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kitsu_site.api.wire import wire_uuid
from people.models import Department, Person
from production.models import EntityType, MetadataDescriptor
from production.selectors.common import is_vendor

# (project id, descriptor entity type, field name)
HiddenFields = set[tuple[str, str, str]]


def descriptor_entity_type(type_name: str) -> str:
    """The `entity_type` of the descriptors of an entity type (assets share "Asset")."""
    return type_name if type_name in EntityType.TEMPORAL_NAMES else "Asset"


def hidden_fields(person: Person, project_ids: Iterable[Any]) -> HiddenFields:
    """The descriptor fields of these projects the person may not see, in one query (none for
    non-vendors, without a query)."""
    if not is_vendor(person):
        return set()
    descriptors = (
        MetadataDescriptor.objects.filter(
            project_id__in={wire_uuid(pid) for pid in project_ids}, departments__isnull=False
        )
        .exclude(departments__in=Department.objects.filter(persons=person))
        .values_list("project_id", "entity_type", "field_name")
        .distinct()
    )
    return {
        (wire_uuid(project_id), entity_type, field)
        for project_id, entity_type, field in descriptors
    }


def masked_data(
    data: dict[str, Any] | None, hidden: HiddenFields, project_id: Any, type_name: str
) -> dict[str, Any] | None:
    """`data` without the hidden fields of its project and entity type."""
    if not hidden or not data:
        return data
    kind = descriptor_entity_type(type_name)
    project = wire_uuid(project_id)
    return {key: value for key, value in data.items() if (project, kind, key) not in hidden}
