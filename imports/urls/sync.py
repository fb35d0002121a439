"""Instance sync (/import/kitsu) and ShotGrid migration (/import/shotgun)."""

from imports.shotgun.importers import IMPORTERS
from imports.shotgun.removers import REMOVERS
from imports.shotgun.views import (
    ShotgunImportErrorsView,
    ShotgunImportErrorView,
    ShotgunImportView,
    ShotgunRemoveView,
)
from imports.sync.kinds import KINDS
from imports.sync.views import KitsuImportView
from kitsu_site.api.routers import route

urlpatterns: list = [
    route(f"import/kitsu/{name}", KitsuImportView, kind=kind) for name, kind in KINDS.items()
]
urlpatterns += [
    route("import/shotgun/errors", ShotgunImportErrorsView),
    route("import/shotgun/errors/<error_id>", ShotgunImportErrorView),
]
urlpatterns += [
    route(f"import/shotgun/remove/{kind}", ShotgunRemoveView, kind=kind) for kind in REMOVERS
]
urlpatterns += [
    route(f"import/shotgun/{name}", ShotgunImportView, importer=importer)
    for name, importer in IMPORTERS.items()
]
