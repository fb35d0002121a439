"""Playlist routes: `/data/playlists`, a project's playlists, adding entities, and the preview
files an entity offers to a playlist."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import FileResponse, StreamingHttpResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, NotFound, validation_error
from kitsu_site.api.listing import parse_int
from kitsu_site.api.storage import stored_file_response
from kitsu_site.api.text import underscore_slug
from kitsu_site.api.viewsets import ZouModelViewSet
from kitsu_site.api.wire import WireFormat
from people.models import Role
from production.models import Project
from production.permissions import (
    check_entity_access,
    check_manager_project_access,
    check_not_vendor,
    check_project_access,
)
from production.views.common import body_of, get_entity, path_id, require_list, uuid_list
from reviews.models import BuildJob, Playlist
from reviews.playlist_jobs import build_path, stream_zip
from reviews.selectors.playlists import (
    all_project_playlists,
    entity_preview_files,
    playlist_detail,
    playlist_zip_entries,
    project_build_jobs,
    project_playlists,
    temp_playlist,
    visible_playlists,
)
from reviews.serializers.playlists import (
    BUILD_JOB_WIRE,
    PLAYLIST_WIRE,
    PlaylistSerializer,
    with_build_jobs,
)
from reviews.services.playlists import (
    build_job_delete,
    build_job_start,
    check_playlist_create,
    check_playlist_read,
    check_playlist_write,
    playlist_add_entities,
    playlist_add_entity,
    playlist_normalise_shots,
    playlist_notify_clients,
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
        extra = {}
        data = serializer.validated_data
        if data.get("shots"):
            project_id = getattr(data.get("project"), "pk", None)
            extra["shots"] = playlist_normalise_shots(data["shots"], project_id=project_id)
        instance = serializer.save(created_by=self.request.user, **extra)
        self.emit_change("new", instance)
        return instance

    def perform_update(self, serializer: PlaylistSerializer) -> Playlist:
        extra = {}
        if "shots" in serializer.validated_data:
            extra["shots"] = playlist_normalise_shots(
                serializer.validated_data["shots"], project_id=serializer.instance.project_id
            )
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


def playlist_from_path(playlist_id: Any) -> Playlist:
    playlist = Playlist.objects.select_related("project").filter(pk=path_id(playlist_id)).first()
    if playlist is None:
        raise NotFound()
    return playlist


def project_from_path(project_id: Any) -> Project:
    project = Project.objects.filter(pk=path_id(project_id)).first()
    if project is None:
        raise NotFound()
    return project


class ProjectAllPlaylistsView(APIView):
    """Every playlist of a project, with their shots and build jobs."""

    def get(self, request: Request, project_id: str) -> Response:
        project = project_from_path(project_id)
        role = check_not_vendor(request.user, project.pk)
        return Response(all_project_playlists(project=project, for_client=role == Role.CLIENT))


class ProjectPlaylistView(APIView):
    """One playlist of a project, its shots carrying their previews."""

    def get(self, request: Request, project_id: str, playlist_id: str) -> Response:
        playlist = playlist_from_path(playlist_id)
        if playlist.project_id != path_id(project_id):
            raise NotFound()
        role = check_playlist_read(request.user, playlist)
        return Response(playlist_detail(playlist=playlist, role=role))


class EpisodePlaylistsView(APIView):
    """An episode's playlists, 20 a page; `main` and `all` name the project-wide ones."""

    def get(self, request: Request, project_id: str, episode_id: str) -> Response:
        project = project_from_path(project_id)
        role = check_not_vendor(request.user, project.pk)
        if episode_id not in ("main", "all"):
            episode_id = str(path_id(episode_id))
        rows = project_playlists(
            project=project,
            for_client=role == Role.CLIENT,
            page=parse_int(request.query_params, "page", 1),
            sort_by=request.query_params.get("sort_by"),
            episode_id=episode_id,
        )
        return Response(rows)


class TempPlaylistView(APIView):
    """The entities of some tasks as a playlist would show them, without storing anything."""

    def post(self, request: Request, project_id: str) -> Response:
        project = project_from_path(project_id)
        role = check_not_vendor(request.user, project.pk)
        data = body_of(request)
        if not data.get("task_ids"):
            return Response([])
        task_ids = uuid_list(data, "task_ids")
        return Response(temp_playlist(project=project, task_ids=task_ids, role=role))


class AddEntitiesView(APIView):
    def post(self, request: Request, playlist_id: str) -> Response:
        playlist = playlist_from_path(playlist_id)
        entities = require_list(body_of(request), "entities", required=True)
        if not all(isinstance(item, dict) for item in entities):
            raise validation_error(("entities", "Input should be a list of objects"))
        playlist = playlist_add_entities(playlist=playlist, actor=request.user, entities=entities)
        return Response(PLAYLIST_WIRE.instance(playlist))


class NotifyClientsView(APIView):
    def post(self, request: Request, playlist_id: str) -> Response:
        playlist = playlist_from_path(playlist_id)
        studio_id = body_of(request).get("studio_id")
        playlist_notify_clients(playlist=playlist, actor=request.user, studio_id=studio_id)
        return Response({"status": "success"})


# -- builds ----------------------------------------------------------------------------------------
class ProjectBuildJobsView(APIView):
    def get(self, request: Request, project_id: str) -> Response:
        project = project_from_path(project_id)
        check_manager_project_access(request.user, project.pk)
        return Response(project_build_jobs(project=project))


class BuildMovieView(APIView):
    """Start building the playlist's movie; answers the job (already ended when run inline)."""

    def get(self, request: Request, playlist_id: str) -> Response:
        playlist = playlist_from_path(playlist_id)
        job = build_job_start(playlist=playlist, actor=request.user)
        job.refresh_from_db()
        return Response(BUILD_JOB_WIRE.instance(job))


def build_job_from_path(playlist: Playlist, build_job_id: Any) -> BuildJob:
    job = playlist.build_jobs.filter(pk=path_id(build_job_id)).first()
    if job is None:
        raise NotFound()
    return job


class BuildJobView(APIView):
    def get(self, request: Request, playlist_id: str, build_job_id: str) -> Response:
        playlist = playlist_from_path(playlist_id)
        check_playlist_read(request.user, playlist)
        return Response(BUILD_JOB_WIRE.instance(build_job_from_path(playlist, build_job_id)))

    def delete(self, request: Request, playlist_id: str, build_job_id: str) -> Response:
        playlist = playlist_from_path(playlist_id)
        build_job_delete(job=build_job_from_path(playlist, build_job_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _download_stem(playlist: Playlist) -> str:
    project_name = playlist.project.name if playlist.project else ""
    return underscore_slug(f"{project_name} {playlist.name}")


class BuildJobDownloadView(APIView):
    def get(self, request: Request, playlist_id: str, build_job_id: str) -> FileResponse:
        playlist = playlist_from_path(playlist_id)
        check_playlist_read(request.user, playlist)
        job = build_job_from_path(playlist, build_job_id)
        stamp = job.created_at.strftime("%Y%m%d%H%M%S")
        return stored_file_response(
            build_path(job.pk), "video/mp4", download_name=f"{_download_stem(playlist)}_{stamp}.mp4"
        )


class PlaylistZipView(APIView):
    """The playlist's previews as they were uploaded, in a zip streamed as it is written."""

    def get(self, request: Request, playlist_id: str) -> StreamingHttpResponse:
        playlist = playlist_from_path(playlist_id)
        check_playlist_read(request.user, playlist)
        response = StreamingHttpResponse(
            stream_zip(playlist_zip_entries(playlist)), content_type="application/zip"
        )
        name = f"{_download_stem(playlist)}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class AddEntityView(APIView):
    def post(self, request: Request, playlist_id: str) -> Response:
        playlist = playlist_from_path(playlist_id)
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
