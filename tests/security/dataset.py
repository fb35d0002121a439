"""Two productions for the permission matrix: project A full of data nobody outside it may
see, and project B whose team holds one person of each role and a bot.

Everything made for project A carries `SECRET` in its name or text, and `Dataset.secrets`
lists the ids of every object that belongs to project A: a response that contains one of
them, or the marker, shows project A's data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Model

from kitsu_site.api.models import ApiEvent
from people.models import Chat, ChatMessage, Person, Role, TimeSpent
from production.models import (
    AssetInstance,
    Budget,
    BudgetEntry,
    EntityLink,
    MetadataDescriptor,
    Milestone,
    ProductionScheduleVersion,
    ProductionScheduleVersionTaskLink,
    Project,
    ProjectTaskTypeLink,
    ScheduleItem,
    SearchFilter,
    SearchFilterGroup,
)
from reviews.media.paths import PREVIEW_AREAS, preview_storage_path
from reviews.models import (
    AttachmentFile,
    BuildJob,
    Comment,
    FileStatus,
    News,
    Notification,
    OutputFile,
    OutputType,
    Playlist,
    PlaylistShareLink,
    PreviewFile,
    Subscription,
    WorkingFile,
)
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.factories import (
    EntityFactory,
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    entity_type,
    episode,
    sequence,
    shot,
)
from tests.production.temporal_helpers import edit, scene
from tests.reviews.playlist_helpers import make_preview

SECRET = "alphasecret"
OUTSIDER_ROLES = (Role.MANAGER, Role.SUPERVISOR, Role.USER, Role.CLIENT, Role.VENDOR)
BOT = "bot"
WORK_DAY = dt.date(2024, 6, 12)


@dataclass
class Dataset:
    """Project A and its objects by the URL parameter they fill; project B's team by role."""

    project_a: Project
    project_b: Project
    objects: dict[str, Model]
    a_team: dict[str, Person]
    outsiders: dict[str, Person]
    b_objects: dict[str, Model]
    secrets: set[str] = field(default_factory=set)


def secret_name(kind: str) -> str:
    return f"{kind} {SECRET}"


def build_dataset() -> Dataset:
    department = DepartmentFactory(name="Animation")
    a_team = {role: PersonFactory(role=role, email=f"a-{role}@example.com") for role in Role}
    project_a = ProjectFactory(name=secret_name("Project"), production_type="tvshow")
    project_b = ProjectFactory(name="Project B")
    for person in a_team.values():
        if person.role != Role.ADMIN:
            add_to_team(project_a, person)
    objects = project_a_objects(project_a, a_team, department)
    outsiders = project_b_team(project_b, department)
    b_objects = project_b_objects(project_b, outsiders, objects)
    secrets = {str(obj.pk) for name, obj in objects.items() if is_project_scoped(name)}
    return Dataset(project_a, project_b, objects, a_team, outsiders, b_objects, secrets)


# URL parameters filled with shared objects (configuration, people): they are no secret.
SHARED_PARAMETERS = {
    "person_id",
    "task_type_id",
    "asset_type_id",
    "department_id",
    "output_type_id",
    "task_status_id",
}


def is_project_scoped(name: str) -> bool:
    return name not in SHARED_PARAMETERS


def project_a_objects(project: Project, team: dict[str, Person], department) -> dict[str, Model]:
    artist = team[Role.USER]
    status = TaskStatusFactory(short_name="todo", name="Todo", is_default=True)
    animation = TaskTypeFactory(name="Animation", for_entity="Shot", department=department)
    modeling = TaskTypeFactory(name="Modeling", for_entity="Asset", department=department)
    for task_type in (animation, modeling):
        ProjectTaskTypeLink.objects.create(project=project, task_type=task_type)
    ep = episode(project, secret_name("Episode"))
    seq = sequence(project, secret_name("Sequence"), episode=ep)
    sh = shot(project, seq, secret_name("Shot"))
    hero = asset(project, secret_name("Asset"), source=ep)
    sc = scene(project, seq, secret_name("Scene"))
    cut = edit(project, secret_name("Edit"), episode=ep)
    concept = EntityFactory(
        project=project, name=secret_name("Concept"), entity_type=entity_type("Concept")
    )
    task = TaskFactory(entity=sh, project=project, task_type=animation, task_status=status)
    task.assignees.add(artist, team[Role.VENDOR])
    asset_task = TaskFactory(entity=hero, project=project, task_type=modeling, task_status=status)
    movie = make_preview(task, extension="mp4")
    picture = make_preview(asset_task, extension="png")
    for preview in (movie, picture):
        store_every_media(preview)
    comment = Comment.objects.create(
        object=task, person=artist, task_status=status, text=secret_name("Comment")
    )
    comment.previews.add(movie)
    playlist = Playlist.objects.create(
        name=secret_name("Playlist"),
        project=project,
        episode=ep,
        for_client=True,
        shots=[{"entity_id": str(sh.pk), "preview_file_id": str(movie.pk)}],
    )
    output_type = OutputType.objects.create(name="Cache", short_name="cch")
    working_file = WorkingFile.objects.create(
        name=secret_name("Working file"), task=task, entity=sh, person=artist, revision=1
    )
    chat = Chat.objects.create(object_id=sh.pk)
    budget = Budget.objects.create(project=project, name=secret_name("Budget"))
    version = ProductionScheduleVersion.objects.create(
        project=project, name=secret_name("Schedule")
    )
    filter_group = SearchFilterGroup.objects.create(
        list_type="asset", name=secret_name("Group"), color="#000000", person=artist,
        project=project,
    )  # fmt: skip
    return {
        "project_id": project,
        "episode_id": ep,
        "sequence_id": seq,
        "shot_id": sh,
        "temporal_entity_id": sh,
        "entity_id": sh,
        "asset_id": hero,
        "scene_id": sc,
        "edit_id": cut,
        "concept_id": concept,
        "task_id": task,
        "asset_task": asset_task,
        "preview_file_id": movie,
        "picture": picture,
        "comment_id": comment,
        "playlist_id": playlist,
        "build_job_id": BuildJob.objects.create(playlist=playlist),
        "token": PlaylistShareLink.objects.create(
            token=SECRET * 2, playlist=playlist, created_by=team[Role.MANAGER]
        ),
        "attachment_file_id": AttachmentFile.objects.create(
            comment=comment,
            name=secret_name("Attachment"),
            extension="png",
            mimetype="image/png",
        ),  # fmt: skip
        "notification_id": Notification.objects.create(
            person=artist,
            author=team[Role.MANAGER],
            comment=comment,
            task=task,
            notification_type="comment",
        ),  # fmt: skip
        "news_id": News.objects.create(author=artist, comment=comment, task=task),
        "subscription": Subscription.objects.create(person=artist, task=task),
        "time_spent": TimeSpent.objects.create(
            task=task, person=artist, duration=120, date=WORK_DAY
        ),
        "working_file_id": working_file,
        "file_id": working_file,
        "output_file": OutputFile.objects.create(
            name=secret_name("Output"),
            revision=1,
            entity=sh,
            output_type=output_type,
            task_type=animation,
            person=artist,
            file_status=FileStatus.objects.create(name="Created", color="#000000"),
        ),  # fmt: skip
        "asset_instance_id": AssetInstance.objects.create(
            asset=hero, scene=sc, name=secret_name("Instance"), number=1
        ),
        "entity_link": EntityLink.objects.create(entity_in=sh, entity_out=hero, nb_occurences=1),
        "chat": chat,
        "chat_message_id": ChatMessage.objects.create(
            chat=chat, person=artist, text=secret_name("Message")
        ),
        "budget_id": budget,
        "entry_id": BudgetEntry.objects.create(
            budget=budget,
            department=department,
            person=artist,
            start_date=WORK_DAY,
            months_duration=2,
            daily_salary=300,
        ),  # fmt: skip
        "milestone": Milestone.objects.create(
            project=project, name=secret_name("Mile"), date=WORK_DAY
        ),
        "schedule_item": ScheduleItem.objects.create(
            project=project, task_type=animation, object_id=ep.pk
        ),
        "metadata_descriptor_id": MetadataDescriptor.objects.create(
            project=project,
            entity_type="Shot",
            name=secret_name("Field"),
            field_name=SECRET,
        ),  # fmt: skip
        "production_schedule_version_id": version,
        "schedule_link": ProductionScheduleVersionTaskLink.objects.create(
            production_schedule_version=version, task=task
        ),
        "filter_group_id": filter_group,
        "search_filter": SearchFilter.objects.create(
            list_type="asset",
            name=secret_name("Filter"),
            search_query=SECRET,
            person=artist,
            project=project,
            search_filter_group=filter_group,
        ),  # fmt: skip
        "event": ApiEvent.objects.create(
            name="shot:new", project_id=project.pk, data={"shot_id": str(sh.pk)}
        ),
        "person_id": artist,
        "task_type_id": animation,
        "asset_type_id": hero.entity_type,
        "department_id": department,
        "output_type_id": output_type,
    }


def store_every_media(preview: PreviewFile) -> None:
    """Copies of the stored original in every area, so each media route has a file to serve."""
    is_movie = preview.extension == "mp4"
    original = preview_storage_path(
        "movies/originals" if is_movie else "pictures/originals", preview.pk, preview.extension
    )
    content = default_storage.open(original).read()
    for area in PREVIEW_AREAS:
        extension = "mp4" if area.startswith("movies/") and area != "movies/tiles" else "png"
        path = preview_storage_path(area, preview.pk, extension)
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(content))


def project_b_team(project: Project, department) -> dict[str, Person]:
    """One member of project B per non-admin role, and a bot with the manager role."""
    outsiders = {}
    for role in OUTSIDER_ROLES:
        person = PersonFactory(role=role, email=f"b-{role}@example.com")
        person.departments.add(department)
        outsiders[role] = person
    outsiders[BOT] = PersonFactory(role=Role.MANAGER, is_bot=True, email="b-bot@example.com")
    for person in outsiders.values():
        add_to_team(project, person)
    return outsiders


def project_b_objects(project: Project, team: dict[str, Person], a_objects) -> dict[str, Model]:
    """Project B's objects its team may act on: a shot whose task the artist and the vendor
    hold, a comment on it and a playlist; with the configuration shared with project A."""
    task_type = a_objects["task_type_id"]
    ProjectTaskTypeLink.objects.create(project=project, task_type=task_type)
    sequence_b = sequence(project, "B-SQ")
    shot_b = shot(project, sequence_b, "B-SH")
    status = a_objects["task_id"].task_status
    task = TaskFactory(entity=shot_b, project=project, task_type=task_type, task_status=status)
    task.assignees.add(team[Role.USER], team[Role.VENDOR])
    comment = Comment.objects.create(object=task, person=team[Role.USER], task_status=status)
    playlist = Playlist.objects.create(name="B playlist", project=project, for_client=True)
    return {
        "project": project,
        "shot": shot_b,
        "task": task,
        "comment": comment,
        "playlist": playlist,
        "task_type": task_type,
        "task_status": status,
    }
