"""Every page of the console, from the admin registry, and one more row of every model they
list, for the tests that walk them all: the studio-wide rows, and the project rows in both
projects (the manager's and the other one)."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from imports.models import DataImportError
from kitsu_site.api.models import (
    ApiEvent,
    UnpublishedEvent,
    UnsentJob,
    Webhook,
    WebhookDelivery,
)
from people.models import (
    Chat,
    ChatMessage,
    DayOff,
    DesktopLoginLog,
    HardwareItem,
    LoginLog,
    SalaryScale,
    Software,
    TimeSpent,
)
from production.models import (
    AssetInstance,
    Budget,
    CustomAction,
    EntityType,
    EntityVersion,
    MetadataDescriptor,
    Plugin,
    PreviewBackgroundFile,
    ProductionScheduleVersion,
    Project,
    ProjectStatus,
    ProjectTemplate,
    SearchFilter,
    SearchFilterGroup,
    StatusAutomation,
)
from reviews.models import (
    AttachmentFile,
    BuildJob,
    Comment,
    News,
    Notification,
    Playlist,
    PlaylistShareLink,
    Subscription,
    WorkingFile,
)
from reviews.models.files import FileStatus, OutputFile, OutputType
from tests.console.console_helpers import Studio, preview_of, task
from tests.factories import DepartmentFactory, PersonFactory, StudioFactory
from tests.production.factories import (
    ProjectFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
)

REGISTRY = admin.site._registry
LABELS = sorted(model._meta.label for model in REGISTRY)
# Pages whose row count does not grow with the production.
SINGLETONS = ("people.Organisation",)


def admin_of(label: str) -> admin.ModelAdmin:
    return REGISTRY[apps.get_model(label)]


def changelist_url(label: str) -> str:
    model = apps.get_model(label)
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def populate(s: Studio, index: int) -> None:
    studio_rows(s, index)
    for project in (s.project, s.other):
        project_rows(s, project, f"{project.name[:3]}{index}")


def studio_rows(s: Studio, index: int) -> None:
    today = timezone.localdate()
    ApiEvent.objects.create(name="task:update", project_id=s.project.pk, user_id=s.admin.pk)
    UnpublishedEvent.objects.create(name="task:update", data={"index": index})
    UnsentJob.objects.create(task_name="webhooks.deliver", args=[str(index)])
    webhook = Webhook.objects.create(
        name=f"Hook{index}", url="http://127.0.0.1:9/hook", secret="s", events=["*"]
    )
    WebhookDelivery.objects.create(webhook=webhook, event_name="task:update", object_key="task:1")
    DataImportError.objects.create(event_data={"index": index}, source=f"sync{index}")
    department = DepartmentFactory()
    person = PersonFactory(studio=StudioFactory())
    person.departments.add(department)
    DayOff.objects.create(person=person, date=today, end_date=today)
    DesktopLoginLog.objects.create(person=person, date=timezone.now())
    LoginLog.objects.create(person=person, origin="web")
    SalaryScale.objects.create(department=department)
    HardwareItem.objects.create(name=f"Tablet{index}", short_name="tab")
    Software.objects.create(name=f"Soft{index}", short_name="sft", file_extension="blend")
    CustomAction.objects.create(name=f"Action{index}")
    EntityType.objects.create(name=f"Type{index}")
    Plugin.objects.create(
        plugin_id=f"plugin{index}", name="P", version="1", maintainer_name="M", license="MIT"
    )
    PreviewBackgroundFile.objects.create(name=f"Background{index}")
    ProjectStatus.objects.create(name=f"Status{index}", color="#000000")
    ProjectTemplate.objects.create(name=f"Template{index}")
    StatusAutomation.objects.create(
        out_field_type="status", in_task_type=s.modeling, in_task_status=s.statuses.done
    )
    TaskStatusFactory(short_name=f"st{index}", name=f"Status{index}")
    TaskTypeFactory(name=f"Type{index}")
    FileStatus.objects.create(name=f"File status{index}", color="#000000")
    OutputType.objects.create(name=f"Output{index}", short_name="out")
    add_to_team(ProjectFactory(name=f"Extra{index}"), s.manager)


def project_rows(s: Studio, project: Project, tag: str) -> None:
    entity = asset(project, f"Asset{tag}")
    row = task(s, entity, s.modeling, s.statuses.wip)
    row.assignees.add(s.artist, PersonFactory())
    entity.preview_file_id = preview_of(row).pk
    entity.save()
    comment = Comment.objects.create(
        object=row, person=s.artist, task_status=s.statuses.wip, text="ok"
    )
    AttachmentFile.objects.create(comment=comment, name=f"{tag}.png", extension="png")
    News.objects.create(author=s.artist, task=row, comment=comment)
    Notification.objects.create(
        notification_type="comment", person=s.manager, author=s.artist, task=row, comment=comment
    )
    Subscription.objects.create(person=s.manager, task=row)
    WorkingFile.objects.create(task=row, entity=entity, person=s.artist, name="work", revision=1)
    file_status, _ = FileStatus.objects.get_or_create(name="Ok", defaults={"color": "#000000"})
    OutputFile.objects.create(name="out", revision=1, file_status=file_status, entity=entity)
    TimeSpent.objects.create(task=row, person=s.artist, date=dt.date(2026, 1, 5), duration=60)
    AssetInstance.objects.create(asset=entity, name=f"{tag}_1", number=1)
    EntityVersion.objects.create(entity=entity, name="v1", person=s.artist)
    Budget.objects.create(project=project, name=f"Budget{tag}")
    MetadataDescriptor.objects.create(
        project=project, entity_type="Asset", name=f"Meta{tag}", field_name=f"meta_{tag}"
    )
    ProductionScheduleVersion.objects.create(project=project, name=f"Version{tag}")
    group = SearchFilterGroup.objects.create(
        project=project, list_type="asset", name=f"Group{tag}", color="#000000", person=s.manager
    )
    SearchFilter.objects.create(
        project=project,
        list_type="asset",
        name=f"Filter{tag}",
        search_query="hero",
        person=s.manager,
        search_filter_group=group,
    )
    playlist = Playlist.objects.create(project=project, name=f"Playlist{tag}")
    BuildJob.objects.create(playlist=playlist)
    PlaylistShareLink.objects.create(playlist=playlist, created_by=s.manager, token=f"tok-{tag}")
    chat = Chat.objects.create(object_id=entity.pk)
    ChatMessage.objects.create(chat=chat, person=s.artist, text="hello")
