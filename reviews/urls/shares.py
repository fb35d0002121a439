"""Playlist share links and guest access under /shared."""

from kitsu_site.api.routers import route
from reviews.views import shares as views

LINKS = r"data/playlists/(?P<playlist_id>[^/]+)/share"
SHARED = r"shared/playlists/(?P<token>[^/]+)"
PREVIEW = r"preview-files/(?P<preview_file_id>[^/.]+)"
COMMENT = rf"{SHARED}/comments/(?P<comment_id>[^/]+)"

urlpatterns = [
    route(LINKS, views.ShareLinksView),
    route(rf"{LINKS}/(?P<token>[^/]+)", views.ShareLinkView),
    route(rf"{LINKS}/(?P<token>[^/]+)/invite", views.ShareLinkInviteView),
    route(SHARED, views.SharedPlaylistView),
    route(rf"{SHARED}/context", views.SharedContextView),
    route(rf"{SHARED}/guest", views.SharedGuestView),
    route(rf"{SHARED}/comments", views.SharedCommentsView),
    route(COMMENT, views.SharedCommentView),
    route(rf"{COMMENT}/attachments", views.SharedAttachmentsView),
    route(
        rf"{COMMENT}/attachments/(?P<attachment_file_id>[^/]+)",
        views.SharedAttachmentView,
    ),
    route(rf"{SHARED}/annotations", views.SharedAnnotationsView),
    route(rf"{SHARED}/{PREVIEW}", views.SharedPreviewFileView),
    route(rf"{SHARED}/{PREVIEW}/download", views.SharedPreviewDownloadView),
    route(
        rf"{SHARED}/pictures/thumbnails/{PREVIEW}\.png",
        views.SharedPreviewMediaView,
    ),
    route(
        rf"{SHARED}/pictures/originals/{PREVIEW}\.png",
        views.SharedPreviewMediaView,
        area="pictures/originals",
    ),
    route(
        rf"{SHARED}/pictures/originals/{PREVIEW}\.(?P<extension>[^/.]+)",
        views.SharedPreviewMediaView,
        area="pictures/originals",
        extension=None,
        content_type=None,
    ),
    route(
        rf"{SHARED}/movies/originals/{PREVIEW}\.mp4",
        views.SharedPreviewMediaView,
        area="movies/originals",
        extension="mp4",
        content_type="video/mp4",
    ),
    route(
        rf"{SHARED}/movies/tiles/{PREVIEW}\.png",
        views.SharedPreviewMediaView,
        area="movies/tiles",
    ),
    route(
        rf"{SHARED}/pictures/thumbnails/persons/(?P<person_id>[^/.]+)\.png",
        views.SharedPersonThumbnailView,
    ),
    route(
        rf"{SHARED}/attachment-files/(?P<attachment_file_id>[^/]+)/file/(?P<file_name>[^/]+)",
        views.SharedAttachmentFileView,
    ),
]
