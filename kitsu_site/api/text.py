"""Names made from studio text the way the reference makes them (descriptor keys, file names)."""

from __future__ import annotations

import re

from django.utils.text import slugify


def underscore_slug(text: str) -> str:
    """`text` slugified with single `_` separators: "Big Buck / SQ01" → "big_buck_sq01"."""
    return re.sub(r"[-_]+", "_", slugify(text)).strip("_")
