"""Working files, output files, output types, file statuses and attachment files."""

from kitsu_site.api.routers import ZouRouter, route
from reviews.views import files as views

router = ZouRouter()
router.register("data/working-files", views.WorkingFileViewSet, basename="working-file")
router.register("data/output-files", views.OutputFileViewSet, basename="output-file")
router.register("data/output-types", views.OutputTypeViewSet, basename="output-type")
router.register("data/file-status", views.FileStatusViewSet, basename="file-status")
router.register("data/attachment-files", views.AttachmentFileViewSet, basename="attachment-file")

ENTITY = "data/entities/<entity_id>"
INSTANCE = "data/asset-instances/<asset_instance_id>/entities/<temporal_entity_id>"


def output_routes(prefix: str) -> list:
    """The output file routes of an entity, or of an asset instance in a temporal entity."""
    return [
        route(rf"{prefix}/output-files/last-revisions", views.LastOutputFilesView),
        route(rf"{prefix}/output-files/new", views.NewOutputFileView),
        route(rf"{prefix}/output-files/next-revision", views.OutputNextRevisionView),
        route(rf"{prefix}/output-file-path", views.OutputFilePathView),
        route(rf"{prefix}/output-types", views.OutputTypesView),
        route(
            rf"{prefix}/output-types/<output_type_id>/output-files",
            views.OutputTypeOutputFilesView,
        ),
    ]


urlpatterns = [
    route(r"data/working-files/<working_file_id>/file", views.WorkingFileFileView),
    route(r"data/tasks/<task_id>/working-files", views.TaskWorkingFilesView),
    route(r"data/tasks/<task_id>/working-files/last-revisions", views.TaskLastWorkingFilesView),
    route(r"data/tasks/<task_id>/working-files/new", views.NewWorkingFileView),
    route(r"data/tasks/<task_id>/working-file-path", views.WorkingFilePathView),
    route(r"actions/working-files/<working_file_id>/comment", views.WorkingFileCommentView),
    route(r"actions/working-files/<working_file_id>/modified", views.WorkingFileModifiedView),
    route(rf"{ENTITY}/working-files", views.EntityWorkingFilesView),
    route(rf"{ENTITY}/output-files", views.OutputFilesView),
    *output_routes(ENTITY),
    *output_routes(INSTANCE),
    route(
        r"data/asset-instances/<asset_instance_id>/output-files",
        views.AssetInstanceOutputFilesView,
    ),
    route(r"data/projects/<project_id>/output-files", views.ProjectOutputFilesView),
    route(r"data/files/<file_id>", views.FileView),
    route(r"data/entities/guess-from-path", views.GuessFromPathView),
    route(r"data/entities/guess_from_path", views.GuessFromPathView),
    *router.urls,
]
