"""JSON answers for URLs no route serves and for crashes, in the reference's bodies."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse

from kitsu_site.api.errors import NOT_FOUND_MESSAGE

TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return JsonResponse({"error": True, "message": NOT_FOUND_MESSAGE}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"error": True, "message": "An internal error occurred."}, status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django itself refuses (a form over its limits, a forged host header)."""
    if isinstance(exception, TOO_LARGE):
        return JsonResponse({"error": True, "message": str(exception)}, status=413)
    return JsonResponse({"error": True, "message": "Bad request."}, status=400)
