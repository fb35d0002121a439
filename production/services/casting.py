"""Casting writes: replacing what an entity casts, the automatic episode casting, readiness
counts on shot tasks, and asset instances."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from kitsu_site.api.bulk import bulk_insert
from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.events import (
    changes_announced,
    deliveries_batched,
    emit,
    update_events_about,
)
from kitsu_site.api.wire import UUIDText, wire_uuid
from production.models import (
    AssetInstance,
    Entity,
    EntityLink,
    Project,
    ProjectTaskTypeLink,
    Task,
)
from production.selectors.casting import cast_asset_ids
from production.wire import ENTITY_LINK_PLAIN_WIRE

LINK_COLUMNS = ("id", "entity_in_id", "entity_out_id", "nb_occurences", "label", "data")
# An episode link with this many occurrences or more was cast by hand: shots leaving the
# asset do not release it.
EPISODE_LINK_KEPT = 2


@dataclass(frozen=True)
class CastItem:
    """One asset cast in an entity."""

    asset_id: uuid.UUID
    nb_occurences: int = 1
    label: str = ""


def casting_kind(entity: Entity) -> str:
    """The event prefix of a casting entity: shots and episodes by name, anything else "asset"."""
    name = entity.entity_type.name
    return {"Shot": "shot", "Episode": "episode"}.get(name, "asset")


def _episode_ids_of(entities: Iterable[Entity]) -> dict[Any, uuid.UUID]:
    """The episode of each shot among the entities (one query, none without shots): shots
    cast their assets in it too."""
    sequences = {
        entity.pk: entity.parent_id
        for entity in entities
        if entity.entity_type.name == "Shot" and entity.parent_id is not None
    }
    if not sequences:
        return {}
    episodes = dict(
        Entity.objects.filter(pk__in=set(sequences.values()), parent_id__isnull=False).values_list(
            "pk", "parent_id"
        )
    )
    return {
        shot_id: episodes[sequence_id]
        for shot_id, sequence_id in sequences.items()
        if sequence_id in episodes
    }


def _episode_links(asset_ids: Iterable[Any]) -> dict[Any, dict[str, int]]:
    """The episodes casting each asset, as `{episode id text: occurrences}` (one query): what
    casting's `asset:update` announces, and which links a casting write adds or releases."""
    links: dict[Any, dict[str, int]] = defaultdict(dict)
    rows = EntityLink.objects.filter(
        entity_out_id__in=set(asset_ids), entity_in__entity_type__name="Episode"
    ).values_list("entity_out_id", UUIDText("entity_in_id"), "nb_occurences")
    for asset_id, episode_id, nb_occurences in rows:
        links[asset_id][wire_uuid(episode_id)] = nb_occurences
    return links


def _set_nb_entities_out(entity_id: Any) -> int:
    count = EntityLink.objects.filter(entity_in_id=entity_id).count()
    Entity.objects.filter(pk=entity_id).update(nb_entities_out=count)
    return count


def _announce_episode_casting(
    asset_id: Any, *, before: list[str], after: list[str], project_id: Any, user_id: Any
) -> None:
    """Casting's `asset:update` says the asset joined or left an episode's casting: it
    announces the episodes the asset is cast in (`casting_episode_ids`) as its changes."""
    with update_events_about([asset_id]) as events:
        emit("asset:update", {"asset_id": asset_id}, project_id=project_id, user_id=user_id)
        events.attach(str(asset_id), {"casting_episode_ids": [before, after]})


def _release_episode_links(
    *,
    episode_id: Any,
    asset_ids: Iterable[Any],
    episode_links: dict[Any, dict[str, int]],
    grew: bool,
    project_id: Any,
    user_id: Any,
) -> None:
    """Uncast from the episode the assets no shot of it casts any more, and recount its
    casting when it changed (`grew`: the write cast new assets in it). Fixed queries.

    Links cast by hand with several occurrences are kept, as in the reference.
    """
    episode = str(episode_id)
    candidates = [
        asset_id
        for asset_id in asset_ids
        if episode_links[asset_id].get(episode, EPISODE_LINK_KEPT) < EPISODE_LINK_KEPT
    ]
    still_used = set(
        EntityLink.objects.filter(
            entity_out_id__in=candidates,
            entity_in__entity_type__name="Shot",
            entity_in__parent__parent_id=episode_id,
        ).values_list("entity_out_id", flat=True)
        if candidates
        else ()
    )
    released = sorted((asset_id for asset_id in candidates if asset_id not in still_used), key=str)
    if not released and not grew:
        return
    if released:
        EntityLink.objects.filter(entity_in_id=episode_id, entity_out_id__in=released).delete()
    nb_entities_out = _set_nb_entities_out(episode_id)
    for left, asset_id in enumerate(released, start=1):
        emit(
            "episode:casting-update",
            {
                "episode_id": episode_id,
                "nb_entities_out": nb_entities_out + len(released) - left,
                "added_asset_ids": [],
                "removed_asset_ids": [asset_id],
            },
            project_id=project_id,
            user_id=user_id,
        )
        before = sorted(episode_links[asset_id])
        _announce_episode_casting(
            asset_id,
            before=before,
            after=[other for other in before if other != episode],
            project_id=project_id,
            user_id=user_id,
        )


def _emit_casting_update(
    entity: Entity, *, before: set, after: set, nb_entities_out: int, user_id: Any
) -> None:
    kind = casting_kind(entity)
    emit(
        f"{kind}:casting-update",
        {
            f"{kind}_id": entity.id,
            "nb_entities_out": nb_entities_out,
            "added_asset_ids": sorted(str(i) for i in after - before),
            "removed_asset_ids": sorted(str(i) for i in before - after),
        },
        project_id=entity.project_id,
        user_id=user_id,
    )


@dataclass
class CastingWrite:
    """One entity's casting being written: its episode (a shot's), its links (their ids by
    asset) and the episode links of the assets involved (see `_episode_links`)."""

    entity: Entity
    episode_id: uuid.UUID | None
    linked: dict[Any, uuid.UUID]
    episode_links: dict[Any, dict[str, int]]
    user_id: Any

    @property
    def project_id(self) -> Any:
        return self.entity.project_id

    def cast(self, items: list[CastItem]) -> bool:
        """Cast the items in their order, with the events of each: an asset not cast yet gets
        a link (and, for a shot, one in its episode when the episode does not cast it yet),
        all inserted in one statement; an asset cast already has its link updated. True when
        the episode's casting grew."""
        new = {}  # the first item naming each asset not cast yet
        for item in items:
            if item.asset_id not in self.linked:
                new.setdefault(item.asset_id, item)
        rows = []
        joined = set()
        for asset_id, item in new.items():
            if self._episode_joined(asset_id):
                joined.add(asset_id)
                rows.append(
                    (uuid.uuid4(), self.episode_id, asset_id, 1, item.label, {"auto": True})
                )
            link_id = uuid.uuid4()
            rows.append((link_id, self.entity.pk, asset_id, item.nb_occurences, item.label, None))
            self.linked[asset_id] = link_id
        bulk_insert(EntityLink, LINK_COLUMNS, rows)
        for item in items:
            link_id = self.linked[item.asset_id]
            if new.pop(item.asset_id, None) is item:
                self._announce_link(link_id, item, joined=item.asset_id in joined)
            else:
                self._update_link(link_id, item)
        return bool(joined)

    def _episode_joined(self, asset_id: Any) -> bool:
        """Whether casting the asset in this shot casts it in the shot's episode too."""
        return (
            self.episode_id is not None and str(self.episode_id) not in self.episode_links[asset_id]
        )

    def _announce_link(self, link_id: uuid.UUID, item: CastItem, *, joined: bool) -> None:
        """The events of a new link, in the order the reference sends them."""
        episode_ids = sorted(self.episode_links[item.asset_id])
        if joined:
            self._announce_episode_casting(item.asset_id, episode_ids, str(self.episode_id))
        emit(
            "entity-link:new",
            {
                "entity_link_id": link_id,
                "entity_in_id": self.entity.pk,
                "entity_out_id": item.asset_id,
                "nb_occurences": item.nb_occurences,
            },
            project_id=self.project_id,
            user_id=self.user_id,
        )
        if casting_kind(self.entity) == "episode":
            self._announce_episode_casting(item.asset_id, episode_ids, str(self.entity.pk))

    def _announce_episode_casting(self, asset_id: Any, before: list[str], joined: str) -> None:
        """The asset joined the episode `joined` (its id text)."""
        _announce_episode_casting(
            asset_id,
            before=before,
            after=sorted([*before, joined]),
            project_id=self.project_id,
            user_id=self.user_id,
        )

    def _update_link(self, link_id: uuid.UUID, item: CastItem) -> None:
        with changes_announced(ENTITY_LINK_PLAIN_WIRE, [link_id]):
            EntityLink.objects.filter(pk=link_id).update(
                nb_occurences=item.nb_occurences, label=item.label, updated_at=timezone.now()
            )
            emit(
                "entity-link:update",
                {"entity_link_id": link_id, "nb_occurences": item.nb_occurences},
                project_id=self.project_id,
                user_id=self.user_id,
            )


def _casting_write(
    entity: Entity,
    *,
    episode_id: uuid.UUID | None,
    linked: dict[Any, uuid.UUID],
    asset_ids: Iterable[Any],
    user_id: Any,
) -> CastingWrite:
    """A casting write on the entity, having read the episode links of the assets it casts or
    releases when they matter: for a shot in an episode, or an episode."""
    asset_ids = set(asset_ids)
    reads_episodes = bool(asset_ids) and (
        episode_id is not None or casting_kind(entity) == "episode"
    )
    return CastingWrite(
        entity=entity,
        episode_id=episode_id,
        linked=linked,
        episode_links=_episode_links(asset_ids) if reads_episodes else defaultdict(dict),
        user_id=user_id,
    )


def _lock_casting_of(ids: Iterable[Any]) -> None:
    """Casting writes on an entity, or on shots of one episode (which share its automatic
    links), queue up: the entities and their episodes are locked, in id order so that two
    writes never wait on each other in a circle."""
    ids = {pk for pk in ids if pk is not None}
    locked = Entity.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    list(locked.values_list("pk", flat=True))


def castable_assets(asset_ids: Iterable[uuid.UUID], *, project_id: uuid.UUID) -> set[uuid.UUID]:
    """The ids that name an entity of the project, or a shared one of any project: another
    project's other assets are not the caster's to see."""
    queryset = Entity.objects.filter(pk__in=set(asset_ids))
    castable = queryset.filter(Q(project_id=project_id) | Q(is_shared=True))
    return set(castable.values_list("id", flat=True))


def casting_replace(*, entity: Entity, items: list[CastItem], user_id: Any) -> None:
    """Make `items` the whole casting of `entity`, in a fixed number of queries.

    Shots also cast their assets in their episode; assets no shot of the episode casts any more
    leave it. Shot task readiness counts are refreshed. Unknown assets, and unshared ones of
    other projects, are skipped. The events are logged and published at once after the commit.
    """
    with deliveries_batched(), transaction.atomic():
        _casting_replace(entity=entity, items=items, user_id=user_id)


def _casting_replace(*, entity: Entity, items: list[CastItem], user_id: Any) -> None:
    episode_id = _episode_ids_of([entity]).get(entity.pk)
    _lock_casting_of([entity.pk, episode_id])
    before = cast_asset_ids(entity_id=entity.id)
    EntityLink.objects.filter(entity_in=entity).delete()
    known = castable_assets((item.asset_id for item in items), project_id=entity.project_id)
    items = [item for item in items if item.asset_id in known]
    after = {item.asset_id for item in items}
    write = _casting_write(
        entity, episode_id=episode_id, linked={}, asset_ids=before | after, user_id=user_id
    )
    grew = write.cast(items)
    entity.nb_entities_out = len(after)
    Entity.objects.filter(pk=entity.pk).update(nb_entities_out=entity.nb_entities_out)
    _emit_casting_update(
        entity, before=before, after=after, nb_entities_out=entity.nb_entities_out, user_id=user_id
    )
    if episode_id is not None:
        _release_episode_links(
            episode_id=episode_id,
            asset_ids=before - after,
            episode_links=write.episode_links,
            grew=grew,
            project_id=entity.project_id,
            user_id=user_id,
        )
    if casting_kind(entity) == "shot":
        _refresh_nb_assets_ready(project_id=entity.project_id, shot_ids=[entity.id])


@transaction.atomic
def casting_add_asset(
    *,
    entities: list[Entity],
    asset_id: uuid.UUID,
    nb_occurences: int = 1,
    label: str = "",
    user_id: Any,
) -> None:
    """Cast one asset in several entities, keeping what they already cast; no occurrence
    (gazu's `uncast_asset`) takes it out of their casting, as in the reference."""
    episodes = _episode_ids_of(entities)
    if nb_occurences == 0:
        _uncast_asset(entities=entities, asset_id=asset_id, episodes=episodes, user_id=user_id)
        return
    item = CastItem(asset_id=asset_id, nb_occurences=nb_occurences, label=label)
    _lock_casting_of([*(entity.pk for entity in entities), *episodes.values()])
    shot_ids = []
    for entity in entities:
        linked = dict(
            EntityLink.objects.filter(entity_in=entity).values_list("entity_out_id", "id")
        )
        before = set(linked)
        write = _casting_write(
            entity,
            episode_id=episodes.get(entity.pk),
            linked=linked,
            asset_ids=[asset_id],
            user_id=user_id,
        )
        if write.cast([item]):
            _set_nb_entities_out(write.episode_id)
        after = before | {asset_id}
        Entity.objects.filter(pk=entity.pk).update(nb_entities_out=len(after))
        _emit_casting_update(
            entity, before=before, after=after, nb_entities_out=len(after), user_id=user_id
        )
        if casting_kind(entity) == "shot":
            shot_ids.append(entity.id)
    if shot_ids:
        _refresh_nb_assets_ready(project_id=entities[0].project_id, shot_ids=shot_ids)


def _uncast_asset(
    *, entities: list[Entity], asset_id: uuid.UUID, episodes: dict[Any, uuid.UUID], user_id: Any
) -> None:
    """Remove the asset's link from each entity; a shot's episode drops it too when no other
    shot of the episode casts it."""
    links = EntityLink.objects.filter(entity_in__in=entities, entity_out_id=asset_id)
    for link in links.select_related("entity_in__entity_type"):
        entity_link_delete(link=link, user_id=user_id)
        episode_id = episodes.get(link.entity_in_id)
        if episode_id is not None:
            _release_episode_links(
                episode_id=episode_id,
                asset_ids=[asset_id],
                episode_links=_episode_links([asset_id]),
                grew=False,
                project_id=link.entity_in.project_id,
                user_id=user_id,
            )


@transaction.atomic
def entity_link_delete(*, link: EntityLink, user_id: Any) -> None:
    """Remove one casting link and announce the casting change of its entity."""
    entity = link.entity_in
    asset_id = link.entity_out_id
    _lock_casting_of([entity.pk, *_episode_ids_of([entity]).values()])
    link.delete()
    nb_entities_out = _set_nb_entities_out(entity.id)
    _emit_casting_update(
        entity, before={asset_id}, after=set(), nb_entities_out=nb_entities_out, user_id=user_id
    )
    if casting_kind(entity) == "shot":
        _refresh_nb_assets_ready(project_id=entity.project_id, shot_ids=[entity.id])


# -- readiness --------------------------------------------------------------------------------


def casting_stats_refresh(*, project: Project, shot_ids: Iterable[Any]) -> None:
    """Recount `nb_assets_ready` on every task of the shots given."""
    _refresh_nb_assets_ready(project_id=project.id, shot_ids=shot_ids)


def _refresh_nb_assets_ready(*, project_id: Any, shot_ids: Iterable[Any]) -> None:
    """`casting_stats_refresh` by project id (casting writes do not load the project).

    An asset counts when it is not canceled and either is shared from another project, or is
    ready for a task type whose pipeline priority (the project's task type links) is at least
    the task's. Runs a fixed number of queries whatever the number of shots.
    """
    shot_ids = list(shot_ids)
    if not shot_ids:
        return
    priorities = dict(
        ProjectTaskTypeLink.objects.filter(
            project_id=project_id, priority__isnull=False
        ).values_list("task_type_id", "priority")
    )
    cast: dict[Any, list[tuple[bool, Any]]] = defaultdict(list)
    links = EntityLink.objects.filter(entity_in_id__in=shot_ids, entity_out__canceled=False)
    for shot_id, is_shared, asset_project_id, ready_for in links.values_list(
        "entity_in_id", "entity_out__is_shared", "entity_out__project_id", "entity_out__ready_for"
    ):
        cast[shot_id].append((is_shared and asset_project_id != project_id, ready_for))
    changed = []
    for task in Task.objects.filter(entity_id__in=shot_ids).only(
        "id", "entity_id", "task_type_id", "nb_assets_ready", "project_id"
    ):
        task_priority = priorities.get(task.task_type_id)
        nb_ready = sum(
            1
            for shared, ready_for in cast[task.entity_id]
            if shared
            or (
                task_priority is not None
                and priorities.get(ready_for) is not None
                and priorities[ready_for] >= task_priority
            )
        )
        if nb_ready != task.nb_assets_ready:
            task.nb_assets_ready = nb_ready
            changed.append(task)
    Task.objects.bulk_update(changed, ["nb_assets_ready"])
    for task in changed:
        emit(
            "task:update-casting-stats",
            {"task_id": task.id, "nb_assets_ready": task.nb_assets_ready},
            project_id=project_id,
            persist=False,
        )


# -- asset instances ---------------------------------------------------------------------------


def _instance_create(*, asset: Entity, description: str | None, **place: Entity) -> AssetInstance:
    """One more instance of `asset` in `place` (its scene or target asset), numbered after the
    instances of that asset already there."""
    where = AssetInstance.objects.filter(asset=asset, **place)
    number = (where.aggregate(last=Max("number"))["last"] or 0) + 1
    return AssetInstance.objects.create(
        asset=asset,
        number=number,
        name=f"{asset.name}_{number:04d}",
        description=description,
        **place,
    )


@transaction.atomic
def asset_instance_create_in_scene(
    *, scene: Entity, asset: Entity, description: str | None, user_id: Any
) -> AssetInstance:
    """Place one more instance of `asset` in `scene`, numbered after the previous ones."""
    instance = _instance_create(asset=asset, description=description, scene=scene)
    emit(
        "asset_instance:new",
        {"asset_instance_id": instance.id, "asset_id": asset.id, "scene_id": scene.id},
        user_id=user_id,
    )
    return instance


@transaction.atomic
def asset_instance_create_in_asset(
    *, target: Entity, asset: Entity, description: str | None, user_id: Any
) -> AssetInstance:
    """Place one more instance of `asset` inside the asset `target` (set dressing)."""
    instance = _instance_create(asset=asset, description=description, target_asset=target)
    emit(
        "asset_instance:new",
        {
            "asset_instance_id": instance.id,
            "asset_id": target.id,
            "asset_instantiated": asset.id,
        },
        user_id=user_id,
    )
    return instance


@transaction.atomic
def asset_instance_add_to_shot(*, shot: Entity, instance: AssetInstance, user_id: Any) -> Entity:
    """Make an instance appear in a shot; adding it twice is refused."""
    if shot.instance_casting.filter(pk=instance.pk).exists():
        raise WrongParameter("A record with the same unique values already exists.")
    try:
        shot.instance_casting.add(instance)
    except IntegrityError:
        raise WrongParameter("A record with the same unique values already exists.") from None
    shot.save(update_fields=["updated_at"])
    emit(
        "asset_instance:add-to-shot",
        {"shot_id": shot.id, "asset_instance_id": instance.id},
        user_id=user_id,
    )
    return shot


@transaction.atomic
def asset_instance_remove_from_shot(*, shot: Entity, instance_id: uuid.UUID, user_id: Any) -> None:
    """Take an instance out of a shot; an instance the shot does not hold is left alone."""
    through = Entity.instance_casting.through
    through.objects.filter(entity_id=shot.id, assetinstance_id=instance_id).delete()
    shot.save(update_fields=["updated_at"])
    emit(
        "asset_instance:remove-from-shot",
        {"shot_id": shot.id, "asset_instance_id": instance_id},
        user_id=user_id,
    )
