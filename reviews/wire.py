"""Wire formats of review records that services announce changes in: declared once here, below
the serializers, so any layer may import them."""

from __future__ import annotations

from collections import defaultdict

from kitsu_site.api.wire import Row, WireFormat
from reviews.models import AttachmentFile, BuildJob, Comment, PreviewFile, WorkingFile

COMMENT_RELATIONS = ("previews", "mentions", "department_mentions", "acknowledgements")


def _with_attachment_ids(rows: list[Row]) -> None:
    attachment_ids = defaultdict(list)
    attachments = AttachmentFile.objects.filter(comment_id__in=[row["id"] for row in rows])
    for comment_id, pk in attachments.order_by("created_at").values_list("comment_id", "id"):
        attachment_ids[str(comment_id)].append(str(pk))
    for row in rows:
        row["attachment_files"] = attachment_ids[row["id"]]


# A comment with its relations and attachments as id lists: what `comment:update` events
# announce as changed.
COMMENT_CHANGE_WIRE = WireFormat(
    Comment, relations=COMMENT_RELATIONS, always_relations=True, children=_with_attachment_ids
)
PREVIEW_FILE_PLAIN_WIRE = WireFormat(PreviewFile)
WORKING_FILE_PLAIN_WIRE = WireFormat(WorkingFile)
BUILD_JOB_PLAIN_WIRE = WireFormat(BuildJob)
