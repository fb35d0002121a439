"""Routes of the comment workflow: posting, reading, deleting, replies, acknowledgements,
moves, batch comments, attachments, the preview slots of a comment, and `/data/comments`."""

from __future__ import annotations

import json
import mimetypes
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter
from kitsu_site.api.viewsets import ZouModelViewSet
from kitsu_site.api.wire import WireFormat
from people.models import Role
from production.models import Project, Task
from production.permissions import (
    check_manager_project_access,
    check_not_vendor_or_client,
    check_project_access,
)
from production.views.common import (
    body_of,
    path_id,
    require,
    require_keys,
    uuid_list,
    validation_error,
)
from reviews.models import AttachmentFile, Comment, PreviewFile
from reviews.selectors.comments import (
    blank_for_client,
    check_task_access,
    project_comments,
    task_comments,
)
from reviews.serializers.comments import (
    COMMENT_WIRE,
    PREVIEW_FILE_WIRE,
    CommentSerializer,
    attachment_rows,
    attachment_summary,
    comment_posted,
    comment_rows,
    comment_with_relations,
    people_summaries,
    preview_file_created,
    reply_row,
)
from reviews.services.comments import (
    BatchComment,
    attachment_delete,
    attachments_add,
    check_comment_update,
    client_comments_copy,
    comment_acknowledge,
    comment_delete,
    comment_move,
    comment_post,
    comment_updated,
    comments_batch_post,
    preview_add,
    reply_add,
    reply_delete,
)
from reviews.wire import COMMENT_CHANGE_WIRE

# Attachments are served as what they are only when that cannot run in a browser.
SAFE_INLINE_TYPES = ("image/png", "image/jpeg", "image/gif", "application/pdf", "text/plain")


def task_from_path(task_id: Any) -> Task:
    task = Task.objects.select_related("project", "task_type", "entity").filter(pk=path_id(task_id))
    found = task.first()
    if found is None:
        raise NotFound()
    return found


def comment_from_path(task: Task, comment_id: Any) -> Comment:
    comment = Comment.objects.filter(pk=path_id(comment_id), object_id=task.pk).first()
    if comment is None:
        raise NotFound()
    return comment


def uploaded_files(request: Request) -> list:
    return [upload for key in request.FILES for upload in request.FILES.getlist(key)]


def json_field(data: dict[str, Any], key: str, default: Any) -> Any:
    """A list sent as JSON text in a multipart form."""
    value = data.get(key, default)
    if isinstance(value, str):
        try:
            return json.loads(value) if value else default
        except ValueError:
            raise validation_error((key, "Input should be a valid list")) from None
    return value


def flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def post_one(request: Request, task_id: Any, data: dict[str, Any]) -> Comment:
    require(data, "task_status_id")
    return comment_post(
        task_id=path_id(task_id),
        actor=request.user,
        task_status_id=path_id(data["task_status_id"]),
        text=data.get("comment") or "",
        checklist=json_field(data, "checklist", []),
        links=json_field(data, "links", []),
        for_client=flag(data.get("for_client", False)),
        person_id=data.get("person_id"),
        created_at=data.get("created_at"),
        files=uploaded_files(request),
    )


class CommentTaskView(APIView):
    def post(self, request: Request, task_id: str) -> Response:
        comment = post_one(request, task_id, body_of(request))
        return Response(comment_posted(comment), status=status.HTTP_201_CREATED)


class CommentManyView(APIView):
    def post(self, request: Request, project_id: str) -> Response:
        project = Project.objects.filter(pk=path_id(project_id)).first()
        if project is None:
            raise NotFound()
        check_project_access(request.user, project.pk)
        items = request.data
        if not isinstance(items, list):
            raise validation_error(("", "Input should be a valid list"))
        with transaction.atomic():
            comments = []
            for item in items:
                if not isinstance(item, dict):
                    raise validation_error(("", "Input should be a valid dictionary"))
                require(item, "object_id", "task_status_id")
                task = Task.objects.filter(pk=path_id(item["object_id"]), project=project).first()
                if task is None:
                    raise NotFound()
                comments.append(post_one(request, task.pk, item))
        return Response([comment_posted(c) for c in comments], status=status.HTTP_201_CREATED)


# -- batches ---------------------------------------------------------------------------------------
def _batch_items(request: Request) -> list[Any]:
    data = request.data
    raw = data.get("comments") if hasattr(data, "get") else None
    if raw is None:
        raise WrongParameter("Missing required parameter: comments")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise validation_error(("comments", "Input should be a valid list")) from None
    if not isinstance(raw, list):
        raise validation_error(("comments", "Input should be a valid list"))
    return raw


def _batch_files(request: Request) -> dict[tuple[str, int], list]:
    """`preview_file-<i>[-<j>]` and `attachment_file-<i>[-<j>]` parts, by kind and comment."""
    files: dict[tuple[str, int], list] = {}
    for key in sorted(request.FILES, key=_file_order):
        kind, _, rest = key.partition("-")
        index = rest.split("-")[0]
        if kind in ("preview_file", "attachment_file") and index.isdigit():
            files.setdefault((kind, int(index)), []).extend(request.FILES.getlist(key))
    return files


def _file_order(key: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in key.split("-")[1:])


class BatchCommentView(APIView):
    """POST /actions/tasks/batch-comment and /actions/tasks/<id>/batch-comment: several
    comments at once (multipart: a `comments` JSON part and their files)."""

    def post(self, request: Request, task_id: str | None = None) -> Response:
        path_task = task_from_path(task_id) if task_id is not None else None
        required = ("task_status_id",) if path_task else ("task_id", "task_status_id")
        files = _batch_files(request)
        items = []
        for index, item in enumerate(_batch_items(request)):
            if not isinstance(item, dict):
                raise validation_error((f"comments.{index}", "Input should be a valid dictionary"))
            require_keys(item, *required)
            items.append(
                BatchComment(
                    task_id=path_task.pk if path_task else path_id(item["task_id"]),
                    task_status_id=path_id(item["task_status_id"]),
                    text=item.get("text", item.get("comment")) or "",
                    checklist=json_field(item, "checklist", []),
                    links=json_field(item, "links", []),
                    person_id=item.get("person_id"),
                    created_at=item.get("created_at"),
                    previews=files.get(("preview_file", index), []),
                    attachments=files.get(("attachment_file", index), []),
                )
            )
        rows = []
        for comment, previews in comments_batch_post(actor=request.user, items=items):
            row = comment_posted(comment)
            row["preview_files"] = [PREVIEW_FILE_WIRE.instance(preview) for preview in previews]
            rows.append(row)
        return Response(rows, status=status.HTTP_201_CREATED)


class CopyClientCommentsView(APIView):
    """POST /actions/projects/<p>/tasks/copy-client-comments {task_ids} (managers)."""

    def post(self, request: Request, project_id: str) -> Response:
        data = body_of(request)
        task_ids = uuid_list(data, "task_ids")
        project_pk = path_id(project_id)
        check_manager_project_access(request.user, project_pk)
        comments = client_comments_copy(
            actor=request.user, project_id=project_pk, task_ids=task_ids
        )
        return Response([comment_posted(c) for c in comments], status=status.HTTP_201_CREATED)


class TaskCommentsView(APIView):
    def get(self, request: Request, task_id: str) -> Response:
        task = task_from_path(task_id)
        role = check_task_access(request.user, task)
        rows = comment_rows(task_comments(task=task, person=request.user, role=role))
        if role == Role.CLIENT:
            rows = blank_for_client(rows, request.user)
        return Response(rows)


class TaskCommentView(APIView):
    def get(self, request: Request, task_id: str, comment_id: str) -> Response:
        task = task_from_path(task_id)
        check_task_access(request.user, task)
        return Response(COMMENT_WIRE.instance(comment_from_path(task, comment_id)))

    def delete(self, request: Request, task_id: str, comment_id: str) -> Response:
        task = task_from_path(task_id)
        comment_delete(comment=comment_from_path(task, comment_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReplyView(APIView):
    def post(self, request: Request, task_id: str, comment_id: str) -> Response:
        task = task_from_path(task_id)
        comment = comment_from_path(task, comment_id)
        data = body_of(request)
        reply = reply_add(
            comment=comment,
            actor=request.user,
            text=data.get("text") or "",
            files=uploaded_files(request),
        )
        return Response(reply_row(reply, people_summaries([request.user.pk])))


class ReplyDeleteView(APIView):
    def delete(self, request: Request, task_id: str, comment_id: str, reply_id: str) -> Response:
        task = task_from_path(task_id)
        comment = reply_delete(
            comment=comment_from_path(task, comment_id), actor=request.user, reply_id=reply_id
        )
        return Response(comment_with_relations(comment))


class AckView(APIView):
    def post(self, request: Request, task_id: str, comment_id: str) -> Response:
        task = task_from_path(task_id)
        comment = comment_acknowledge(
            comment=comment_from_path(task, comment_id), actor=request.user
        )
        return Response(comment_with_relations(comment))


class MoveView(APIView):
    def post(self, request: Request, task_id: str, comment_id: str) -> Response:
        task = task_from_path(task_id)
        data = body_of(request)
        require(data, "target_task_id")
        comment = comment_move(
            comment=comment_from_path(task, comment_id),
            actor=request.user,
            target_task_id=path_id(data["target_task_id"]),
        )
        return Response(comment_with_relations(comment))


class ProjectCommentsView(APIView):
    def get(self, request: Request, project_id: str) -> Response:
        project = Project.objects.filter(pk=path_id(project_id)).first()
        if project is None:
            raise NotFound()
        role = check_not_vendor_or_client(request.user, project.pk)
        queryset = project_comments(project=project, person=request.user, role=role)
        rows = COMMENT_WIRE.rows(queryset, relations=True)
        attachments: dict[str, list[str]] = {}
        for pk, comment_id in AttachmentFile.objects.filter(
            comment_id__in=[row["id"] for row in rows]
        ).values_list("id", "comment_id"):
            attachments.setdefault(str(comment_id), []).append(str(pk))
        for row in rows:
            row["attachment_files"] = attachments.get(row["id"], [])
        return Response(rows)


# -- attachments -----------------------------------------------------------------------------------
class AddAttachmentView(APIView):
    def post(self, request: Request, task_id: str, comment_id: str) -> Response:
        task = task_from_path(task_id)
        files = uploaded_files(request)
        if not files:
            raise WrongParameter("No file given.")
        attachments = attachments_add(
            comment=comment_from_path(task, comment_id), actor=request.user, files=files
        )
        return Response(
            [attachment_summary(item) for item in attachments], status=status.HTTP_201_CREATED
        )


class TaskAttachmentFilesView(APIView):
    def get(self, request: Request, task_id: str) -> Response:
        task = task_from_path(task_id)
        role = check_task_access(request.user, task)
        comments = task_comments(task=task, person=request.user, role=role)
        queryset = AttachmentFile.objects.filter(comment__in=comments).order_by("created_at")
        return Response(attachment_rows(queryset))


class ProjectAttachmentFilesView(APIView):
    def get(self, request: Request, project_id: str) -> Response:
        project = Project.objects.filter(pk=path_id(project_id)).first()
        if project is None:
            raise NotFound()
        role = check_not_vendor_or_client(request.user, project.pk)
        comments = project_comments(project=project, person=request.user, role=role)
        queryset = AttachmentFile.objects.filter(comment__in=comments).order_by("created_at")
        return Response(attachment_rows(queryset))


class AttachmentView(APIView):
    def delete(
        self, request: Request, task_id: str, comment_id: str, attachment_file_id: str
    ) -> Response:
        task = task_from_path(task_id)
        comment = comment_from_path(task, comment_id)
        attachment = comment.attachment_files.filter(pk=path_id(attachment_file_id)).first()
        if attachment is None:
            raise NotFound()
        attachment_delete(attachment=attachment, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DownloadAttachmentView(APIView):
    def get(self, request: Request, attachment_file_id: str, file_name: str) -> FileResponse:
        attachment = (
            AttachmentFile.objects.select_related("comment__object")
            .filter(pk=path_id(attachment_file_id))
            .first()
        )
        if attachment is None or attachment.comment is None:
            raise NotFound()
        role = check_task_access(request.user, attachment.comment.object)
        visible = task_comments(task=attachment.comment.object, person=request.user, role=role)
        if not visible.filter(pk=attachment.comment_id).exists():
            raise Forbidden()
        path = f"attachments/{attachment.pk}/{attachment.name}"
        if not default_storage.exists(path):
            raise NotFound()
        content_type = attachment.mimetype or mimetypes.guess_type(attachment.name or "")[0]
        inline = content_type in SAFE_INLINE_TYPES
        response = FileResponse(
            default_storage.open(path, "rb"),
            as_attachment=not inline,
            filename=attachment.name,
            content_type=content_type if inline else "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


# -- previews --------------------------------------------------------------------------------------
class AddPreviewView(APIView):
    def post(self, request: Request, task_id: str, comment_id: str) -> Response:
        task = task_from_path(task_id)
        data = body_of(request)
        preview = preview_add(
            comment=comment_from_path(task, comment_id),
            actor=request.user,
            revision=data.get("revision"),
        )
        return Response(preview_file_created(preview), status=status.HTTP_201_CREATED)


class ExtraPreviewView(APIView):
    """Another file in the comment's revision (POST), or one removed from it (DELETE)."""

    def post(
        self, request: Request, task_id: str, comment_id: str, preview_file_id: str
    ) -> Response:
        task = task_from_path(task_id)
        comment = comment_from_path(task, comment_id)
        if not comment.previews.filter(pk=path_id(preview_file_id)).exists():
            raise NotFound()
        preview = preview_add(comment=comment, actor=request.user)
        return Response(preview_file_created(preview), status=status.HTTP_201_CREATED)

    def delete(
        self, request: Request, task_id: str, comment_id: str, preview_file_id: str
    ) -> Response:
        task = task_from_path(task_id)
        comment = comment_from_path(task, comment_id)
        preview = comment.previews.filter(pk=path_id(preview_file_id)).first()
        if preview is None:
            raise NotFound()
        check_task_access(request.user, task)
        if request.user.pk != comment.person_id:
            check_manager_project_access(request.user, task.project_id)
        with transaction.atomic():
            comment.previews.remove(preview)
            PreviewFile.objects.filter(pk=preview.pk, comments__isnull=True).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- /data/comments --------------------------------------------------------------------------------
class CommentViewSet(ZouModelViewSet):
    """Admin-only list and raw create; one comment for those who see it; edits with the
    comment rules; deletion through the comment workflow."""

    queryset = Comment.objects.all()
    serializer_class = CommentSerializer

    def check_read(self, request: Request, instance: Comment | None = None) -> None:
        if instance is None:
            return super().check_read(request)
        role = check_task_access(request.user, instance.object)
        visible = task_comments(task=instance.object, person=request.user, role=role)
        if not visible.filter(pk=instance.pk).exists():
            raise Forbidden()

    def retrieve(self, request: Request, instance_id: str) -> Response:
        instance = self.get_instance(request, instance_id)
        self.check_read(request, instance)
        row = comment_rows(Comment.objects.filter(pk=instance.pk))[0]
        row["previews"] = [preview["id"] for preview in row["previews"]]
        row["attachment_files"] = [item["id"] for item in row["attachment_files"]]
        row.pop("task_status", None)
        return Response(row)

    def change_wire(self) -> WireFormat:
        return COMMENT_CHANGE_WIRE

    def check_update(self, request: Request, instance: Comment, data: dict[str, Any]) -> None:
        check_comment_update(comment=instance, actor=request.user, data=data)

    def check_delete(self, request: Request, instance: Comment) -> None:
        return None  # the workflow checks manager or author

    def perform_update(self, serializer: CommentSerializer) -> Comment:
        previous_status_id = serializer.instance.task_status_id
        instance = serializer.save()
        comment_updated(
            comment=instance, actor=self.request.user, previous_status_id=previous_status_id
        )
        return instance

    def destroy(self, request: Request, instance_id: str) -> Response:
        instance = self.get_instance(request, instance_id)
        comment_delete(comment=instance, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
