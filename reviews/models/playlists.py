"""Playlists: the ordered selections of shots or assets a studio reviews together, the movies
and archives built from them, and the links that share them with guests."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models import Person


class PlaylistEntityKind(models.TextChoices):
    SHOT = "shot", "Shot"
    ASSET = "asset", "Asset"
    SEQUENCE = "sequence", "Sequence"
    EDIT = "edit", "Edit"
    EPISODE = "episode", "Episode"


class Playlist(BaseModel):
    """A review session's list: `shots` holds `{entity_id, preview_file_id}` couples in play
    order (one entity may appear once per preview)."""

    name = models.CharField(max_length=80)
    shots = models.JSONField(null=True, blank=True)
    project = models.ForeignKey(
        "production.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="playlists",
    )
    episode = models.ForeignKey(
        "production.Entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="playlists",
    )
    task_type = models.ForeignKey(
        "production.TaskType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="playlists",
    )
    for_client = models.BooleanField(default=False, null=True, db_index=True)
    for_entity = models.CharField(
        max_length=10,
        choices=PlaylistEntityKind.choices,
        default=PlaylistEntityKind.SHOT,
        null=True,
        blank=True,
    )
    is_for_all = models.BooleanField(default=False, null=True)
    created_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_column="created_by",
        related_name="playlists_created",
    )

    class Meta:
        db_table = "playlist"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "project", "episode"], name="playlist_unique_name_project_episode"
            )
        ]

    def __str__(self) -> str:
        return self.name


class BuildJobStatus(models.TextChoices):
    RUNNING = "running", "Running"
    FAILED = "failed", "Failed"
    SUCCEEDED = "succeeded", "Succeeded"


class BuildJobType(models.TextChoices):
    ARCHIVE = "archive", "Archive"
    MOVIE = "movie", "Movie"


class BuildJob(BaseModel):
    """One build of a playlist's movie or archive, and how it went."""

    status = models.CharField(
        max_length=20, choices=BuildJobStatus.choices, default=BuildJobStatus.RUNNING
    )
    job_type = models.CharField(
        max_length=20, choices=BuildJobType.choices, default=BuildJobType.MOVIE
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    # Why a failed build failed (the end of ffmpeg's error output).
    message = models.TextField(null=True, blank=True)
    playlist = models.ForeignKey(Playlist, on_delete=models.CASCADE, related_name="build_jobs")

    class Meta:
        db_table = "build_job"

    def __str__(self) -> str:
        return f"{self.job_type} of {self.playlist_id} ({self.status})"


class PlaylistShareLink(BaseModel):
    """A token giving guests access to one playlist, until it expires or is turned off.

    `password` holds a bcrypt hash and never leaves the server."""

    token = models.CharField(max_length=64, unique=True)
    playlist = models.ForeignKey(Playlist, on_delete=models.CASCADE, related_name="share_links")
    created_by = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        db_column="created_by",
        related_name="playlist_share_links",
    )
    expiration_date = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    can_comment = models.BooleanField(default=True)
    password = models.CharField(max_length=255, null=True, blank=True)

    class Meta:
        db_table = "playlist_share_link"

    def __str__(self) -> str:
        return f"share link of {self.playlist_id}"
