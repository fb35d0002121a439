"""Wire formats and write validation of the feed resources: events, notifications, news,
subscriptions, plugins and saved searches."""

from __future__ import annotations

from kitsu_site.api.models import ApiEvent
from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import Row, WireFormat
from people.models import Person
from production.models import Entity, EntityType, Plugin, SearchFilter, SearchFilterGroup
from reviews.models import News, Notification, Subscription


class ApiEventSerializer(ZouSerializer):
    wire = WireFormat(ApiEvent)

    class Meta:
        model = ApiEvent
        fields = "__all__"


class NotificationSerializer(ZouSerializer):
    """The column goes out as `notification_type`; writes name it `type`, as the reference."""

    wire = WireFormat(Notification)

    class Meta:
        model = Notification
        fields = "__all__"
        validators: list = []


class NewsSerializer(ZouSerializer):
    wire = WireFormat(News)

    class Meta:
        model = News
        fields = "__all__"


class SubscriptionSerializer(ZouSerializer):
    wire = WireFormat(Subscription)

    class Meta:
        model = Subscription
        fields = "__all__"
        validators: list = []


class PluginSerializer(ZouSerializer):
    wire = WireFormat(Plugin)

    class Meta:
        model = Plugin
        fields = "__all__"
        validators: list = []


class SearchFilterSerializer(ZouSerializer):
    wire = WireFormat(SearchFilter)

    class Meta:
        model = SearchFilter
        fields = "__all__"


class SearchFilterGroupSerializer(ZouSerializer):
    wire = WireFormat(SearchFilterGroup)

    class Meta:
        model = SearchFilterGroup
        fields = "__all__"


def _full_name(row: Row) -> str:
    return " ".join(part for part in (row["first_name"], row["last_name"]) if part).strip()


# What search answers of a person and of an entity.
SEARCH_PERSON_WIRE = WireFormat(
    Person,
    only=("id", "first_name", "last_name", "has_avatar", "active", "role", "studio_id"),
    computed={"full_name": _full_name},
)
SEARCH_ENTITY_WIRE = WireFormat(
    Entity,
    hidden=("entities_out", "entity_concept_links", "instance_casting"),
    relations=(),
    type_of=lambda row: (
        row["entity_type__name"]
        if row["entity_type__name"] in EntityType.TEMPORAL_NAMES
        else "Asset"
    ),
    computed_from=("entity_type__name",),
)
