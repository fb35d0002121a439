from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kitsu_site.api.management.commands.route_coverage import sample_path, serves


def test_sample_path_fills_every_parameter():
    path = sample_path("/data/persons/<person_id>/time-spents/day/<year>/<month>/<day>")

    assert path.endswith("/time-spents/day/2024/06/12")
    assert "<" not in path


def test_served_and_unserved_routes():
    assert serves("GET", "/data/persons/<instance_id>")
    assert serves("HEAD", "/")
    assert not serves("PATCH", "/data/persons/<instance_id>")
    assert not serves("GET", "/no/such/route")


def test_report_counts_per_capability(tmp_path):
    routes = tmp_path / "routes.tsv"
    routes.write_text(
        "method\tpath\tendpoint\tblueprint\tcapability\n"
        "GET\t/data/persons\tx\t/data\tfoundation\n"
        "GET\t/no/such/route\tx\tx\tfoundation\n"
    )
    out = StringIO()

    call_command("route_coverage", routes=str(routes), missing=True, stdout=out)

    assert out.getvalue().splitlines() == [
        "foundation      1 / 2   ",
        "all             1 / 2    (50.0%)",
        "missing  foundation   GET     /no/such/route",
    ]


def test_missing_routes_file_is_an_error(tmp_path):

    with pytest.raises(CommandError):
        call_command("route_coverage", routes=str(tmp_path / "none.tsv"))
