"""Actions on a person's account (admin), avatars, desktop logins, presence and departments."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import uuid
from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter, validation_error
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.viewsets import require_admin
from people import services, thumbnails
from people.auth_views import Text, validated
from people.models import Department, DesktopLoginLog, Person
from people.selectors import presence_days
from people.wire import DESKTOP_LOGIN_LOG_WIRE, PERSON_MINIMAL_WIRE, PERSON_WIRE

HEX = set("0123456789abcdefABCDEF")


# -- path and body helpers shared by the people views ------------------------------------------
def found(model: Any, raw: Any) -> Any:
    """The row a path names: a malformed or unknown id is a 404, as in the reference."""
    try:
        pk = uuid.UUID(str(raw))
    except ValueError:
        raise NotFound() from None
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        raise NotFound()
    return instance


def found_or_wrong_format(model: Any, raw: Any) -> Any:
    """The row a path names: a malformed id is a 400 "Wrong UUID format.", an unknown one 404."""
    try:
        pk = uuid.UUID(str(raw))
    except ValueError:
        raise WrongParameter("Wrong UUID format.") from None
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        raise NotFound()
    return instance


def uuid_problem(value: Any) -> str | None:
    """Why `value` is not a UUID, in the words of the reference's schema validation."""
    if not isinstance(value, str):
        return "UUID input should be a string, bytes or UUID object"
    try:
        uuid.UUID(value)
        return None
    except ValueError:
        pass
    for index, char in enumerate(value):
        if char not in HEX and char != "-":
            return f"Input should be a valid UUID, invalid character: found `{char}` at {index + 1}"
    groups = value.split("-")
    if len(groups) == 1:
        return (
            "Input should be a valid UUID, invalid length: expected length 32 for simple "
            f"format, found {len(value)}"
        )
    if len(groups) != 5:
        return f"Input should be a valid UUID, invalid group count: expected 5, found {len(groups)}"
    for number, (group, expected) in enumerate(zip(groups, (8, 4, 4, 4, 12), strict=True)):
        if len(group) != expected:
            return (
                f"Input should be a valid UUID, invalid group length in group {number}: "
                f"expected {expected}, found {len(group)}"
            )
    return "Input should be a valid UUID"


def body_uuid(request: Request, field: str, *, schema: str) -> uuid.UUID:
    """A required id in the JSON body, refused with the reference's validation body (which
    names the reference's `schema` when the body is not an object)."""
    data = request.data
    if hasattr(data, "dict"):
        data = data.dict()
    if not isinstance(data, dict):
        raise validation_error(("", f"Input should be a valid dictionary or instance of {schema}"))
    if field not in data:
        raise validation_error((field, "Field required"))
    problem = uuid_problem(data[field])
    if problem:
        raise validation_error((field, problem))
    return uuid.UUID(data[field])


# -- account actions ---------------------------------------------------------------------------
class AdminPersonView(APIView):
    """A route about one person, for admins only (checked before the person is looked up)."""

    def person(self, request: Request, person_id: str) -> Person:
        require_admin(request)
        return found(Person, person_id)


class PasswordInput(serializers.Serializer):
    password = Text(allow_blank=False)
    password_2 = Text(allow_blank=False)


class ChangePasswordView(AdminPersonView):
    def post(self, request: Request, person_id: str) -> Response:
        person = self.person(request, person_id)
        data = validated(PasswordInput, body_dict(request))
        services.person_password_set(
            actor=request.user,
            person=person,
            password=data["password"],
            confirmation=data["password_2"],
        )
        return Response({"success": True})


class ResetPasswordLinkView(AdminPersonView):
    def post(self, request: Request, person_id: str) -> Response:
        person = self.person(request, person_id)
        return Response({"reset_password_link": services.person_reset_link(person=person)})


class InviteView(AdminPersonView):
    def get(self, request: Request, person_id: str) -> Response:
        person = self.person(request, person_id)
        services.person_invite(actor=request.user, person=person)
        return Response({"success": True, "message": "Email sent"})


class DisableTwoFactorView(AdminPersonView):
    def delete(self, request: Request, person_id: str) -> Response:
        person = self.person(request, person_id)
        services.person_two_factor_disable(actor=request.user, person=person)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClearAvatarView(AdminPersonView):
    def delete(self, request: Request, person_id: str) -> Response:
        person = self.person(request, person_id)
        services.person_avatar_clear(actor=request.user, person=person)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AddToDepartmentView(AdminPersonView):
    def post(self, request: Request, person_id: str) -> Response:
        person = self.person(request, person_id)
        department_id = body_uuid(request, "department_id", schema="AddToDepartmentSchema")
        department = Department.objects.filter(pk=department_id).first()
        if department is None:
            raise WrongParameter("Department ID matches no department")
        services.person_department_add(actor=request.user, person=person, department=department)
        return Response(
            PERSON_WIRE.instance(person, relations=True), status=status.HTTP_201_CREATED
        )


class RemoveFromDepartmentView(AdminPersonView):
    def delete(self, request: Request, person_id: str, department_id: str) -> Response:
        person = self.person(request, person_id)
        try:
            department = Department.objects.filter(pk=uuid.UUID(department_id)).first()
        except ValueError:
            department = None
        if department is None:
            raise WrongParameter("Department ID matches no department")
        services.person_department_remove(actor=request.user, person=person, department=department)
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- avatars -----------------------------------------------------------------------------------
class PersonThumbnailView(APIView):
    """GET the avatar (anyone logged in); POST a new one (the person or an admin)."""

    def get(self, request: Request, person_id: str) -> HttpResponse:
        person = found(Person, person_id)
        picture = thumbnails.person_thumbnail_open(person=person)
        if picture is None:
            raise NotFound()
        response = FileResponse(picture, content_type="image/png")
        response["Cache-Control"] = "max-age=604800, private"
        return response

    def post(self, request: Request, person_id: str) -> Response:
        person = found(Person, person_id)
        if not (request.user.is_admin or request.user.pk == person.pk):
            raise Forbidden()
        upload = request.FILES.get("file")
        if upload is None:
            raise WrongParameter("File not provided.")
        path = thumbnails.person_thumbnail_set(actor=request.user, person=person, upload=upload)
        return Response({"thumbnail_path": path}, status=status.HTTP_201_CREATED)


# -- desktop logins and presence ---------------------------------------------------------------
def _login_date(data: dict[str, Any]) -> dt.datetime:
    raw = data.get("date")
    if raw in (None, ""):
        return timezone.now().replace(microsecond=0)
    text = str(raw)
    value = parse_datetime(text) if "T" in text or " " in text else None
    if value is None:
        day = parse_date(text) if len(text) == 10 else None
        if day is None:
            raise validation_error(
                (
                    "date",
                    "Value error, Wrong date format. Expected: 2020-01-05T13:23:10 or 2020-01-05",
                )
            )
        value = dt.datetime.combine(day, dt.time())
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class DesktopLoginLogsView(APIView):
    """Read: anyone but clients, vendors and artists reading others; write: self or admin."""

    def get(self, request: Request, person_id: str) -> Response:
        person = found(Person, person_id)
        if not (request.user.is_manager or request.user.pk == person.pk):
            raise Forbidden()
        logs = DesktopLoginLog.objects.filter(person=person).order_by("-date", "-created_at")
        return Response(DESKTOP_LOGIN_LOG_WIRE.rows(logs))

    def post(self, request: Request, person_id: str) -> Response:
        person = found(Person, person_id)
        if not (request.user.is_admin or request.user.pk == person.pk):
            raise Forbidden()
        date = _login_date(body_dict(request))
        log = services.desktop_login_record(actor=request.user, person=person, date=date)
        return Response(DESKTOP_LOGIN_LOG_WIRE.instance(log), status=status.HTTP_201_CREATED)


MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")


class PresenceLogsView(APIView):
    """A CSV of the month: one line per active person, an X on each day of a desktop login."""

    def get(self, request: Request, month_date: str) -> HttpResponse:
        require_admin(request)
        match = MONTH_PATTERN.match(month_date)
        year, month = (int(match[1]), int(match[2])) if match else (0, 0)
        if not (1 <= month <= 12 and year >= 1900):
            raise WrongParameter("Invalid month or year.")
        days = calendar.monthrange(year, month)[1]
        present = presence_days(year=year, month=month)
        persons = sorted(
            Person.objects.filter(active=True).values_list("id", "first_name", "last_name"),
            key=lambda row: (" ".join(part for part in row[1:] if part), str(row[0])),
        )
        lines = [";".join([str(year), *(str(day) for day in range(1, days + 1))])]
        for person_id, first_name, last_name in persons:
            name = " ".join(part for part in (first_name, last_name) if part)
            marks = present.get(str(person_id), set())
            cells = ["X" if day in marks else "" for day in range(1, days + 1)]
            lines.append(";".join([name, *cells]))
        response = HttpResponse("".join(f"{line}\r\n" for line in lines), content_type="text/csv")
        response["Content-Disposition"] = "attachment; filename=kitsu_export.csv"
        return response


# -- departments -------------------------------------------------------------------------------
class DepartmentPersonsView(APIView):
    """The persons of a department: admins get the full shape, others the minimal one."""

    def get(self, request: Request, department_id: str) -> Response:
        department = found_or_wrong_format(Department, department_id)
        persons = Person.objects.filter(department_links__department=department).order_by(
            "created_at", "id"
        )
        wire = PERSON_WIRE if request.user.is_admin else PERSON_MINIMAL_WIRE
        return Response(wire.rows(persons, relations=True))
