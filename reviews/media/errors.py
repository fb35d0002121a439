"""The one error the media pipeline raises: the upload cannot be turned into a preview."""


class MediaError(Exception):
    """An unreadable picture or movie, or a conversion that failed; the message says which."""
