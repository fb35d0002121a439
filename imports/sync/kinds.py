"""What each `/import/kitsu/<kind>` route writes: the model, the relations it sets, how a raw
row is adapted before the write, and which event announces it (the reference's names)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from imports.sync.upsert import Row
from kitsu_site.api.events import emit
from kitsu_site.api.wire import WireFormat
from people.models import TimeSpent
from production.models import (
    Entity,
    EntityLink,
    EntityType,
    MetadataDescriptor,
    Milestone,
    Project,
    ScheduleItem,
    Task,
)
from reviews.models import (
    AttachmentFile,
    BuildJob,
    Comment,
    News,
    Notification,
    Playlist,
    PreviewFile,
    Subscription,
)

# Keys of an entity row that only describe it (names of its parents, its tasks).
ENTITY_DESCRIPTIVE_KEYS = ("episode_id", "episode_name", "project_name", "sequence_name")
ENTITY_DATA_KEYS = ("frame_in", "frame_out", "fps")


def entity_kind(entity_type_name: str) -> str:
    """Shot, Sequence, Episode... and Asset for every asset type."""
    return entity_type_name if entity_type_name in EntityType.TEMPORAL_NAMES else "Asset"


def _entity_type_of(row: Row) -> str:
    return entity_kind(row["entity_type__name"])


ENTITY_WIRE = WireFormat(Entity, type_of=_entity_type_of, computed_from=("entity_type__name",))


@dataclass(frozen=True)
class ImportKind:
    """One importable kind: the rows it accepts and what a write of one row announces."""

    model: type[models.Model]
    event_stem: str
    project_of: Callable[[Any], Any]
    relations: tuple[str, ...] = ()
    prepare: Callable[[Row], Row] = lambda row: row
    # The key under which the event names the row; empty for events that carry none.
    event_key: str | None = None
    wire: WireFormat | None = None
    # Replaces the default `<stem>:new|update` event where the reference says more.
    announcer: Callable[[Any, str], None] | None = None
    # Finds the row already here when the reference matches on something else than the id.
    existing: Callable[[Row], Any] | None = None
    # Writes what hangs from the row once it is saved.
    after_write: Callable[[Any, Row], None] | None = None

    @property
    def change_wire(self) -> WireFormat:
        """The shape of a row as served, which its update events' `changes` compare."""
        return self.wire or WireFormat(self.model)

    def render(self, instances: list[Any]) -> list[Row]:
        return [self.change_wire.instance(instance) for instance in instances]

    def announce(self, instance: Any, *, existed: bool) -> None:
        verb = "update" if existed else "new"
        if self.announcer is not None:
            self.announcer(instance, verb)
            return
        data = {self.event_key: instance.pk} if self.event_key else {}
        emit(f"{self.event_stem}:{verb}", data, project_id=self.project_of(instance))


def _task_project(instance: Any) -> Any:
    task = Task.objects.filter(pk=instance.task_id).values_list("project_id", flat=True)
    return task.first() if instance.task_id else None


def _comment_project(comment_id: Any) -> Any:
    comment = Comment.objects.filter(pk=comment_id).values_list("object_id", flat=True).first()
    task = Task.objects.filter(pk=comment).values_list("project_id", flat=True)
    return task.first() if comment else None


def _prepare_entity(row: Row) -> Row:
    """The reference's aliases (`asset_type_id`, `sequence_id`) and shot frame keys moved into
    `data`; a main preview this side lacks is dropped rather than failing the row. The columns
    win over their aliases when a row has both (an asset's page, once its type is mapped)."""
    row = {key: value for key, value in row.items() if key not in ENTITY_DESCRIPTIVE_KEYS}
    if "asset_type_id" in row:
        row.setdefault("entity_type_id", row.pop("asset_type_id"))
    if "sequence_id" in row:
        row.setdefault("parent_id", row.pop("sequence_id"))
    data = dict(row.get("data") or {})
    for key in ENTITY_DATA_KEYS:
        if key in row:
            data[key] = row.pop(key)
    row["data"] = data
    preview_id = row.get("preview_file_id")
    if preview_id and not PreviewFile.objects.filter(pk=preview_id).exists():
        row.pop("preview_file_id")
    return row


def _prepare_preview_file(row: Row) -> Row:
    """Only the metadata travels: the file itself is flagged as not available here."""
    data = dict(row.get("data") or {})
    data["imported_only"] = True
    return {**row, "data": data, "status": row.get("status") or "ready"}


def _prepare_news(row: Row) -> Row:
    return {**row, "updated_at": row.get("created_at")}


def _announce_entity(instance: Entity, verb: str) -> None:
    kind = entity_kind(instance.entity_type.name).lower()
    emit(f"{kind}:{verb}", {f"{kind}_id": instance.pk}, project_id=instance.project_id)


def _announce_comment(instance: Comment, verb: str) -> None:
    task = Task.objects.filter(pk=instance.object_id).values("id", "project_id").first() or {}
    emit(
        f"comment:{verb}",
        {
            "comment_id": instance.pk,
            "task_id": task.get("id"),
            "person_id": instance.person_id,
            "for_client": instance.for_client,
        },
        project_id=task.get("project_id"),
    )


def _attach_files(comment: Comment, row: Row) -> None:
    ids = row.get("attachment_files")
    if isinstance(ids, list):
        AttachmentFile.objects.filter(pk__in=ids).update(comment=comment)


def _same_entity_link(row: Row) -> EntityLink | None:
    """The reference keeps one casting link per (shot, asset) pair, whatever its id."""
    return EntityLink.objects.filter(
        entity_in_id=row.get("entity_in_id"), entity_out_id=row.get("entity_out_id")
    ).first()


def _entity_link_project(instance: EntityLink) -> Any:
    return Entity.objects.filter(pk=instance.entity_in_id).values_list("project_id", flat=True)[0]


def _playlist_project(instance: BuildJob) -> Any:
    return Playlist.objects.filter(pk=instance.playlist_id).values_list("project_id", flat=True)[0]


KINDS: dict[str, ImportKind] = {
    "projects": ImportKind(
        Project,
        "project",
        project_of=lambda project: project.pk,
        relations=(
            "team",
            "task_types",
            "task_statuses",
            "asset_types",
            "status_automations",
            "preview_background_files",
        ),
    ),
    "entities": ImportKind(
        Entity,
        "entity",
        project_of=lambda entity: entity.project_id,
        relations=("entities_out",),
        prepare=_prepare_entity,
        wire=ENTITY_WIRE,
        announcer=_announce_entity,
    ),
    "tasks": ImportKind(
        Task,
        "task",
        project_of=lambda task: task.project_id,
        relations=("assignees",),
        event_key="task_id",
    ),
    "comments": ImportKind(
        Comment,
        "comment",
        project_of=lambda comment: None,
        relations=("previews", "mentions", "department_mentions", "acknowledgements"),
        announcer=_announce_comment,
        after_write=_attach_files,
    ),
    "entity-links": ImportKind(
        EntityLink,
        "entity-link",
        project_of=_entity_link_project,
        existing=_same_entity_link,
    ),
    "preview-files": ImportKind(
        PreviewFile,
        "preview-file",
        project_of=_task_project,
        prepare=_prepare_preview_file,
        event_key="preview_file_id",
    ),
    "time-spents": ImportKind(
        TimeSpent, "time-spent", project_of=_task_project, event_key="time_spent_id"
    ),
    "subscriptions": ImportKind(
        Subscription, "subscription", project_of=_task_project, event_key="subscription_id"
    ),
    "notifications": ImportKind(
        Notification, "notification", project_of=_task_project, event_key="notification_id"
    ),
    "news": ImportKind(
        News, "news", project_of=_task_project, prepare=_prepare_news, event_key="news_id"
    ),
    "playlists": ImportKind(
        Playlist,
        "playlist",
        project_of=lambda playlist: playlist.project_id,
        event_key="playlist_id",
    ),
    "metadata-descriptors": ImportKind(
        MetadataDescriptor,
        "metadata-descriptor",
        project_of=lambda descriptor: descriptor.project_id,
        relations=("departments",),
        event_key="metadata_descriptor_id",
    ),
    "milestones": ImportKind(
        Milestone,
        "milestone",
        project_of=lambda milestone: milestone.project_id,
        event_key="milestone_id",
    ),
    "schedule-items": ImportKind(
        ScheduleItem,
        "schedule-item",
        project_of=lambda item: item.project_id,
        event_key="schedule_item_id",
    ),
    "build-jobs": ImportKind(
        BuildJob, "build-job", project_of=_playlist_project, event_key="build_job_id"
    ),
    "attachment-files": ImportKind(
        AttachmentFile,
        "attachment-file",
        project_of=lambda attachment: _comment_project(attachment.comment_id),
        event_key="attachment_file_id",
    ),
}
