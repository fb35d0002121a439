"""Import and export routes, one module per area."""

from imports.urls import csv_files, sync

urlpatterns = [
    *csv_files.urlpatterns,
    *sync.urlpatterns,
]
