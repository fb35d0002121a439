"""The wire shapes of the files pipeline: working files, output files (with their source working
file inlined), output types, file statuses and attachment files (with their comment inlined)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from kitsu_site.api.serializers import ReferenceWriteErrors, ZouSerializer
from kitsu_site.api.wire import Row, WireFormat, values_fast, wire_uuid
from reviews.models import AttachmentFile, Comment, FileStatus, OutputFile, OutputType, WorkingFile

# Working files as the file routes answer them; `WorkingFileWire` adds `outputs` with relations.
WORKING_FILE_WIRE = WireFormat(WorkingFile)
OUTPUT_TYPE_WIRE = WireFormat(OutputType)
FILE_STATUS_WIRE = WireFormat(FileStatus)
COMMENT_ROW_WIRE = WireFormat(Comment, relations=())


def with_outputs(rows: list[Row]) -> list[Row]:
    """Working file rows with the ids of the output files made from them, in one query."""
    grouped: dict[str, list[str]] = defaultdict(list)
    links = values_fast(
        OutputFile.objects.filter(source_file_id__in=[row["id"] for row in rows]).order_by(
            "revision", "created_at"
        ),
        ("source_file_id", "id"),
    )
    for link in links:
        grouped[wire_uuid(link["source_file_id"])].append(wire_uuid(link["id"]))
    for row in rows:
        row["outputs"] = grouped.get(row["id"], [])
    return rows


class WorkingFileWire(WireFormat):
    """Working file rows; with relations they carry their output file ids."""

    def _finish(self, raw_rows, *, relations, fields):
        output = super()._finish(raw_rows, relations=relations, fields=fields)
        if relations and output and (not fields or "outputs" in fields):
            with_outputs(output)
        return output


WORKING_FILE_RELATIONS_WIRE = WorkingFileWire(WorkingFile)


def inline(
    key: str, foreign_key: str, wire: WireFormat, model: type
) -> Callable[[list[Row]], None]:
    """A `children` hook putting the row a foreign key names under `key` (None when unset),
    read in one query for all rows."""

    def add(rows: list[Row]) -> None:
        ids = {row[foreign_key] for row in rows if row[foreign_key]}
        by_id = {row["id"]: row for row in wire.rows(model.objects.filter(pk__in=ids))}
        for row in rows:
            row[key] = by_id.get(row[foreign_key])

    return add


OUTPUT_FILE_WIRE = WireFormat(
    OutputFile, children=inline("source_file", "source_file_id", WORKING_FILE_WIRE, WorkingFile)
)


def _with_comment_and_chat_message(rows: list[Row]) -> None:
    inline("comment", "comment_id", COMMENT_ROW_WIRE, Comment)(rows)
    # Chat messages live in the people app and are not linked to attachments yet.
    for row in rows:
        row["chat_message"] = None


ATTACHMENT_FILE_RESOURCE_WIRE = WireFormat(AttachmentFile, children=_with_comment_and_chat_message)


class WorkingFileSerializer(ZouSerializer):
    wire = WORKING_FILE_RELATIONS_WIRE

    class Meta:
        model = WorkingFile
        fields = "__all__"


class OutputFileSerializer(ReferenceWriteErrors, ZouSerializer):
    wire = OUTPUT_FILE_WIRE

    class Meta:
        model = OutputFile
        fields = "__all__"


class OutputTypeSerializer(ReferenceWriteErrors, ZouSerializer):
    wire = OUTPUT_TYPE_WIRE

    class Meta:
        model = OutputType
        fields = "__all__"


class FileStatusSerializer(ReferenceWriteErrors, ZouSerializer):
    wire = FILE_STATUS_WIRE

    class Meta:
        model = FileStatus
        fields = "__all__"


class AttachmentFileSerializer(ReferenceWriteErrors, ZouSerializer):
    wire = ATTACHMENT_FILE_RESOURCE_WIRE

    class Meta:
        model = AttachmentFile
        fields = "__all__"
