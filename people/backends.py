"""Django authentication backend for the admin console: email (or desktop login) + password."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from people.models import Person
from people.selectors import person_for_login


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs,
    ) -> Person | None:
        login = username or kwargs.get("email")
        if not login or password is None:
            return None
        person = person_for_login(login)
        if person is None:
            Person().set_password(password)  # same cost whether the account exists or not
            return None
        if person.check_password(password) and self.user_can_authenticate(person):
            return person
        return None

    def get_user(self, user_id) -> Person | None:
        person = Person.objects.filter(pk=user_id).first()
        return person if person is not None and self.user_can_authenticate(person) else None
