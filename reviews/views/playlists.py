"""Playlist routes: `/data/playlists`, a project's playlists, adding entities, and the preview
files an entity offers to a playlist."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, NotFound
from kitsu_site.api.listing import parse_int
from kitsu_site.api.viewsets import ZouModelViewSet
from kitsu_site.api.wire import WireFormat
from people.models import Role
from production.models import Project
from production.permissions import check_entity_access, check_not_vendor, check_project_access
from production.views.common import body_of, get_entity, path_id
from reviews.models import Playlist
from reviews.selectors.playlists import entity_preview_files, project_playlists, visible_playlists
from reviews.serializers.playlists import PLAYLIST_WIRE, PlaylistSerializer, with_build_jobs
from reviews.services.playlists import (
    check_playlist_create,
    check_playlist_read,
    check_playlist_write,
    playlist_add_entity,
    playlist_normalise_shots,
)


class PlaylistWire(WireFormat):
    """Playlist rows; with relations they carry their build job ids."""

    def _finish(self, raw_rows, *, relations, fields):
        output = super()._finish(raw_rows, relations=relations, fields=fields)
        if relations and (not fields or "build_jobs" in fields):
            with_build_jobs(output)
        return output


PLAYLIST_RELATIONS_WIRE = PlaylistWire(Playlist)


class PlaylistViewSet(ZouModelViewSet):
    queryset = Playlist.objects.all()
    serializer_class = PlaylistSerializer

    def check_read(self, request: Request, instance: Playlist | None = None) -> None:
        if instance is not None:
            check_playlist_read(request.user, instance)
        elif request.user.role == Role.VENDOR:
            raise Forbidden()

    def scope_queryset(self, request: Request, queryset: models.QuerySet) -> models.QuerySet:
        return visible_playlists(request.user)

    def wire_for(self, request: Request, instance: Any = None) -> WireFormat:
        return PLAYLIST_RELATIONS_WIRE

    def check_create(self, request: Request, data: dict[str, Any]) -> None:
        check_playlist_create(request.user, data.get("project_id"))

    def check_update(self, request: Request, instance: Playlist, data: dict[str, Any]) -> None:
        check_playlist_write(request.user, instance)

    def check_delete(self, request: Request, instance: Playlist) -> None:
        check_playlist_write(request.user, instance)

    def perform_create(self, serializer: PlaylistSerializer) -> Playlist:
        instance = serializer.save(created_by=self.request.user)
        self.emit_change("new", instance)
        return instance

    def perform_update(self, serializer: PlaylistSerializer) -> Playlist:
        extra = {}
        if "shots" in serializer.validated_data:
            extra["shots"] = playlist_normalise_shots(serializer.validated_data["shots"])
        instance = serializer.save(**extra)
        self.emit_change("update", instance)
        return instance


class ProjectPlaylistsView(APIView):
    """A project's playlists, 20 a page, without their shots."""

    def get(self, request: Request, project_id: str) -> Response:
        project = Project.objects.filter(pk=path_id(project_id)).first()
        if project is None:
            # The reference answers an empty page for an unknown project to those it lets in.
            if not request.user.is_admin:
                raise Forbidden()
            return Response([])
        role = check_not_vendor(request.user, project.pk)
        rows = project_playlists(
            project=project,
            for_client=role == Role.CLIENT,
            page=parse_int(request.query_params, "page", 1),
            sort_by=request.query_params.get("sort_by"),
        )
        return Response(rows)


class AddEntityView(APIView):
    def post(self, request: Request, playlist_id: str) -> Response:
        playlist = Playlist.objects.filter(pk=path_id(playlist_id)).first()
        if playlist is None:
            raise NotFound()
        data = body_of(request)
        playlist = playlist_add_entity(
            playlist=playlist,
            actor=request.user,
            entity_id=data.get("entity_id"),
            preview_file_id=data.get("preview_file_id"),
        )
        return Response(PLAYLIST_WIRE.instance(playlist))


class EntityPreviewFilesView(APIView):
    def get(self, request: Request, entity_id: str) -> Response:
        entity = get_entity(entity_id)
        role = check_project_access(request.user, entity.project_id)
        if role == Role.VENDOR:
            raise Forbidden()
        check_entity_access(request.user, entity)
        return Response(entity_preview_files(entity=entity, person=request.user, role=role))
