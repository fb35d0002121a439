"""Preview thumbnails as the console shows them."""

from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString


def preview_thumbnail_html(preview_file_id: Any) -> SafeString:
    """The preview's 150x100 thumbnail as the console shows it (a page of the console, so the
    staff's session is enough to see it)."""
    url = reverse("admin:reviews_previewfile_thumbnail", args=[preview_file_id])
    return format_html('<img src="{}" alt="" width="75" height="50">', url)
