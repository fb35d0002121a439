"""The wire shape of preview files: every column, and with relations the comments carrying
them (the reference's `comments` relation)."""

from __future__ import annotations

from kitsu_site.api.serializers import ReferenceWriteErrors, ZouSerializer
from kitsu_site.api.wire import WireFormat
from reviews.models import PreviewFile

PREVIEW_FILE_WIRE = WireFormat(PreviewFile, relations=("comments",))


class PreviewFileSerializer(ReferenceWriteErrors, ZouSerializer):
    wire = PREVIEW_FILE_WIRE

    class Meta:
        model = PreviewFile
        fields = "__all__"
