"""Preview media: uploads, processing and the /pictures and /movies serving routes."""

from kitsu_site.api.routers import route
from reviews.views import preview_media as views

PREVIEW = r"preview-files/(?P<instance_id>[^/.]+)"
MEDIA = views.PreviewFileMediaView

urlpatterns = [
    route(f"pictures/{PREVIEW}", views.PreviewFileUploadView),
    route(
        rf"pictures/originals/{PREVIEW}\.(?P<extension>\w+)",
        MEDIA,
        area="pictures/originals",
        extension=None,
    ),
    route(
        f"pictures/originals/{PREVIEW}/download",
        MEDIA,
        area="pictures/originals",
        extension=None,
        download=True,
    ),
    route(rf"pictures/previews/{PREVIEW}\.png", MEDIA, area="pictures/previews"),
    route(rf"pictures/thumbnails/{PREVIEW}\.png", MEDIA, area="pictures/thumbnails"),
    route(rf"pictures/thumbnails-square/{PREVIEW}\.png", MEDIA, area="pictures/thumbnails-square"),
    route(rf"movies/originals/{PREVIEW}\.mp4", MEDIA, area="movies/originals", extension="mp4"),
    route(
        f"movies/originals/{PREVIEW}/download",
        MEDIA,
        area="movies/originals",
        extension="mp4",
        download=True,
    ),
    route(
        rf"movies/low/{PREVIEW}\.mp4",
        MEDIA,
        area="movies/low",
        extension="mp4",
        fallback_area="movies/originals",
    ),
    route(rf"movies/source/{PREVIEW}\.mp4", MEDIA, area="movies/source", extension="mp4"),
    route(rf"movies/tiles/{PREVIEW}\.png", MEDIA, area="movies/tiles"),
    route("data/playlists/preview-files/running", views.RunningPreviewFilesView),
    route(
        r"pictures/preview-background-files/(?P<instance_id>[^/.]+)",
        views.PreviewBackgroundFileUploadView,
    ),
    route(
        r"pictures/preview-background-files/(?P<instance_id>[^/.]+)\.(?P<extension>\w+)",
        views.PreviewBackgroundFileView,
    ),
    route(
        r"pictures/thumbnails/preview-background-files/(?P<instance_id>[^/.]+)\.png",
        views.PreviewBackgroundThumbnailView,
    ),
    route(
        r"pictures/thumbnails/organisations/(?P<instance_id>[^/.]+)(?:\.png)?",
        views.OrganisationThumbnailView,
    ),
    route(
        r"pictures/thumbnails/attachment-files/(?P<attachment_file_id>[^/.]+)\.png",
        views.AttachmentThumbnailView,
    ),
]
