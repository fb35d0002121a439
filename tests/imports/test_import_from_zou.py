"""`import_from_zou`: a whole instance copied through its API, against a live source process."""

from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from imports.sync.instance_copy import InstanceCopy, django_password
from people.models import Person
from production.models import Entity, EntityLink, Project, Task
from reviews.models import Comment, PreviewFile
from tests.factories import PersonFactory
from tests.imports.zou_source import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    ARTIST_EMAIL,
    ARTIST_PASSWORD,
    PICTURE,
    running_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    with running_source(tmp_path_factory.mktemp("zou_source")) as running:
        yield running


def copy(source, **options) -> str:
    out = StringIO()
    call_command(
        "import_from_zou",
        url=source.url,
        email=ADMIN_EMAIL,
        password=ADMIN_PASSWORD,
        database_url=source.database_url,
        no_progress=True,
        stdout=out,
        **options,
    )
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """Every copied row with its update time and the relations the copy sets."""
    tables = {
        "persons": Person.objects.values_list("id", "updated_at", "password"),
        "projects": Project.objects.values_list("id", "updated_at", "team"),
        "entities": Entity.objects.values_list("id", "updated_at", "preview_file_id"),
        "links": EntityLink.objects.values_list("id", "updated_at", "nb_occurences"),
        "tasks": Task.objects.values_list("id", "updated_at", "task_status_id", "assignees"),
        "comments": Comment.objects.values_list("id", "updated_at", "previews"),
        "previews": PreviewFile.objects.values_list("id", "updated_at", "status"),
    }
    return {name: sorted(rows, key=str) for name, rows in tables.items()}


def test_copies_the_production_with_its_ids(source, api_client, settings):
    # The source hashes with the production hashers, which the test settings swap for MD5.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.BCryptPasswordHasher",
    ]
    summary = copy(source)
    ids = source.ids
    project = Project.objects.get(pk=ids["project"])
    assert project.name == "Source Show"
    assert [person.email for person in project.team.all()] == [ARTIST_EMAIL]
    assert sorted(Entity.objects.filter(project=project).values_list("name", flat=True)) == [
        "Hero",
        "SH010",
        "SQ01",
    ]
    hero = Entity.objects.get(pk=ids["hero"])
    assert str(hero.preview_file_id) == ids["preview"]
    link = EntityLink.objects.get()
    assert (str(link.entity_in_id), link.nb_occurences, link.label) == (ids["shot"], 2, "fixed")
    modeling = Task.objects.get(pk=ids["modeling"])
    assert modeling.task_status.short_name == "wip"
    assert [str(person.id) for person in modeling.assignees.all()] == [ids["artist"]]
    comment = Comment.objects.get(pk=ids["comment"])
    assert (comment.text, [str(p.id) for p in comment.previews.all()]) == (
        "First pass",
        [ids["preview"]],
    )
    with default_storage.open(f"previews/pictures/originals/{ids['preview']}.png") as stored:
        assert stored.read() == PICTURE
    assert "projects: 1 created, 0 updated" in summary
    assert "tasks: 2 created, 0 updated" in summary
    login = api_client.post(
        "/auth/login", {"email": ARTIST_EMAIL, "password": ARTIST_PASSWORD}, format="json"
    )
    assert login.status_code == 200
    assert login.json()["user"]["id"] == ids["artist"]


def test_second_run_changes_nothing(source):
    copy(source)
    before = snapshot()
    summary = copy(source)
    assert snapshot() == before
    assert "tasks: 0 created, 2 updated" in summary
    assert "files: 0 copied" in summary


def test_interrupted_run_completes_on_the_next(source, monkeypatch):
    original = InstanceCopy.copy_main_previews

    def interrupted(self, entities):
        raise KeyboardInterrupt

    monkeypatch.setattr(InstanceCopy, "copy_main_previews", interrupted)
    with pytest.raises(KeyboardInterrupt):
        copy(source)
    assert Task.objects.count() == 2
    assert Entity.objects.get(pk=source.ids["hero"]).preview_file_id is None
    monkeypatch.setattr(InstanceCopy, "copy_main_previews", original)
    copy(source)
    assert str(Entity.objects.get(pk=source.ids["hero"]).preview_file_id) == source.ids["preview"]
    assert default_storage.exists(f"previews/pictures/originals/{source.ids['preview']}.png")


def test_dry_run_writes_nothing(source):
    summary = copy(source, dry_run=True)
    assert "projects: 1 created, 0 updated" in summary
    assert "Dry run: nothing was written." in summary
    assert not Project.objects.exists()
    assert not Person.objects.exists()


def test_refused_login_is_a_command_error(source):
    with pytest.raises(CommandError, match="Login refused"):
        call_command(
            "import_from_zou", url=source.url, email=ADMIN_EMAIL, password="wrong", no_progress=True
        )


def test_zou_bcrypt_hashes_get_the_hasher_prefix():
    zou_hash = "$2b$12$urjf28A0OHNHZCX2plgDTOKSlqEhGBtI.4M9c7MaHfcEMHizGG/b2"
    assert django_password(zou_hash) == f"bcrypt${zou_hash}"
    assert django_password("pbkdf2_sha256$1000$salt$hash") == "pbkdf2_sha256$1000$salt$hash"
    assert django_password(None) is None
    assert django_password("") is None


def test_a_person_already_here_keeps_its_id_and_gets_the_source_password(source, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    local = PersonFactory(email=ADMIN_EMAIL.upper(), first_name="Local")
    copy(source)
    person = Person.objects.get(email__iexact=ADMIN_EMAIL)
    assert person.pk == local.pk
    assert person.first_name == "Source"
    assert person.check_password(ADMIN_PASSWORD)
    assert Person.objects.count() == 2
