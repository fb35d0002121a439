"""Operators' commands: accounts, old logs, and the database archive round trip."""

import datetime as dt
import io
import json
import tarfile
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from kitsu_site.api.models import ApiEvent
from people.models import LoginLog, Person, Role
from production.models import Project
from reviews.models import Notification
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import ProjectFactory, TaskFactory


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.mark.django_db
class TestChangePassword:
    def test_sets_the_password(self):
        person = PersonFactory(email="ada@example.com")
        assert run("change_password", "ADA@example.com", password="new-secret-1") == (
            "Password of ada@example.com changed.\n"
        )
        person.refresh_from_db()
        assert person.check_password("new-secret-1")

    def test_dry_run_changes_nothing(self):
        person = PersonFactory(email="ada@example.com")
        before = person.password
        output = run("change_password", "ada@example.com", password="new-secret-1", dry_run=True)
        assert output == "Would change the password of ada@example.com.\n"
        person.refresh_from_db()
        assert person.password == before

    def test_short_password_and_unknown_email_are_refused(self):
        PersonFactory(email="ada@example.com")
        with pytest.raises(CommandError, match="Password is too short."):
            run("change_password", "ada@example.com", password="short")
        with pytest.raises(CommandError, match="No person with the e-mail nobody@example.com."):
            run("change_password", "nobody@example.com", password="long-enough-1")


@pytest.mark.django_db
class TestSetPersonActive:
    def test_deactivates_and_revokes_tokens(self):
        person = PersonFactory(email="ada@example.com")
        client = client_for(person)
        assert run("set_person_active", "ada@example.com", unactive=True) == (
            "ada@example.com is now inactive.\n"
        )
        person.refresh_from_db()
        assert person.active is False
        assert client.get("/auth/authenticated").status_code == 401

    def test_reactivates_and_says_when_nothing_changed(self):
        PersonFactory(email="ada@example.com", active=False)
        assert run("set_person_active", "ada@example.com") == "ada@example.com is now active.\n"
        assert run("set_person_active", "ada@example.com") == (
            "ada@example.com was already active.\n"
        )

    def test_dry_run_changes_nothing(self):
        person = PersonFactory(email="ada@example.com")
        output = run("set_person_active", "ada@example.com", unactive=True, dry_run=True)
        assert output == "Would set ada@example.com inactive.\n"
        person.refresh_from_db()
        assert person.active is True


@pytest.mark.django_db
def test_create_bot_prints_a_working_token(api_client):
    output = run("create_bot", email="bot@example.com", name="Render farm", role="manager")
    bot = Person.objects.get(is_bot=True)
    assert (bot.first_name, bot.email, bot.role) == ("Render farm", "bot@example.com", "manager")
    lines = output.splitlines()
    assert lines[0] == f"Bot Render farm created ({bot.id})."
    token = lines[1].removeprefix("Access token: ")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api_client.get("/data/projects").status_code == 200


@pytest.mark.django_db
def test_create_bot_dry_run_creates_nothing():
    output = run("create_bot", email="bot@example.com", name="Farm", dry_run=True)
    assert output == "Would create the bot Farm (user).\n"
    assert not Person.objects.exists()


@pytest.mark.django_db
class TestRemoveOldData:
    @pytest.fixture
    def logs(self):
        person = PersonFactory()
        task = TaskFactory()
        old = timezone.now() - dt.timedelta(days=40)
        rows = [
            ApiEvent.objects.create(name="task:new"),
            LoginLog.objects.create(person=person),
            Notification.objects.create(
                person=person, author=person, task=task, notification_type="comment"
            ),
        ]
        for row in rows:
            type(row).objects.filter(pk=row.pk).update(created_at=old)
        ApiEvent.objects.create(name="task:update")
        LoginLog.objects.create(person=person)

    def test_removes_what_is_older_than_days(self, logs):
        assert run("remove_old_data", days=30) == (
            "events: 1 removed\nlogin logs: 1 removed\nnotifications: 1 removed\n"
        )
        assert list(ApiEvent.objects.values_list("name", flat=True)) == ["task:update"]
        assert LoginLog.objects.count() == 1
        assert not Notification.objects.exists()

    def test_dry_run_counts_only(self, logs):
        assert run("remove_old_data", days=30, dry_run=True) == (
            "events: 1 would be removed\nlogin logs: 1 would be removed\n"
            "notifications: 1 would be removed\n"
        )
        assert ApiEvent.objects.count() == 2

    def test_keeps_what_is_younger(self, logs):
        assert run("remove_old_data", days=60) == (
            "events: 0 removed\nlogin logs: 0 removed\nnotifications: 0 removed\n"
        )

    def test_negative_days_are_refused(self):
        with pytest.raises(CommandError, match="--days must be zero or more."):
            run("remove_old_data", days=-1)


@pytest.mark.django_db(transaction=True)
def test_dump_and_restore_round_trip(tmp_path):
    admin = PersonFactory(role=Role.ADMIN, email="admin@example.com")
    admin.set_password("admin-secret-1")
    admin.save()
    project = ProjectFactory(name="Archived Show")
    default_storage.save("previews/pictures/originals/a.png", ContentFile(b"picture"))
    default_storage.save("thumbnails/persons/b.png", ContentFile(b"avatar"))
    archive = tmp_path / "backup.tar.gz"
    output = run("dump_database", str(archive), no_progress=True)
    assert output.endswith(" files.\n")
    assert ", 2 files." in output

    Project.objects.all().delete()
    default_storage.delete("thumbnails/persons/b.png")
    ProjectFactory(name="Created after the dump")

    dry = run("restore_database", str(archive), dry_run=True)
    assert dry.endswith("rows and 2 files would be restored.\n")
    assert Project.objects.get().name == "Created after the dump"

    run("restore_database", str(archive), no_progress=True)
    assert list(Project.objects.values_list("id", "name")) == [(project.id, "Archived Show")]
    restored = Person.objects.get(email="admin@example.com")
    assert restored.check_password("admin-secret-1")
    # Fixtures keep datetimes to the millisecond.
    assert restored.created_at == admin.created_at.replace(
        microsecond=admin.created_at.microsecond // 1000 * 1000
    )
    with default_storage.open("thumbnails/persons/b.png") as stored:
        assert stored.read() == b"avatar"
    with default_storage.open("previews/pictures/originals/a.png") as stored:
        assert stored.read() == b"picture"


def _archive_with(tmp_path, member: tarfile.TarInfo, content: bytes = b"x"):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        database = json.dumps([]).encode()
        info = tarfile.TarInfo("database.json")
        info.size = len(database)
        tar.addfile(info, io.BytesIO(database))
        member.size = len(content) if member.isfile() else 0
        tar.addfile(member, io.BytesIO(content) if member.isfile() else None)
    return archive


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("files/../../outside.txt", tarfile.REGTYPE, "the path leaves the storage"),
        ("files//etc/passwd", tarfile.REGTYPE, "the path leaves the storage"),
        ("files/link", tarfile.SYMTYPE, "only plain files may be restored"),
        ("elsewhere.txt", tarfile.REGTYPE, "not part of a database archive"),
    ],
)
def test_restore_refuses_members_escaping_the_storage(tmp_path, name, kind, message):
    member = tarfile.TarInfo(name)
    member.type = kind
    member.linkname = "/etc/passwd" if kind == tarfile.SYMTYPE else ""
    archive = _archive_with(tmp_path, member)
    project = ProjectFactory()
    with pytest.raises(CommandError, match=message):
        run("restore_database", str(archive), no_progress=True)
    assert Project.objects.get() == project
    assert not (tmp_path / "outside.txt").exists()


@pytest.mark.django_db
def test_restore_refuses_a_missing_archive(tmp_path):
    with pytest.raises(CommandError, match="No archive at"):
        run("restore_database", str(tmp_path / "none.tar.gz"))
