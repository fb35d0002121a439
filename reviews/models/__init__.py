"""The review loop's models: comments and what hangs from them, preview files."""

from reviews.models.comments import (
    AttachmentFile,
    Comment,
    News,
    Notification,
    NotificationType,
    Subscription,
)
from reviews.models.previews import PreviewFile, PreviewStatus, ValidationStatus

__all__ = [
    "AttachmentFile",
    "Comment",
    "News",
    "Notification",
    "NotificationType",
    "PreviewFile",
    "PreviewStatus",
    "Subscription",
    "ValidationStatus",
]
