"""Person imports: a person is matched by e-mail (case-insensitive); new ones get no password.

An empty cell leaves the field alone (defaults for new persons). Choices are accepted as their
label or their code (`Supervisor` or `supervisor`); studios and departments must exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models.functions import Lower

from imports.csv_import.reader import CsvFile, CsvRow
from kitsu_site.api.errors import ApiError
from kitsu_site.api.events import deliveries_batched
from people.models import ContractType, Department, Person, Position, Role, Seniority, Studio
from people.services import person_create, person_update
from people.wire import PERSON_WIRE

CHOICE_COLUMNS: dict[str, tuple[str, type[models.TextChoices]]] = {
    "Role": ("role", Role),
    "Contract Type": ("contract_type", ContractType),
    "Position": ("position", Position),
    "Seniority": ("seniority", Seniority),
}
TEXT_COLUMNS = {"First Name": "first_name", "Last Name": "last_name", "Phone": "phone"}
TRUE_CELLS = ("true", "yes", "1", "y")
FALSE_CELLS = ("false", "no", "0", "n")


@dataclass
class PersonPlan:
    row: CsvRow
    email: str
    fields: dict[str, Any] = field(default_factory=dict)


def invalid(row: CsvRow, column: str, value: str, accepted: Iterable[str] = ()) -> ApiError:
    hint = f" (accepted values: {', '.join(accepted)})" if accepted else ""
    return row.error(f"A value is invalid: {column}: {value}{hint}")


def choice(row: CsvRow, column: str, choices: type[models.TextChoices]) -> str:
    value = row.text(column)
    for code, label in choices.choices:
        if value.lower() in (code.lower(), str(label).lower()):
            return code
    raise invalid(row, column, value, [str(label) for label in choices.labels])


class PersonImport:
    required_columns = ("First Name", "Last Name", "Email")

    def __init__(self, *, actor: Person, update: bool = False):
        self.actor = actor
        self.update = update
        self.studios = {name.lower(): pk for pk, name in Studio.objects.values_list("id", "name")}
        self.departments = {
            department.name.lower(): department for department in Department.objects.all()
        }

    def run(self, csv_file: CsvFile) -> list[dict[str, Any]]:
        """Import the file; answers the person of each row, in the file's order."""
        csv_file.require(*self.required_columns)
        plans = [self.plan(row) for row in csv_file.rows]
        with deliveries_batched(), transaction.atomic():
            person_ids = self.write(plans)
        rows = {
            row["id"]: row for row in PERSON_WIRE.rows(Person.objects.filter(pk__in=person_ids))
        }
        return [rows[str(person_id)] for person_id in person_ids]

    def plan(self, row: CsvRow) -> PersonPlan:
        email = row.text("Email")
        if not email:
            raise row.error("Email cannot be empty")
        plan = PersonPlan(row=row, email=email)
        for column, name in TEXT_COLUMNS.items():
            if row.text(column):
                plan.fields[name] = row.text(column)
        for column, (name, choices) in CHOICE_COLUMNS.items():
            if row.text(column):
                plan.fields[name] = choice(row, column, choices)
        self.plan_studio_and_departments(plan)
        self.plan_numbers_and_flags(plan)
        return plan

    def plan_studio_and_departments(self, plan: PersonPlan) -> None:
        row = plan.row
        studio = row.text("Studio")
        if studio:
            if studio.lower() not in self.studios:
                raise row.error(f"Studio not found: {studio}")
            plan.fields["studio_id"] = self.studios[studio.lower()]
        names = [name.strip() for name in row.text("Departments").split(",") if name.strip()]
        for name in names:
            if name.lower() not in self.departments:
                raise row.error(f"Department not found: {name}")
        if names:
            plan.fields["departments"] = [self.departments[name.lower()] for name in names]

    def plan_numbers_and_flags(self, plan: PersonPlan) -> None:
        row = plan.row
        country = row.text("Country")
        if country:
            if len(country) != 2:
                raise invalid(row, "Country", country)
            plan.fields["country"] = country.upper()
        salary = row.text("Daily Salary")
        if salary:
            try:
                plan.fields["daily_salary"] = int(salary)
            except ValueError:
                raise invalid(row, "Daily Salary", salary) from None
        active = row.text("Active").lower()
        if active:
            if active not in TRUE_CELLS + FALSE_CELLS:
                raise invalid(row, "Active", row.text("Active"), ("true", "false"))
            plan.fields["active"] = active in TRUE_CELLS

    def write(self, plans: list[PersonPlan]) -> list[Any]:
        """Create or (with update) change each person; a service refusal names its row."""
        emails = {plan.email.lower() for plan in plans}
        persons = Person.objects.annotate(email_lower=Lower("email"))
        existing = {
            person.email_lower: person
            for person in persons.filter(is_bot=False, email_lower__in=emails)
        }
        person_ids = []
        for plan in plans:
            person = existing.get(plan.email.lower())
            try:
                if person is None:
                    person, _ = person_create(
                        actor=self.actor, fields={"email": plan.email, **plan.fields}
                    )
                    existing[plan.email.lower()] = person
                elif self.update:
                    person, _ = person_update(actor=self.actor, person=person, fields=plan.fields)
            except ApiError as error:
                raise plan.row.error(error.message) from None
            person_ids.append(person.pk)
        return person_ids
