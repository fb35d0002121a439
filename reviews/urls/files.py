"""Working files, output files, output types, file statuses and attachment files."""

urlpatterns: list = []
