"""Thumbnails as the console shows them: small pictures served by console pages, so the
staff's session is enough to see them."""

from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString


def thumbnail_html(url: str, *, width: int, height: int) -> SafeString:
    return format_html('<img src="{}" alt="" width="{}" height="{}">', url, width, height)


def preview_thumbnail_html(preview_file_id: Any) -> SafeString:
    """The preview's 150x100 thumbnail, at half size."""
    url = reverse("admin:reviews_previewfile_thumbnail", args=[preview_file_id])
    return thumbnail_html(url, width=75, height=50)


def person_avatar_html(person_id: Any) -> SafeString:
    """The person's square avatar, small."""
    url = reverse("admin:people_person_avatar", args=[person_id])
    return thumbnail_html(url, width=32, height=32)
