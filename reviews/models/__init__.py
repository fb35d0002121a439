"""The review loop's models: comments and what hangs from them, preview files."""

from reviews.models.comments import (
    AttachmentFile,
    Comment,
    News,
    Notification,
    NotificationType,
    Subscription,
)
from reviews.models.files import FileStatus, OutputFile, OutputType, WorkingFile
from reviews.models.playlists import BuildJob, Playlist, PlaylistShareLink
from reviews.models.previews import PreviewFile, PreviewStatus, ValidationStatus

__all__ = [
    "AttachmentFile",
    "BuildJob",
    "Comment",
    "FileStatus",
    "News",
    "Notification",
    "NotificationType",
    "OutputFile",
    "OutputType",
    "Playlist",
    "PlaylistShareLink",
    "PreviewFile",
    "PreviewStatus",
    "Subscription",
    "ValidationStatus",
    "WorkingFile",
]
