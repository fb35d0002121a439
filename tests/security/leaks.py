"""What of project A a response shows."""

from __future__ import annotations

from tests.security.dataset import SECRET, Dataset


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def is_readable(response) -> bool:
    content_type = response.get("Content-Type", "")
    return content_type.startswith(("application/json", "text/"))


def leak(response, dataset: Dataset, *, names_secret_object: bool, sent: str = "") -> str | None:
    """What of project A the response shows, if anything (beyond the ids `sent` in the
    request, which an answer may echo)."""
    if not 200 <= response.status_code < 300:
        return None
    text = body_text(response)
    if not is_readable(response):
        return "a file of project A" if names_secret_object else None
    markers = {secret for secret in dataset.secrets if secret not in sent} | {SECRET}
    shown = sorted(marker for marker in markers if marker in text)
    return f"{response.status_code} showing {shown}" if shown else None
