"""CSV and OTIO imports, CSV exports."""

urlpatterns: list = []
