"""Share links: managing a playlist's links (`/data/playlists/<id>/share...`) and everything a
guest reaches through one (`/shared/playlists/<token>/...`, no account needed)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import NotFound, validation_error
from kitsu_site.api.storage import stored_file_response
from people.models import Person
from people.thumbnails import person_thumbnail_path
from people.wire import PERSON_WIRE
from production.views.common import body_of, path_id, require_list
from reviews.media.paths import preview_storage_path
from reviews.models import AttachmentFile, Comment, PlaylistShareLink
from reviews.playlist_jobs import preview_media
from reviews.selectors.playlists import (
    preview_download_names,
    shared_context,
    shared_playlist,
)
from reviews.serializers.comments import (
    PREVIEW_FILE_WIRE,
    attachment_summary,
    comment_posted,
    comment_rows,
)
from reviews.serializers.playlists import SHARE_LINK_WIRE
from reviews.services import shares
from reviews.services.comments import attachment_path
from reviews.views.comments import uploaded_files
from reviews.views.playlists import playlist_from_path


# -- managing links --------------------------------------------------------------------------------
class ShareLinksView(APIView):
    def get(self, request: Request, playlist_id: str) -> Response:
        playlist = playlist_from_path(playlist_id)
        links = shares.share_links_of(playlist=playlist, actor=request.user)
        return Response(SHARE_LINK_WIRE.rows(links))

    def post(self, request: Request, playlist_id: str) -> Response:
        playlist = playlist_from_path(playlist_id)
        data = body_of(request)
        link = shares.share_link_create(
            playlist=playlist,
            actor=request.user,
            expiration_date=data.get("expiration_date"),
            can_comment=data.get("can_comment", True),
            password=data.get("password"),
        )
        return Response(SHARE_LINK_WIRE.instance(link), status=status.HTTP_201_CREATED)


class ShareLinkView(APIView):
    def delete(self, request: Request, playlist_id: str, token: str) -> Response:
        playlist = playlist_from_path(playlist_id)
        shares.share_link_revoke(playlist=playlist, actor=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ShareLinkInviteView(APIView):
    def post(self, request: Request, playlist_id: str, token: str) -> Response:
        playlist = playlist_from_path(playlist_id)
        emails = require_list(body_of(request), "emails")
        sent = shares.share_link_invite(
            playlist=playlist, actor=request.user, token=token, emails=emails
        )
        return Response({"sent": sent})


# -- guest side ------------------------------------------------------------------------------------
class GuestView(APIView):
    """Base of the `/shared` routes: no account; the token (and its password) opens the link."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def link(self, request: Request, token: str) -> PlaylistShareLink:
        password = request.query_params.get("password")
        if password is None and isinstance(request.data, dict):
            password = request.data.get("password")
        return shares.open_link(token, password)

    def guest(self, request: Request, link: PlaylistShareLink) -> Person:
        guest_id = request.query_params.get("guest_id")
        if guest_id is None:
            guest_id = body_of(request).get("guest_id")
        return shares.guest_of(link, guest_id)


class SharedPlaylistView(GuestView):
    def get(self, request: Request, token: str) -> Response:
        return Response(shared_playlist(self.link(request, token).playlist))


class SharedContextView(GuestView):
    def get(self, request: Request, token: str) -> Response:
        return Response(shared_context(self.link(request, token).playlist.project))


class SharedGuestView(GuestView):
    def post(self, request: Request, token: str) -> Response:
        link = self.link(request, token)
        data = body_of(request)
        guest = shares.guest_create(
            link=link, first_name=data.get("first_name"), last_name=data.get("last_name")
        )
        return Response(PERSON_WIRE.instance(guest), status=status.HTTP_201_CREATED)


# The guest list leaves out what the studio's comment list adds about reviewers and previews.
GUEST_HIDDEN_KEYS = ("previews", "mentions", "department_mentions", "acknowledgements")


def _guest_comment_rows(comments: Any) -> list[dict[str, Any]]:
    rows = comment_rows(comments)
    for row in rows:
        for key in GUEST_HIDDEN_KEYS:
            row.pop(key, None)
        if row["person"] is not None:
            row["person"]["is_guest"] = True
    return rows


class SharedCommentsView(GuestView):
    def get(self, request: Request, token: str) -> Response:
        link = self.link(request, token)
        task_ids = shares.shared_task_ids(link)
        task_id = request.query_params.get("task_id")
        if task_id:
            task_ids &= {path_id(task_id)}
        comments = Comment.objects.filter(object_id__in=task_ids, person__is_guest=True)
        return Response(_guest_comment_rows(comments.order_by("-created_at")))

    def post(self, request: Request, token: str) -> Response:
        link = self.link(request, token)
        data = body_of(request)
        missing = [key for key in ("guest_id", "task_id", "task_status_id") if not data.get(key)]
        if missing:
            raise validation_error(*((key, "Field required") for key in missing))
        comment = shares.guest_comment_post(
            link=link,
            guest=self.guest(request, link),
            task_id=data["task_id"],
            task_status_id=data["task_status_id"],
            text=data.get("text"),
        )
        return Response(comment_posted(comment), status=status.HTTP_201_CREATED)


class SharedCommentView(GuestView):
    def put(self, request: Request, token: str, comment_id: str) -> Response:
        link = self.link(request, token)
        guest = self.guest(request, link)
        comment = shares.guest_comment(link, guest, comment_id)
        text = body_of(request).get("text")
        comment = shares.guest_comment_edit(link=link, guest=guest, comment=comment, text=text)
        return Response(comment_posted(comment))

    def delete(self, request: Request, token: str, comment_id: str) -> Response:
        link = self.link(request, token)
        guest = self.guest(request, link)
        comment = shares.guest_comment(link, guest, comment_id)
        shares.guest_comment_delete(link=link, guest=guest, comment=comment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SharedAttachmentsView(GuestView):
    def post(self, request: Request, token: str, comment_id: str) -> Response:
        link = self.link(request, token)
        guest = self.guest(request, link)
        comment = shares.guest_comment(link, guest, comment_id)
        attachments = shares.guest_attachments_add(
            link=link, guest=guest, comment=comment, files=uploaded_files(request)
        )
        return Response(
            [attachment_summary(item) for item in attachments], status=status.HTTP_201_CREATED
        )


class SharedAttachmentView(GuestView):
    def delete(
        self, request: Request, token: str, comment_id: str, attachment_file_id: str
    ) -> Response:
        link = self.link(request, token)
        guest = self.guest(request, link)
        comment = shares.guest_comment(link, guest, comment_id)
        shares.guest_attachment_delete(
            link=link, guest=guest, comment=comment, attachment_id=attachment_file_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SharedAnnotationsView(GuestView):
    def put(self, request: Request, token: str) -> Response:
        link = self.link(request, token)
        data = body_of(request)
        missing = [key for key in ("guest_id", "preview_file_id") if not data.get(key)]
        if missing:
            raise validation_error(*((key, "Field required") for key in missing))
        preview = shares.guest_annotations_update(
            link=link,
            guest=self.guest(request, link),
            preview=shares.shared_preview(link, data["preview_file_id"]),
            additions=require_list(data, "additions"),
            updates=require_list(data, "updates"),
            deletions=require_list(data, "deletions"),
        )
        return Response(PREVIEW_FILE_WIRE.instance(preview))


# -- guest media -----------------------------------------------------------------------------------
class SharedPreviewFileView(GuestView):
    def get(self, request: Request, token: str, preview_file_id: str) -> Response:
        preview = shares.shared_preview(self.link(request, token), preview_file_id)
        return Response(PREVIEW_FILE_WIRE.instance(preview))


class SharedPreviewMediaView(GuestView):
    """One stored file of a shared preview; `area` and `extension` are set per route."""

    area = "pictures/thumbnails"
    extension: str | None = "png"
    content_type: str | None = "image/png"

    def get(
        self, request: Request, token: str, preview_file_id: str, extension: str | None = None
    ) -> FileResponse:
        preview = shares.shared_preview(self.link(request, token), preview_file_id)
        wanted = self.extension or extension or ""
        if extension is not None and self.extension is None and wanted != preview.extension:
            raise NotFound()
        path = preview_storage_path(self.area, preview.pk, wanted)
        return stored_file_response(path, self.content_type)


class SharedPreviewDownloadView(GuestView):
    def get(self, request: Request, token: str, preview_file_id: str) -> FileResponse:
        preview = shares.shared_preview(self.link(request, token), preview_file_id)
        media = preview_media(preview.pk, preview.extension)
        name = preview_download_names([preview.pk])[str(preview.pk)]
        return stored_file_response(media.path, download_name=name)


class SharedPersonThumbnailView(GuestView):
    """Avatars of the project's team and of the link's guests, as comments show them."""

    def get(self, request: Request, token: str, person_id: str) -> FileResponse:
        link = self.link(request, token)
        pk = path_id(person_id)
        in_team = link.playlist.project.team.filter(pk=pk).exists()
        commenter = Comment.objects.filter(
            person_id=pk, object_id__in=shares.shared_task_ids(link)
        ).exists()
        if not (in_team or commenter):
            raise NotFound()
        return stored_file_response(person_thumbnail_path(pk), "image/png")


class SharedAttachmentFileView(GuestView):
    def get(
        self, request: Request, token: str, attachment_file_id: str, file_name: str
    ) -> FileResponse:
        link = self.link(request, token)
        comment_ids = Comment.objects.filter(
            object_id__in=shares.shared_task_ids(link), person__is_guest=True
        ).values("id")
        attachment = AttachmentFile.objects.filter(
            pk=path_id(attachment_file_id), comment_id__in=comment_ids
        ).first()
        if attachment is None:
            raise NotFound()
        return stored_file_response(
            attachment_path(attachment), attachment.mimetype or None, download_name=file_name
        )
