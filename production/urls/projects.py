"""projects routes: projects, their team and settings, metadata descriptors, templates."""

from kitsu_site.api.routers import ZouRouter, route
from production.views import preview_account
from production.views import project_templates as templates
from production.views import projects as views

router = ZouRouter()
router.register("data/projects", views.ProjectViewSet, basename="project")
router.register(
    "data/metadata-descriptors", views.MetadataDescriptorViewSet, basename="metadata-descriptor"
)
router.register(
    "data/project-templates", templates.ProjectTemplateViewSet, basename="project-template"
)


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
    route(
        f"{SETTINGS}/asset-types/<target_id>",
        views.ProjectSettingRemoveView,
        relation="asset_types",
    ),
    route(f"{SETTINGS}/task-types", views.ProjectTaskTypesSettingView),
    route(
        f"{SETTINGS}/task-types/<target_id>", views.ProjectSettingRemoveView, relation="task_types"
    ),
    route(f"{SETTINGS}/task-status", views.ProjectTaskStatusesSettingView),
    route(f"{SETTINGS}/task-status/<target_id>", views.ProjectTaskStatusLinkView),
    route(f"{SETTINGS}/status-automations", views.ProjectStatusAutomationsSettingView),
    route(
        f"{SETTINGS}/status-automations/<target_id>",
        views.ProjectSettingRemoveView,
        relation="status_automations",
    ),
    route(f"{SETTINGS}/preview-background-files", views.ProjectBackgroundsSettingView),
    route(
        f"{SETTINGS}/preview-background-files/<target_id>",
        views.ProjectSettingRemoveView,
        relation="preview_background_files",
    ),
    route(f"{SETTINGS}/batch", views.ProjectSettingsBatchView),
    route(f"{PROJECT}/task-type-softwares", views.TaskTypeSoftwaresView),
    route(f"{PROJECT}/task-types/<task_type_id>/softwares", views.TaskTypeSoftwareAddView),
    route(
        f"{PROJECT}/task-types/<task_type_id>/softwares/<software_id>",
        views.TaskTypeSoftwareRemoveView,
    ),
    route(
        "actions/projects/<project_id>/task-types/<task_type_id>/set-shot-nb-frames",
        views.SetShotsNbFramesView,
    ),
    route(DESCRIPTORS, views.ProjectDescriptorsView),
    route(f"{DESCRIPTORS}/reorder", views.ProjectDescriptorsReorderView),
    route(f"{DESCRIPTORS}/<descriptor_id>", views.ProjectDescriptorView),
    route(ALL_PROJECTS, views.AllProjectsDescriptorsView),
    route(f"{ALL_PROJECTS}/<field_name>", views.AllProjectsDescriptorView),
    route(
        "actions/metadata-descriptors/all-projects/reorder",
        views.AllProjectsDescriptorsReorderView,
    ),
    route("data/project-templates/from-project/<project_id>", templates.TemplateFromProjectView),
    route(f"{PROJECT}/apply-template/<template_id>", templates.ApplyTemplateView),
    route(f"{TEMPLATE}/asset-types", templates.TemplateAssetTypesView),
    route(
        f"{TEMPLATE}/asset-types/<target_id>",
        templates.TemplateLinkRemoveView,
        relation="asset_types",
    ),
    route(f"{TEMPLATE}/task-types", templates.TemplateTaskTypesView),
    route(
        f"{TEMPLATE}/task-types/<target_id>",
        templates.TemplateLinkRemoveView,
        relation="task_types",
    ),
    route(f"{TEMPLATE}/task-statuses", templates.TemplateTaskStatusesView),
    route(
        f"{TEMPLATE}/task-statuses/<target_id>",
        templates.TemplateLinkRemoveView,
        relation="task_statuses",
    ),
    route(f"{TEMPLATE}/status-automations", templates.TemplateStatusAutomationsView),
    route(
        f"{TEMPLATE}/status-automations/<target_id>",
        templates.TemplateLinkRemoveView,
        relation="status_automations",
    ),
    route(f"{TEMPLATE}/preview-background-files", templates.TemplateBackgroundsView),
    route(
        f"{TEMPLATE}/preview-background-files/<target_id>",
        templates.TemplateLinkRemoveView,
        relation="preview_background_files",
    ),
    route(f"{TEMPLATE}/default-preview-background-file", templates.TemplateDefaultBackgroundView),
    route(f"{TEMPLATE}/metadata-descriptors", templates.TemplateDescriptorsView),
    route(
        "actions/project-templates/<template_id>/task-types/reorder",
        templates.TemplateTaskTypesReorderView,
    ),
    route(
        "actions/project-templates/<template_id>/task-statuses/reorder",
        templates.TemplateTaskStatusesReorderView,
    ),
    route(f"{PROJECT}/preview-account", preview_account.PreviewAccountView),
    *router.urls,
]
