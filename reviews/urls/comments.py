"""comments routes: the comment workflow, replies, attachments, comment previews and
`/data/comments`."""

from kitsu_site.api.routers import ZouRouter, route
from reviews.views import comments as views

router = ZouRouter()
router.register("data/comments", views.CommentViewSet, basename="comment")

TASK = r"(?P<task_id>[^/]+)"
COMMENT = r"(?P<comment_id>[^/]+)"
PROJECT = r"(?P<project_id>[^/]+)"


urlpatterns = [
    route(rf"actions/tasks/{TASK}/comment", views.CommentTaskView),
    route(rf"actions/projects/{PROJECT}/tasks/comment-many", views.CommentManyView),
    route(r"actions/tasks/batch-comment", views.BatchCommentView),
    route(rf"actions/tasks/{TASK}/batch-comment", views.BatchCommentView),
    route(rf"actions/projects/{PROJECT}/tasks/copy-client-comments", views.CopyClientCommentsView),
    route(rf"actions/tasks/{TASK}/comments/{COMMENT}/move", views.MoveView),
    route(rf"actions/tasks/{TASK}/comments/{COMMENT}/add-attachment", views.AddAttachmentView),
    route(rf"actions/tasks/{TASK}/comments/{COMMENT}/add-preview", views.AddPreviewView),
    route(
        rf"actions/tasks/{TASK}/comments/{COMMENT}/preview-files/(?P<preview_file_id>[^/]+)",
        views.ExtraPreviewView,
    ),
    route(rf"data/tasks/{TASK}/comments", views.TaskCommentsView),
    route(rf"data/tasks/{TASK}/comments/{COMMENT}", views.TaskCommentView),
    route(rf"data/tasks/{TASK}/comments/{COMMENT}/reply", views.ReplyView),
    route(
        rf"data/tasks/{TASK}/comments/{COMMENT}/reply/(?P<reply_id>[^/]+)", views.ReplyDeleteView
    ),
    route(rf"data/tasks/{TASK}/comments/{COMMENT}/ack", views.AckView),
    route(
        rf"data/tasks/{TASK}/comments/{COMMENT}/attachments/(?P<attachment_file_id>[^/]+)",
        views.AttachmentView,
    ),
    route(rf"data/tasks/{TASK}/attachment-files", views.TaskAttachmentFilesView),
    route(rf"data/projects/{PROJECT}/attachment-files", views.ProjectAttachmentFilesView),
    route(rf"data/projects/{PROJECT}/comments", views.ProjectCommentsView),
    route(
        r"data/attachment-files/(?P<attachment_file_id>[^/]+)/file/(?P<file_name>[^/]+)",
        views.DownloadAttachmentView,
    ),
    *router.urls,
]
