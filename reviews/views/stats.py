"""GET /stats: how much review material the studio holds (admins)."""

from __future__ import annotations

from django.db.models import Count, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.viewsets import require_admin
from reviews.media.formats import MODEL_EXTENSIONS, MOVIE_EXTENSIONS, PICTURE_EXTENSIONS
from reviews.models import Comment, PreviewFile


def review_counts() -> dict[str, int]:
    previews = PreviewFile.objects.aggregate(
        videos=Count("id", filter=Q(extension__in=MOVIE_EXTENSIONS)),
        pictures=Count("id", filter=Q(extension__in=PICTURE_EXTENSIONS)),
        models=Count("id", filter=Q(extension__in=MODEL_EXTENSIONS)),
    )
    return {
        "number_of_video_previews": previews["videos"],
        "number_of_picture_previews": previews["pictures"],
        "number_of_model_previews": previews["models"],
        "number_of_comments": Comment.objects.count(),
    }


class StatsView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        require_admin(request)
        return Response(review_counts())
