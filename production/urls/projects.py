"""projects routes: projects, their team and settings, metadata descriptors, templates."""

import re

from django.urls import re_path

from kitsu_site.api.routers import ZouRouter
from production.views import projects as views

router = ZouRouter()
router.register("data/projects", views.ProjectViewSet, basename="project")
router.register(
    "data/metadata-descriptors", views.MetadataDescriptorViewSet, basename="metadata-descriptor"
)
router.register("data/project-templates", views.ProjectTemplateViewSet, basename="project-template")


def route(pattern: str, view):
    """`<name>` segments capture one path segment; a trailing slash is optional."""
    regex = re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", pattern)
    return re_path(rf"^{regex}/?$", view.as_view())


PROJECT = "data/projects/<project_id>"
SETTINGS = f"{PROJECT}/settings"
DESCRIPTORS = f"{PROJECT}/metadata-descriptors"
TEMPLATE = "data/project-templates/<template_id>"
ALL_PROJECTS = "data/metadata-descriptors/all-projects"

urlpatterns = [
    route("data/projects/open", views.OpenProjectsView),
    route("data/projects/all", views.AllProjectsView),
    route(f"{PROJECT}/team", views.ProjectTeamView),
    route(f"{PROJECT}/team/<person_id>", views.ProjectTeamMemberView),
    route(f"{SETTINGS}/asset-types", views.ProjectAssetTypesSettingView),
    route(f"{SETTINGS}/asset-types/<target_id>", views.ProjectAssetTypeRemoveView),
    route(f"{SETTINGS}/task-types", views.ProjectTaskTypesSettingView),
    route(f"{SETTINGS}/task-types/<target_id>", views.ProjectTaskTypeRemoveView),
    route(f"{SETTINGS}/task-status", views.ProjectTaskStatusesSettingView),
    route(f"{SETTINGS}/task-status/<target_id>", views.ProjectTaskStatusLinkView),
    route(f"{SETTINGS}/status-automations", views.ProjectStatusAutomationsSettingView),
    route(f"{SETTINGS}/status-automations/<target_id>", views.ProjectStatusAutomationRemoveView),
    route(f"{SETTINGS}/preview-background-files", views.ProjectBackgroundsSettingView),
    route(f"{SETTINGS}/preview-background-files/<target_id>", views.ProjectBackgroundRemoveView),
    route(f"{SETTINGS}/batch", views.ProjectSettingsBatchView),
    route(DESCRIPTORS, views.ProjectDescriptorsView),
    route(f"{DESCRIPTORS}/reorder", views.ProjectDescriptorsReorderView),
    route(f"{DESCRIPTORS}/<descriptor_id>", views.ProjectDescriptorView),
    route(ALL_PROJECTS, views.AllProjectsDescriptorsView),
    route(f"{ALL_PROJECTS}/<field_name>", views.AllProjectsDescriptorView),
    route(
        "actions/metadata-descriptors/all-projects/reorder",
        views.AllProjectsDescriptorsReorderView,
    ),
    route("data/project-templates/from-project/<project_id>", views.TemplateFromProjectView),
    route(f"{PROJECT}/apply-template/<template_id>", views.ApplyTemplateView),
    route(f"{TEMPLATE}/asset-types", views.TemplateAssetTypesView),
    route(f"{TEMPLATE}/asset-types/<target_id>", views.TemplateAssetTypeRemoveView),
    route(f"{TEMPLATE}/task-types", views.TemplateTaskTypesView),
    route(f"{TEMPLATE}/task-types/<target_id>", views.TemplateTaskTypeRemoveView),
    route(f"{TEMPLATE}/task-statuses", views.TemplateTaskStatusesView),
    route(f"{TEMPLATE}/task-statuses/<target_id>", views.TemplateTaskStatusRemoveView),
    route(f"{TEMPLATE}/status-automations", views.TemplateStatusAutomationsView),
    route(f"{TEMPLATE}/status-automations/<target_id>", views.TemplateStatusAutomationRemoveView),
    route(f"{TEMPLATE}/preview-background-files", views.TemplateBackgroundsView),
    route(f"{TEMPLATE}/preview-background-files/<target_id>", views.TemplateBackgroundRemoveView),
    route(f"{TEMPLATE}/default-preview-background-file", views.TemplateDefaultBackgroundView),
    route(f"{TEMPLATE}/metadata-descriptors", views.TemplateDescriptorsView),
    route(
        "actions/project-templates/<template_id>/task-types/reorder",
        views.TemplateTaskTypesReorderView,
    ),
    route(
        "actions/project-templates/<template_id>/task-statuses/reorder",
        views.TemplateTaskStatusesReorderView,
    ),
    *router.urls,
]
