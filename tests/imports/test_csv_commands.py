"""The import_csv and export_csv commands."""

import pytest
from django.core.management import CommandError, call_command

from people.models import Person
from production.models import Entity, EntityLink, Task
from tests.imports.csv_helpers import make_studio

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(admin):
    return make_studio()


def test_import_then_export(studio, tmp_path, capsys):
    source = tmp_path / "shots.csv"
    source.write_text("Sequence;Name;Description\nSQ01;SH010;one\n", encoding="utf-8-sig")
    output = tmp_path / "out.csv"

    call_command("import_csv", "shots", str(source), "--project", "Short")
    call_command("export_csv", "shots", "--project", str(studio.project.id), "--output", output)

    assert Entity.objects.filter(entity_type__name="Shot").count() == 1
    assert output.read_bytes() == (
        b"Project;Episode;Sequence;Name;Description;Time Spent;Frames;Frame In;Frame Out;FPS;"
        b"Difficulty;Layout;Assignations;Animation;Assignations\r\n"
        b"Short;;SQ01;SH010;one;0.00;0;;;;;todo;;todo;\r\n"
    )
    assert "Imported 1 rows into Short." in capsys.readouterr().out


def test_dry_run_changes_nothing(studio, tmp_path, capsys):
    source = tmp_path / "shots.csv"
    source.write_text("Sequence,Name\nSQ01,SH010\nSQ01,SH020\n")

    call_command("import_csv", "shots", str(source), "--project", "Short", "--dry-run")

    assert not Entity.objects.exists()
    assert "Dry run: 2 rows would be imported" in capsys.readouterr().out


def test_bad_row_and_bad_project(studio, tmp_path):
    source = tmp_path / "shots.csv"
    source.write_text("Sequence,Name,Frame In\nSQ01,SH010,x\n")

    with pytest.raises(CommandError, match="Line 2: frame_in must be an integer, got 'x'"):
        call_command("import_csv", "shots", str(source), "--project", "Short")
    with pytest.raises(CommandError, match="No project named or with id Nope"):
        call_command("import_csv", "shots", str(source), "--project", "Nope")


def test_every_kind_imports(studio, tmp_path, capsys):
    files = {
        "shots": "Sequence,Name\nSQ01,SH010\n",
        "assets": "Type,Name\nProps,Axe\n",
        "casting": "Parent,Name,Asset Type,Asset,Occurences\nSQ01,SH010,Props,Axe,2\n",
        "estimations": "Parent,Entity,Estimation\nSQ01,SH010,1\n",
        "persons": "First Name,Last Name,Email\nAda,Byron,ada@example.com\n",
    }
    for kind, text in files.items():
        source = tmp_path / f"{kind}.csv"
        source.write_text(text)
        options = ["--project", "Short"] if kind != "persons" else []
        if kind == "estimations":
            options += ["--task-type", "Layout"]
        call_command("import_csv", kind, str(source), *options)

    link = EntityLink.objects.get()
    assert (link.entity_in.name, link.entity_out.name, link.nb_occurences) == ("SH010", "Axe", 2)
    assert Task.objects.get(task_type=studio.layout).estimation == 480
    assert Person.objects.filter(email="ada@example.com").exists()
    out = capsys.readouterr().out
    assert "Imported 1 rows into Short." in out
    assert "Imported 1 rows.\n" in out


def test_dry_run_of_persons_and_missing_task_type(studio, tmp_path, capsys):
    source = tmp_path / "persons.csv"
    source.write_text("First Name,Last Name,Email\nAda,Byron,ada@example.com\n")

    call_command("import_csv", "persons", str(source), "--dry-run")

    assert not Person.objects.filter(email="ada@example.com").exists()
    assert "Dry run: 1 rows would be imported" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No task type named or with id Nope"):
        call_command(
            "import_csv", "estimations", str(source), "--project", "Short", "--task-type", "Nope"
        )
