"""Wire formats of the per-user routes."""

from __future__ import annotations

from kitsu_site.api.wire import WireFormat
from production.models import EntityType, Plugin, SearchFilter, SearchFilterGroup
from reviews.models import Notification, Subscription

SEARCH_FILTER_WIRE = WireFormat(SearchFilter)
SEARCH_FILTER_GROUP_WIRE = WireFormat(SearchFilterGroup)
SUBSCRIPTION_WIRE = WireFormat(Subscription)
PLUGIN_WIRE = WireFormat(Plugin)
# Asset types as the per-user lists give them: without their workflow.
ASSET_TYPE_PLAIN_WIRE = WireFormat(EntityType, type_name="AssetType", relations=())
# The reference's notification column is `type`, overwritten by the class name in plain answers.
NOTIFICATION_PLAIN_WIRE = WireFormat(Notification, hidden=("notification_type",))
