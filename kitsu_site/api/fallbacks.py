"""JSON answers for URLs no route serves and for crashes, in the reference's bodies."""

from django.http import HttpRequest, HttpResponse, JsonResponse

from kitsu_site.api.errors import NOT_FOUND_MESSAGE


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return JsonResponse({"error": True, "message": NOT_FOUND_MESSAGE}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"error": True, "message": "An internal error occurred."}, status=500)
