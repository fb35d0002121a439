"""The history of an object on its console page: who changed which field from which value to
which (through the console), and the events the API published about it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse

from kitsu_site.api.models import ApiEvent

EMPTY = "(empty)"
# Values never written to the history, whatever the form shows.
HIDDEN_FIELD_WORDS = ("password", "secret", "token", "otp")
API_EVENTS_SHOWN = 100


def shown_value(field: forms.Field, value: Any) -> str:
    """A form value as a person reads it: the object's name, the choice's label."""
    if value in (None, "", [], ()):
        return EMPTY
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(sorted(str(item) for item in value)) or EMPTY
    if isinstance(field, forms.ModelChoiceField) and not isinstance(value, Model):
        value = field.queryset.filter(pk=value).first() or value
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def field_change(form: forms.Form, name: str) -> str:
    """`Label: “old” → “new”` for one changed field (the label alone for secrets)."""
    field = form.fields[name]
    label = str(field.label or name)
    if any(word in name for word in HIDDEN_FIELD_WORDS):
        return label
    old = shown_value(field, form.get_initial_for_field(field, name))
    new = shown_value(field, form.cleaned_data.get(name))
    return f"{label}: “{old}” → “{new}”"


def value_change_message(old_and_new: Iterable[tuple[str, Any, Any]]) -> list[dict]:
    """A change message (LogEntry's JSON form) for a change an action made."""
    fields = [f"{label}: “{_shown(old)}” → “{_shown(new)}”" for label, old, new in old_and_new]
    return [{"changed": {"fields": fields}}]


def _shown(value: Any) -> str:
    return EMPTY if value in (None, "") else str(value)


def event_changes(data: dict[str, Any]) -> list[str]:
    """The `changes` an update event carries (`{field: [old, new]}`), as lines."""
    changes = data.get("changes") or {}
    if not isinstance(changes, dict):
        return []
    return [
        f"{name}: “{pair[0]}” → “{pair[1]}”"
        for name, pair in changes.items()
        if isinstance(pair, list | tuple) and len(pair) == 2
    ]


def api_events_about(
    keys: tuple[str, ...], object_id: str, name_prefix: str = ""
) -> list[dict[str, Any]]:
    """The latest persisted events whose data names the object under one of `keys`, with the
    name of who made them (two queries)."""
    if not keys:
        return []
    condition = Q()
    for key in keys:
        condition |= Q(**{f"data__{key}": object_id})
    events: QuerySet[ApiEvent] = ApiEvent.objects.filter(condition)
    if name_prefix:
        events = events.filter(name__startswith=name_prefix)
    rows = list(events.order_by("-created_at")[:API_EVENTS_SHOWN])
    users = get_user_model().objects.in_bulk({row.user_id for row in rows if row.user_id})
    return [
        {
            "created_at": row.created_at,
            "name": row.name,
            "user": users.get(row.user_id, row.user_id or ""),
            "changes": event_changes(row.data),
        }
        for row in rows
    ]


class ValueHistoryAdmin(admin.ModelAdmin):
    """Console changes are logged with their old and new values; the history page also lists
    the API's events about the object (`history_event_keys`: the keys naming it in their data)."""

    object_history_template = "console/object_history.html"
    history_event_keys: tuple[str, ...] = ()
    history_event_prefix = ""

    def construct_change_message(
        self, request: HttpRequest, form: forms.Form, formsets: Any, add: bool = False
    ) -> list[dict]:
        message = super().construct_change_message(request, form, formsets, add)
        if add or not form.changed_data or not message or "changed" not in message[0]:
            return message
        names = [name for name in form.changed_data if name in form.fields]
        message[0]["changed"]["fields"] = [field_change(form, name) for name in names]
        return message

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        # A callable: the template calls it once the view has checked the object and rights.
        events: Callable[[], list] = partial(
            api_events_about, self.history_event_keys, object_id, self.history_event_prefix
        )
        context = {**(extra_context or {}), "api_events": events}
        return super().history_view(request, object_id, context)
