"""Casting writes: replacing what an entity casts, the automatic episode casting, readiness
counts on shot tasks, and asset instances."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.events import changes_announced, emit, update_events_about
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


def _episode_id_of_shot(entity: Entity) -> uuid.UUID | None:
    if entity.entity_type.name != "Shot" or entity.parent_id is None:
        return None
    return Entity.objects.filter(pk=entity.parent_id).values_list("parent_id", flat=True).first()


def _count_links(entity_id: Any) -> int:
    return EntityLink.objects.filter(entity_in_id=entity_id).count()


def _set_nb_entities_out(entity_id: Any) -> int:
    count = _count_links(entity_id)
    Entity.objects.filter(pk=entity_id).update(nb_entities_out=count)
    return count


def _casting_episode_ids(asset_id: Any) -> list[str]:
    episode_links = EntityLink.objects.filter(
        entity_out_id=asset_id, entity_in__entity_type__name="Episode"
    )
    return sorted(str(pk) for pk in episode_links.values_list("entity_in_id", flat=True))


@contextmanager
def _episode_casting_announced(asset_id: Any) -> Iterator[None]:
    """Casting's `asset:update` says the asset joined or left an episode's casting: it
    announces the episodes the asset is cast in as its changes (`casting_episode_ids`). The
    casting writes run in a transaction, so the changes are known before the event leaves."""
    before = _casting_episode_ids(asset_id)
    with update_events_about([asset_id]) as events:
        yield
        after = _casting_episode_ids(asset_id)
        events.attach(str(asset_id), {"casting_episode_ids": [before, after]})


def _link_created(link: EntityLink, *, project_id: Any, user_id: Any) -> None:
    emit(
        "entity-link:new",
        {
            "entity_link_id": link.id,
            "entity_in_id": link.entity_in_id,
            "entity_out_id": link.entity_out_id,
            "nb_occurences": link.nb_occurences,
        },
        project_id=project_id,
        user_id=user_id,
    )


def _ensure_episode_link(
    *, episode_id: Any, asset_id: Any, label: str, project_id: Any, user_id: Any
) -> None:
    """An asset cast in a shot is cast once in the shot's episode, marked as automatic."""
    with _episode_casting_announced(asset_id):
        _, created = EntityLink.objects.get_or_create(
            entity_in_id=episode_id,
            entity_out_id=asset_id,
            defaults={"nb_occurences": 1, "label": label, "data": {"auto": True}},
        )
        if created:
            _set_nb_entities_out(episode_id)
            emit("asset:update", {"asset_id": asset_id}, project_id=project_id, user_id=user_id)


def _release_episode_links(
    *, episode_id: Any, asset_ids: Iterable[Any], project_id: Any, user_id: Any
) -> None:
    """Uncast from the episode the assets no shot of it casts any more.

    Links cast by hand with several occurrences are kept, as in the reference.
    """
    for asset_id in sorted(asset_ids, key=str):
        still_used = EntityLink.objects.filter(
            entity_out_id=asset_id,
            entity_in__entity_type__name="Shot",
            entity_in__parent__parent_id=episode_id,
        ).exists()
        if not still_used:
            _release_episode_link(
                episode_id=episode_id, asset_id=asset_id, project_id=project_id, user_id=user_id
            )


def _release_episode_link(*, episode_id: Any, asset_id: Any, project_id: Any, user_id: Any) -> None:
    with _episode_casting_announced(asset_id):
        deleted, _ = EntityLink.objects.filter(
            entity_in_id=episode_id, entity_out_id=asset_id, nb_occurences__lte=1
        ).delete()
        if not deleted:
            return
        emit(
            "episode:casting-update",
            {
                "episode_id": episode_id,
                "nb_entities_out": _set_nb_entities_out(episode_id),
                "added_asset_ids": [],
                "removed_asset_ids": [asset_id],
            },
            project_id=project_id,
            user_id=user_id,
        )
        emit("asset:update", {"asset_id": asset_id}, project_id=project_id, user_id=user_id)


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


def _cast_one(
    entity: Entity,
    item: CastItem,
    *,
    episode_id: Any,
    user_id: Any,
) -> None:
    """Create or update the link of one asset in `entity`, with its events."""
    project_id = entity.project_id
    link = EntityLink.objects.filter(entity_in=entity, entity_out_id=item.asset_id).first()
    if link is not None:
        with changes_announced(ENTITY_LINK_PLAIN_WIRE, [link.id]):
            link.nb_occurences = item.nb_occurences
            link.label = item.label
            link.save(update_fields=["nb_occurences", "label", "updated_at"])
            emit(
                "entity-link:update",
                {"entity_link_id": link.id, "nb_occurences": link.nb_occurences},
                project_id=project_id,
                user_id=user_id,
            )
        return
    if episode_id is not None:
        _ensure_episode_link(
            episode_id=episode_id,
            asset_id=item.asset_id,
            label=item.label,
            project_id=project_id,
            user_id=user_id,
        )
    if casting_kind(entity) != "episode":
        _link_create(entity, item, user_id=user_id)
        return
    with _episode_casting_announced(item.asset_id):
        _link_create(entity, item, user_id=user_id)
        emit("asset:update", {"asset_id": item.asset_id}, project_id=project_id, user_id=user_id)


def _link_create(entity: Entity, item: CastItem, *, user_id: Any) -> None:
    link = EntityLink.objects.create(
        entity_in=entity,
        entity_out_id=item.asset_id,
        nb_occurences=item.nb_occurences,
        label=item.label,
    )
    _link_created(link, project_id=entity.project_id, user_id=user_id)


def _lock_casting_of(entities: Iterable[Entity]) -> None:
    """Casting writes on an entity, or on shots of one episode (which share its automatic
    links), queue up: the entities and their episodes are locked, in id order so that two
    writes never wait on each other in a circle."""
    ids = set()
    for entity in entities:
        ids.add(entity.pk)
        ids.add(_episode_id_of_shot(entity))
    ids.discard(None)
    locked = Entity.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    list(locked.values_list("pk", flat=True))


def castable_assets(asset_ids: Iterable[uuid.UUID], *, project_id: uuid.UUID) -> set[uuid.UUID]:
    """The ids that name an entity of the project, or a shared one of any project: another
    project's other assets are not the caster's to see."""
    queryset = Entity.objects.filter(pk__in=set(asset_ids))
    castable = queryset.filter(Q(project_id=project_id) | Q(is_shared=True))
    return set(castable.values_list("id", flat=True))


@transaction.atomic
def casting_replace(*, entity: Entity, items: list[CastItem], user_id: Any) -> None:
    """Make `items` the whole casting of `entity`.

    Shots also cast their assets in their episode; assets no shot of the episode casts any more
    leave it. Shot task readiness counts are refreshed. Unknown assets, and unshared ones of
    other projects, are skipped.
    """
    _lock_casting_of([entity])
    before = cast_asset_ids(entity_id=entity.id)
    EntityLink.objects.filter(entity_in=entity).delete()
    episode_id = _episode_id_of_shot(entity)
    known = castable_assets((item.asset_id for item in items), project_id=entity.project_id)
    for item in items:
        if item.asset_id in known:
            _cast_one(entity, item, episode_id=episode_id, user_id=user_id)
    after = cast_asset_ids(entity_id=entity.id)
    nb_entities_out = _set_nb_entities_out(entity.id)
    entity.nb_entities_out = nb_entities_out
    _emit_casting_update(
        entity, before=before, after=after, nb_entities_out=nb_entities_out, user_id=user_id
    )
    if episode_id is not None:
        _release_episode_links(
            episode_id=episode_id,
            asset_ids=before - after,
            project_id=entity.project_id,
            user_id=user_id,
        )
    if casting_kind(entity) == "shot":
        casting_stats_refresh(project=entity.project, shot_ids=[entity.id])


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
    if nb_occurences == 0:
        _uncast_asset(entities=entities, asset_id=asset_id, user_id=user_id)
        return
    item = CastItem(asset_id=asset_id, nb_occurences=nb_occurences, label=label)
    _lock_casting_of(entities)
    shot_ids = []
    for entity in entities:
        before = cast_asset_ids(entity_id=entity.id)
        _cast_one(entity, item, episode_id=_episode_id_of_shot(entity), user_id=user_id)
        nb_entities_out = _set_nb_entities_out(entity.id)
        _emit_casting_update(
            entity,
            before=before,
            after=before | {asset_id},
            nb_entities_out=nb_entities_out,
            user_id=user_id,
        )
        if casting_kind(entity) == "shot":
            shot_ids.append(entity.id)
    if shot_ids:
        casting_stats_refresh(project=entities[0].project, shot_ids=shot_ids)


def _uncast_asset(*, entities: list[Entity], asset_id: uuid.UUID, user_id: Any) -> None:
    """Remove the asset's link from each entity; a shot's episode drops it too when no other
    shot of the episode casts it."""
    links = EntityLink.objects.filter(entity_in__in=entities, entity_out_id=asset_id)
    for link in links.select_related("entity_in__entity_type", "entity_in__project"):
        entity_link_delete(link=link, user_id=user_id)
        episode_id = _episode_id_of_shot(link.entity_in)
        if episode_id is not None:
            _release_episode_links(
                episode_id=episode_id,
                asset_ids=[asset_id],
                project_id=link.entity_in.project_id,
                user_id=user_id,
            )


@transaction.atomic
def entity_link_delete(*, link: EntityLink, user_id: Any) -> None:
    """Remove one casting link and announce the casting change of its entity."""
    entity = link.entity_in
    asset_id = link.entity_out_id
    _lock_casting_of([entity])
    link.delete()
    nb_entities_out = _set_nb_entities_out(entity.id)
    _emit_casting_update(
        entity, before={asset_id}, after=set(), nb_entities_out=nb_entities_out, user_id=user_id
    )
    if casting_kind(entity) == "shot":
        casting_stats_refresh(project=entity.project, shot_ids=[entity.id])


# -- readiness --------------------------------------------------------------------------------


def casting_stats_refresh(*, project: Project, shot_ids: Iterable[Any]) -> None:
    """Recount `nb_assets_ready` on every task of the shots given.

    An asset counts when it is not canceled and either is shared from another project, or is
    ready for a task type whose pipeline priority (the project's task type links) is at least
    the task's. Runs a fixed number of queries whatever the number of shots.
    """
    shot_ids = list(shot_ids)
    if not shot_ids:
        return
    priorities = dict(
        ProjectTaskTypeLink.objects.filter(project=project, priority__isnull=False).values_list(
            "task_type_id", "priority"
        )
    )
    cast: dict[Any, list[tuple[bool, Any]]] = defaultdict(list)
    links = EntityLink.objects.filter(entity_in_id__in=shot_ids, entity_out__canceled=False)
    for shot_id, is_shared, asset_project_id, ready_for in links.values_list(
        "entity_in_id", "entity_out__is_shared", "entity_out__project_id", "entity_out__ready_for"
    ):
        cast[shot_id].append((is_shared and asset_project_id != project.id, ready_for))
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
            project_id=project.id,
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
