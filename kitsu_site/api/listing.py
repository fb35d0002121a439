"""The reference list semantics for `/data/<model>` collections.

- every query key that names a column (or a many-to-many relation) filters on it, other keys
  are ignored; `page`, `limit`, `relations` and `fields` are reserved;
- `name` matches case-insensitively as a pattern; other values are cast to the column type
  (a bad id or boolean is a 400); a value starting with `[` is a JSON list, matched with IN;
- a column the resource keeps private answers 400 "Filtering on X is not allowed.";
- `page` >= 0 wraps the rows in `{data, total, nb_pages, limit, offset, page}`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict

from kitsu_site.api.errors import InvalidFormat, WrongParameter

RESERVED_KEYS = {"page", "limit", "relations", "fields", "force", "with_pass_hash"}
TRUE_STRINGS = {"true", "1", "t", "yes", "y", "on"}
FALSE_STRINGS = {"false", "0", "f", "no", "n", "off"}
PAGE_ORDER = ("-updated_at", "-created_at", "id")
MAX_PAGE_NUMBER = 2**31 - 1


def parse_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in TRUE_STRINGS:
        return True
    if lowered in FALSE_STRINGS:
        return False
    raise WrongParameter(f"Invalid boolean value: {value}")


def parse_flag(params: QueryDict, key: str, default: bool = False) -> bool:
    """A boolean query parameter (`relations=true`, `force=true`)."""
    value = params.get(key)
    return default if value in (None, "") else parse_bool(value)


def parse_relations(params: QueryDict, default: bool = False) -> bool:
    """`relations=true` (any case) asks for relation id lists; any other value means no."""
    value = params.get("relations")
    return default if value is None else value.strip().lower() == "true"


def parse_int(params: QueryDict, key: str, default: int) -> int:
    value = params.get(key)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise WrongParameter(f"{key} must be an integer.") from None
    if abs(number) > MAX_PAGE_NUMBER:
        # Their product must stay inside the 64-bit integers SQL and JSON can carry.
        raise InvalidFormat()
    return number


ComputedFilter = Callable[[models.QuerySet, str], models.QuerySet]


@dataclass
class ListQuery:
    """What a list request asks for, validated against the model."""

    lookups: dict[str, Any] = field(default_factory=dict)
    # Filters on computed values (`full_name`): each narrows the queryset with the raw value.
    computed: list[tuple[ComputedFilter, str]] = field(default_factory=list)
    needs_distinct: bool = False
    page: int = -1
    limit: int = 100
    relations: bool = False
    fields: list[str] | None = None

    @property
    def paginated(self) -> bool:
        return self.page >= 0


def filterable_fields(model: type[models.Model]) -> dict[str, models.Field]:
    """Filter keys are wire keys: columns by their database name, relations by field name."""
    fields: dict[str, models.Field] = {}
    for model_field in model._meta.concrete_fields:
        fields[model_field.column] = model_field
    for model_field in model._meta.many_to_many:
        fields[model_field.name] = model_field
    return fields


def cast_value(model_field: models.Field, key: str, raw: Any) -> Any:
    """Cast one filter value to the column's type, or answer 400."""
    target = model_field.target_field if model_field.is_relation else model_field
    if raw is None:
        return None
    if isinstance(target, models.BooleanField):
        return raw if isinstance(raw, bool) else parse_bool(str(raw))
    if isinstance(raw, str) and "\x00" in raw:
        raise InvalidFormat()  # PostgreSQL cannot even receive it
    try:
        value = target.to_python(raw)
        if isinstance(target, models.IntegerField):
            target.run_validators(value)  # the column's range: out of it is a database error
        return value
    except ValidationError:
        if isinstance(target, models.UUIDField) and not model_field.many_to_many:
            raise WrongParameter(f"Invalid UUID value: {raw}") from None
        raise InvalidFormat() from None


def _lookup_for(model_field: models.Field, key: str, raw: str) -> tuple[str, Any]:
    target = model_field.name if model_field.many_to_many else model_field.attname
    if raw.startswith("["):
        try:
            values = json.loads(raw)
        except ValueError:
            values = None
        if not isinstance(values, list):
            raise WrongParameter(f"Malformed list filter for field {key}.")
        return f"{target}__in", [cast_value(model_field, key, value) for value in values]
    if key == "name":
        return "name__ilike", cast_value(model_field, key, raw)
    return target, cast_value(model_field, key, raw)


def parse_list_query(
    params: QueryDict,
    model: type[models.Model],
    *,
    private: frozenset[str] | set[str] = frozenset(),
    default_relations: bool = False,
    computed: Mapping[str, ComputedFilter] | None = None,
) -> ListQuery:
    query = ListQuery(
        page=parse_int(params, "page", -1),
        # `limit=0` means "the default page size", as in the reference.
        limit=parse_int(params, "limit", 0) or settings.NB_RECORDS_PER_PAGE,
        relations=parse_relations(params, default_relations),
    )
    if query.limit < 0:
        raise WrongParameter("limit must be a positive integer.")
    fields = params.get("fields")
    if fields:
        query.fields = [name.strip() for name in fields.split(",") if name.strip()]
    filterable = filterable_fields(model)
    computed = computed or {}
    for key in params:
        if key in computed and key not in RESERVED_KEYS:
            query.computed.append((computed[key], cast_value(models.TextField(), key, params[key])))
            continue
        if key in RESERVED_KEYS or key not in filterable:
            continue
        if key in private:
            raise WrongParameter(f"Filtering on {key} is not allowed.")
        model_field = filterable[key]
        lookup, value = _lookup_for(model_field, key, params.get(key))
        query.lookups[lookup] = value
        query.needs_distinct |= bool(model_field.many_to_many)
    return query


def filter_queryset(queryset: models.QuerySet, query: ListQuery) -> models.QuerySet:
    queryset = queryset.filter(**query.lookups)
    for narrow, value in query.computed:
        queryset = narrow(queryset, value)
    return queryset.distinct() if query.needs_distinct else queryset


def page_envelope(
    queryset: models.QuerySet, query: ListQuery
) -> tuple[models.QuerySet, dict[str, Any]]:
    """The page slice of an ordered queryset and the envelope fields around it."""
    total = queryset.count()
    offset = (query.page - 1) * query.limit
    envelope = {
        "total": total,
        "nb_pages": math.ceil(total / query.limit),
        "limit": query.limit,
        "offset": offset,
        "page": query.page,
    }
    ordered = queryset.order_by(*PAGE_ORDER)
    if query.page < 1 or offset >= total:
        # Also keeps absurd pages and limits out of the SQL, where they would overflow.
        return ordered.none(), envelope
    page_rows = ordered[offset : min(offset + query.limit, total)]
    return page_rows, envelope
