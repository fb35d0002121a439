"""Console pages for the review loop: comments, notifications, news, subscriptions and
preview files. Mostly for reading: comment deletion goes through the workflow service, which
recomputes the task."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import path

from kitsu_site.api.storage import stored_file_response
from kitsu_site.console.history import ValueHistoryAdmin
from kitsu_site.console.read_only import ReadOnlyAdmin as ApiOwnedAdmin
from kitsu_site.console.thumbnails import preview_thumbnail_html
from production.admin.scoping import ProjectScopedAdmin
from reviews.media.paths import preview_storage_path
from reviews.models import (
    AttachmentFile,
    BuildJob,
    Comment,
    News,
    Notification,
    Playlist,
    PlaylistShareLink,
    PreviewFile,
    PreviewStatus,
    Subscription,
)
from reviews.models.files import FileStatus, OutputFile, OutputType, WorkingFile
from reviews.services.comments import comment_delete
from reviews.services.preview_media import preview_file_requeue
from reviews.tasks import preview_processing_schedule

__all__ = ["preview_thumbnail_html"]  # the entity pages show main previews with it


@admin.register(Comment)
class CommentAdmin(ProjectScopedAdmin, ValueHistoryAdmin):
    project_field = "object__project"
    history_event_keys = ("comment_id",)
    list_display = ("created_at", "object", "person", "task_status", "for_client", "pinned")
    list_select_related = ("object", "object__task_type", "person", "task_status")
    search_fields = ("text",)
    list_filter = ("for_client", "pinned", "task_status")
    autocomplete_fields = ("object", "person", "editor", "task_status")
    readonly_fields = ("replies", "created_at", "updated_at")
    filter_horizontal = ()
    exclude = ("previews", "mentions", "department_mentions", "acknowledgements")
    date_hierarchy = "created_at"

    def delete_model(self, request: HttpRequest, obj: Comment) -> None:
        comment_delete(comment=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        for comment in queryset:
            comment_delete(comment=comment, actor=request.user)


class ReadOnlyAdmin(ProjectScopedAdmin):
    project_field = "task__project"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "notification_type", "person", "author", "task", "read")
    list_select_related = ("person", "author", "task")
    search_fields = ("person__first_name", "person__last_name", "person__email")
    list_filter = ("notification_type", "read", "change")
    autocomplete_fields = ("person", "author", "comment", "task")


@admin.register(News)
class NewsAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "task", "author", "change")
    list_select_related = ("task", "author")
    search_fields = ("author__first_name", "author__last_name", "comment__text")
    list_filter = ("change",)
    autocomplete_fields = ("author", "comment", "task", "preview_file")


@admin.register(Subscription)
class SubscriptionAdmin(ProjectScopedAdmin):
    project_field = "task__project"

    list_display = ("person", "task", "entity", "task_type")
    list_select_related = ("person", "task", "entity", "task_type")
    search_fields = ("person__first_name", "person__last_name", "person__email")
    list_filter = ("task_type",)
    autocomplete_fields = ("person", "task", "entity", "task_type")


@admin.register(PreviewFile)
class PreviewFileAdmin(ReadOnlyAdmin, ValueHistoryAdmin):
    list_display = ("name", "thumbnail", "original_name", "task", "revision", "position", "status")
    list_select_related = ("task",)
    search_fields = ("name", "original_name")
    list_filter = ("status", "validation_status", "extension")
    autocomplete_fields = ("task", "person")
    readonly_fields = ("thumbnail",)
    history_event_keys = ("preview_file_id",)
    actions = ("retry_processing",)

    @admin.display(description="Thumbnail")
    def thumbnail(self, preview: PreviewFile) -> str:
        return preview_thumbnail_html(preview.pk)

    @admin.action(description="Process the selected broken previews again", permissions=["manage"])
    def retry_processing(self, request: HttpRequest, queryset: QuerySet[PreviewFile]) -> None:
        """A broken preview whose upload is still stored goes back to processing (the job
        that made it broken may have met a passing failure); the others are reported."""
        broken = list(queryset.filter(status=PreviewStatus.BROKEN).select_related("task"))
        retried = []
        with transaction.atomic():
            for preview in broken:
                if preview_file_requeue(preview=preview, actor_id=request.user.pk):
                    self.log_change(request, preview, "Sent to processing again.")
                    preview_processing_schedule(preview_id=preview.pk, inline=False)
                    retried.append(preview)
        self.message_user(request, f"{len(retried)} preview(s) sent to processing again.")
        skipped = len(broken) - len(retried)
        if skipped:
            self.message_user(
                request, f"{skipped} preview(s) have no stored upload to process.", messages.ERROR
            )

    def get_urls(self):
        serve = self.admin_site.admin_view(self.thumbnail_view)
        return [
            path("<uuid:object_id>/thumbnail/", serve, name="reviews_previewfile_thumbnail"),
            *super().get_urls(),
        ]

    def thumbnail_view(self, request: HttpRequest, object_id: Any) -> HttpResponseBase:
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404  # out of the user's projects, or no such preview
        stored = preview_storage_path("pictures/thumbnails", object_id, "png")
        if not default_storage.exists(stored):
            raise Http404
        return stored_file_response(stored, "image/png")


@admin.register(WorkingFile)
class WorkingFileAdmin(ProjectScopedAdmin):
    project_field = "task__project"

    list_display = ("name", "revision", "task", "person", "software", "updated_at")
    list_select_related = ("task", "task__task_type", "person", "software")
    search_fields = ("name", "path", "comment")
    list_filter = ("software",)
    autocomplete_fields = ("task", "entity", "person", "software")


@admin.register(OutputFile)
class OutputFileAdmin(ProjectScopedAdmin):
    project_field = "entity__project"

    list_display = ("name", "revision", "representation", "entity", "output_type", "file_status")
    list_select_related = ("entity", "output_type", "file_status")
    search_fields = ("name", "path", "comment")
    list_filter = ("output_type", "file_status", "canceled")
    autocomplete_fields = (
        "entity",
        "asset_instance",
        "temporal_entity",
        "task_type",
        "person",
        "source_file",
        "file_status",
        "output_type",
    )


@admin.register(OutputType)
class OutputTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "updated_at")
    list_select_related = ()
    search_fields = ("name", "short_name")
    list_filter = ("updated_at",)  # a name and a short name: when it changed is what filters


@admin.register(FileStatus)
class FileStatusAdmin(admin.ModelAdmin):
    list_display = ("name", "color", "updated_at")
    list_select_related = ()
    search_fields = ("name",)
    list_filter = ("updated_at",)  # a name and a colour: when it changed is what filters


@admin.register(Playlist)
class PlaylistAdmin(ProjectScopedAdmin, ApiOwnedAdmin):
    list_display = ("name", "project", "episode", "task_type", "for_client", "created_at")
    list_select_related = ("project", "episode", "task_type")
    list_filter = ("for_client", "for_entity", "is_for_all")
    search_fields = ("name", "project__name")
    autocomplete_fields = ("project", "episode", "task_type", "created_by")


@admin.register(BuildJob)
class BuildJobAdmin(ProjectScopedAdmin, ApiOwnedAdmin):
    project_field = "playlist__project"
    list_display = ("created_at", "playlist", "job_type", "status", "ended_at")
    list_select_related = ("playlist",)
    list_filter = ("status", "job_type")
    search_fields = ("playlist__name", "message")
    autocomplete_fields = ("playlist",)
    ordering = ("-created_at",)


@admin.register(PlaylistShareLink)
class PlaylistShareLinkAdmin(ProjectScopedAdmin, ApiOwnedAdmin):
    """Who shared which playlist until when; the link's token and password stay hidden."""

    project_field = "playlist__project"
    list_display = ("playlist", "created_by", "expiration_date", "is_active", "can_comment")
    list_select_related = ("playlist", "created_by")
    list_filter = ("is_active", "can_comment")
    search_fields = ("playlist__name",)
    autocomplete_fields = ("playlist", "created_by")
    exclude = ("token", "password")


@admin.register(AttachmentFile)
class AttachmentFileAdmin(ProjectScopedAdmin, ApiOwnedAdmin):
    project_field = "comment__object__project"
    list_display = ("name", "extension", "size", "comment", "created_at")
    list_select_related = ("comment",)
    list_filter = ("extension",)
    search_fields = ("name",)
    autocomplete_fields = ("comment",)
