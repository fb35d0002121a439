"""Console pages for the review loop: comments, notifications, news, subscriptions and
preview files. Mostly for reading: comment deletion goes through the workflow service, which
recomputes the task."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from reviews.models import Comment, News, Notification, PreviewFile, Subscription
from reviews.services.comments import comment_delete


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("created_at", "object", "person", "task_status", "for_client", "pinned")
    list_select_related = ("object", "object__task_type", "person", "task_status")
    search_fields = ("text",)
    list_filter = ("for_client", "pinned", "task_status")
    raw_id_fields = ("object", "person", "editor", "task_status")
    readonly_fields = ("replies", "created_at", "updated_at")
    filter_horizontal = ()
    exclude = ("previews", "mentions", "department_mentions", "acknowledgements")
    date_hierarchy = "created_at"

    def delete_model(self, request: HttpRequest, obj: Comment) -> None:
        comment_delete(comment=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        for comment in queryset:
            comment_delete(comment=comment, actor=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
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
    raw_id_fields = ("person", "author", "comment", "task")


@admin.register(News)
class NewsAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "task", "author", "change")
    list_select_related = ("task", "author")
    search_fields = ("author__first_name", "author__last_name", "comment__text")
    list_filter = ("change",)
    raw_id_fields = ("author", "comment", "task", "preview_file")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("person", "task", "entity", "task_type")
    list_select_related = ("person", "task", "entity", "task_type")
    search_fields = ("person__first_name", "person__last_name", "person__email")
    list_filter = ("task_type",)
    raw_id_fields = ("person", "task", "entity", "task_type")


@admin.register(PreviewFile)
class PreviewFileAdmin(ReadOnlyAdmin):
    list_display = ("name", "original_name", "task", "revision", "position", "status")
    list_select_related = ("task",)
    search_fields = ("name", "original_name")
    list_filter = ("status", "validation_status", "extension")
    raw_id_fields = ("task", "person")
