"""CSV and OTIO imports, CSV exports."""

from imports.views_csv import (
    CastingCsvImportView,
    EntitiesCsvImportView,
    EstimationsCsvImportView,
    PersonsCsvImportView,
)
from imports.views_export import (
    STUDIO_EXPORTS,
    BreakdownCsvExportView,
    PlaylistCsvExportView,
    ProjectCsvExportView,
    StudioCsvExportView,
)
from imports.views_otio import OtioImportView
from kitsu_site.api.routers import route

urlpatterns = [
    *(
        route(f"import/csv/projects/<project_id>/{kind}", EntitiesCsvImportView, kind=kind)
        for kind in ("assets", "shots", "edits")
    ),
    route("import/csv/projects/<project_id>/casting", CastingCsvImportView),
    route("import/csv/persons", PersonsCsvImportView),
    route("import/otio/projects/<project_id>", OtioImportView),
    route("import/otio/projects/<project_id>/episodes/<episode_id>", OtioImportView),
    route(
        "import/csv/projects/<project_id>/task-types/<task_type_id>/estimations",
        EstimationsCsvImportView,
    ),
    route(
        "import/csv/projects/<project_id>/episodes/<episode_id>/task-types/<task_type_id>/"
        "estimations",
        EstimationsCsvImportView,
    ),
    *(
        route(rf"export/csv/projects/<project_id>/{what}\.csv", BreakdownCsvExportView, what=what)
        for what in ("assets", "shots")
    ),
    *(
        route(rf"export/csv/projects/<project_id>/{what}\.csv", ProjectCsvExportView, what=what)
        for what in ("edits", "casting")
    ),
    route("export/csv/playlists/<playlist_id>", PlaylistCsvExportView),
    *(
        route(rf"export/csv/{name}\.csv", StudioCsvExportView, export=export)
        for name, export in STUDIO_EXPORTS.items()
    ),
]
