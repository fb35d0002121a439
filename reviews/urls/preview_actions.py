"""Preview files: the generic resource, annotations, positions and frame extraction."""

urlpatterns: list = []
