"""OTIO/EDL imports: clips become sequences and shots with the reference's frame ranges."""

import opentimelineio as otio
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from production.models import Entity, Task
from tests.imports.csv_helpers import caller, make_studio, managers_only
from tests.production.factories import episode as make_episode

pytestmark = pytest.mark.django_db

# The EDL and the timeline the reference was asked to import (its answers are asserted below).
EDL = """TITLE: csv2 cut
FCM: NON-DROP FRAME

001  AX       V     C        01:00:00:00 01:00:02:00 00:00:00:00 00:00:02:00
* FROM CLIP NAME: csv_Short_OT01-SH010

002  AX       V     C        01:00:10:00 01:00:11:12 00:00:02:00 00:00:03:12
* FROM CLIP NAME: csv_Short_OT01-SH020

003  AX       V     C        00:00:00:00 00:00:01:00 00:00:03:12 00:00:04:12
* FROM CLIP NAME: csv_Short_OT02-SH010
"""


def clip(name: str, start: int, duration: int) -> otio.schema.Clip:
    return otio.schema.Clip(
        name=name,
        source_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(start, 25), otio.opentime.RationalTime(duration, 25)
        ),
    )


def otio_timeline() -> bytes:
    """A video track (clip, 10-frame gap, clip) and an audio track whose clip is ignored."""
    timeline = otio.schema.Timeline(name="csv2 otio")
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    video.append(clip("csv_Short_OT04-SH010", 1001, 30))
    gap = otio.opentime.TimeRange(duration=otio.opentime.RationalTime(10, 25))
    video.append(otio.schema.Gap(source_range=gap))
    video.append(clip("csv_Short_OT04-SH020", 0, 48))
    audio = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    audio.append(clip("csv_Short_OT04-SH099", 0, 10))
    timeline.tracks.extend([video, audio])
    return otio.adapters.write_to_string(timeline, "otio_json").encode()


@pytest.fixture
def studio():
    return make_studio()


def post_timeline(client, project, raw: bytes, name: str, episode=None, **data):
    path = f"/import/otio/projects/{project.id}"
    if episode is not None:
        path += f"/episodes/{episode.id}"
    upload = SimpleUploadedFile(name, raw)
    return client.post(path, {"file": upload, **data}, format="multipart")


def summary(shots):
    return [
        (Entity.objects.get(pk=shot["parent_id"]).name, shot["name"], shot["nb_frames"])
        + (shot["data"], shot["type"])
        for shot in shots
    ]


def test_edl_creates_sequences_and_shots_with_frames(admin_client, studio):
    response = post_timeline(admin_client, studio.project, EDL.encode(), "cut.edl")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["updated_shots"] == []
    assert summary(body["created_shots"]) == [
        ("OT01", "SH010", 50, {"frame_in": 0, "frame_out": 49}, "Shot"),
        ("OT01", "SH020", 37, {"frame_in": 50, "frame_out": 86}, "Shot"),
        ("OT02", "SH010", 25, {"frame_in": 87, "frame_out": 111}, "Shot"),
    ]
    assert Task.objects.filter(project=studio.project).count() == 6


def test_otio_file_with_gap_then_reimport_updates(admin_client, studio):
    first = post_timeline(admin_client, studio.project, otio_timeline(), "cut.otio")
    again = post_timeline(admin_client, studio.project, otio_timeline(), "cut.otio")

    assert first.status_code == 201, first.json()
    assert summary(first.json()["created_shots"]) == [
        ("OT04", "SH010", 30, {"frame_in": 0, "frame_out": 29}, "Shot"),
        ("OT04", "SH020", 48, {"frame_in": 40, "frame_out": 87}, "Shot"),
    ]
    assert again.json()["created_shots"] == []
    assert summary(again.json()["updated_shots"]) == [
        ("OT04", "SH010", 30, {"frame_in": 0, "frame_out": 29}, "Entity"),
        ("OT04", "SH020", 48, {"frame_in": 40, "frame_out": 87}, "Entity"),
    ]
    assert Entity.objects.filter(entity_type__name="Shot").count() == 2


def test_episode_route_and_naming_convention(admin_client, studio):
    episode = make_episode(studio.tv_project, "E01")
    edl = EDL.replace("csv_Short_", "")

    response = post_timeline(
        admin_client,
        studio.tv_project,
        edl.encode(),
        "cut.edl",
        episode=episode,
        naming_convention="${sequence_name}-${shot_name}",
    )

    assert response.status_code == 201, response.json()
    sequences = Entity.objects.filter(entity_type__name="Sequence", project=studio.tv_project)
    assert sorted(sequences.values_list("parent__name", "name")) == [
        ("E01", "OT01"),
        ("E01", "OT02"),
    ]


@pytest.mark.parametrize(
    ("raw", "name", "data", "message"),
    [
        (
            EDL.replace("csv_Short_OT02-SH010", "whatever"),
            "cut.edl",
            {},
            "Clip 3 ('whatever') does not match the naming convention "
            "'${project_name}_${sequence_name}-${shot_name}'.",
        ),
        (EDL, "cut.edl", {"naming_convention": "${sequence_name}"}, (
            "The naming convention must contain ${shot_name}."
        )),
        (EDL, "cut.edl", {"naming_convention": "${take}_${shot_name}"}, (
            "Unknown variable in the naming convention: ${take}"
        )),
    ],
)  # fmt: skip
def test_bad_timeline_is_refused_and_nothing_is_kept(
    admin_client, studio, raw, name, data, message
):
    response = post_timeline(admin_client, studio.project, raw.encode(), name, **data)

    assert response.status_code == 400
    assert response.json()["message"] == message
    assert not Entity.objects.filter(entity_type__name__in=("Shot", "Sequence")).exists()


def test_unreadable_file(admin_client, studio):
    response = post_timeline(admin_client, studio.project, b"{not json", "cut.otio")

    assert response.status_code == 400
    assert response.json()["message"].startswith("The file is not a timeline that can be read")


@managers_only("supervisor", "user")
def test_only_project_managers_import_timelines(role_clients, studio, role, in_team, expected):
    client = caller(role_clients, studio, role, in_team)

    response = post_timeline(client, studio.project, EDL.encode(), "cut.edl")

    assert response.status_code == expected
