"""Every console page, walked from the admin registry: every model is reachable, each list is
searchable and filterable, relations are picked by autocompletion, and a manager's lists of
project data hold only the rows of his projects (query counts: test_list_queries.py)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin, RelatedFieldWidgetWrapper
from django.forms import ModelChoiceField

from people.models import Person, Role
from production.admin.breakdown import ChatAdmin
from production.admin.scoping import ProjectScopedAdmin
from production.models import Entity, Project, Task
from reviews.models import Comment, Playlist, PreviewFile
from tests.console.console_helpers import console_for, studio
from tests.console.full_production import LABELS, REGISTRY, admin_of, changelist_url, populate

pytestmark = pytest.mark.django_db

OUR_APPS = ("api", "people", "production", "reviews", "imports")
NOT_IN_CONSOLE = {
    # The ids of revoked tokens are secrets; deactivating a person revokes his tokens.
    "people.RevokedToken",
}
# A row pointing at one of these belongs to a project.
PROJECT_DATA = (Project, Task, Entity, Comment, PreviewFile, Playlist)


def test_every_model_is_reachable():
    """Registered, or edited on the page of the row it belongs to."""
    inline_models = {inline.model for page in REGISTRY.values() for inline in page.inlines}
    unreachable = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        and model not in REGISTRY
        and model not in inline_models
        and model._meta.label not in NOT_IN_CONSOLE
    ]
    assert unreachable == []


@pytest.mark.parametrize("label", LABELS)
def test_each_list_is_searchable_and_filterable(label):
    model_admin = admin_of(label)
    assert model_admin.search_fields
    assert model_admin.list_filter
    assert model_admin.list_display != ("__str__",)


def relation_fields(form_class, parent_key: str = "") -> dict[str, object]:
    """The form's fields picking rows, with their widget (unwrapped from the add/edit links);
    an inline's key to the page's row is no choice."""
    widgets = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field, ModelChoiceField) and name != parent_key:
            widget = field.widget
            wrapped = isinstance(widget, RelatedFieldWidgetWrapper)
            widgets[name] = widget.widget if wrapped else widget
    return widgets


def editable_forms(model_admin: admin.ModelAdmin, request) -> list[tuple[type, str]]:
    """The add and change forms of the page, and the forms of its editable inlines, each with
    the name of its key to the page's row."""
    obj = model_admin.model()
    forms = []
    if model_admin.has_add_permission(request):
        forms.append((model_admin.get_form(request, None), ""))
    if model_admin.has_change_permission(request):
        forms.append((model_admin.get_form(request, obj, change=True), ""))
        for inline_class in model_admin.inlines:
            inline = inline_class(model_admin.model, admin.site)
            if inline.has_add_permission(request, obj) or inline.has_change_permission(request):
                formset = inline.get_formset(request, obj)
                forms.append((formset.form, formset.fk.name))
    return forms


@pytest.mark.parametrize("label", LABELS)
def test_relations_are_picked_by_autocompletion(label, rf):
    request = rf.get("/admin/")
    request.user = Person(role=Role.ADMIN, active=True)
    model_admin = admin_of(label)
    not_autocompleted = [
        f"{form.__name__}.{name}"
        for form, parent_key in editable_forms(model_admin, request)
        for name, widget in relation_fields(form, parent_key).items()
        if not isinstance(widget, AutocompleteMixin)
    ]
    assert not_autocompleted == []


def holds_project_data(model) -> bool:
    relations = [field.related_model for field in model._meta.get_fields() if field.many_to_one]
    return issubclass(model, Project) or any(
        related is not None and issubclass(related, PROJECT_DATA) for related in relations
    )


def project_scoped_labels() -> list[str]:
    return sorted(
        label for label in LABELS if isinstance(admin_of(label), ProjectScopedAdmin | ChatAdmin)
    )


def test_every_list_of_project_data_is_scoped():
    """Chats point at their entity by id only: their page scopes them itself."""
    holding = {label for label in LABELS if holds_project_data(apps.get_model(label))}
    assert holding | {"people.Chat"} == set(project_scoped_labels())


def projects_of_rows(label: str, rows: list) -> set:
    model_admin = admin_of(label)
    if isinstance(model_admin, ChatAdmin):
        entities = Entity.objects.filter(pk__in=[chat.object_id for chat in rows])
        return set(entities.values_list("project_id", flat=True))
    field = model_admin.project_field
    found = model_admin.model.objects.filter(pk__in=[row.pk for row in rows])
    return set(found.values_list(field if field == "pk" else f"{field}__pk", flat=True))


@pytest.mark.parametrize("who", ["admin", "manager"])
def test_lists_of_project_data_hold_the_rows_of_the_user_projects(who):
    s = studio()
    populate(s, 0)
    person = getattr(s, who)
    expected = set(
        Project.objects.values_list("pk", flat=True)
        if who == "admin"
        else Project.objects.filter(team_links__person=person).values_list("pk", flat=True)
    )
    console = console_for(person)
    seen = {}
    for label in project_scoped_labels():
        response = console.get(changelist_url(label))
        assert response.status_code == 200, label
        seen[label] = projects_of_rows(label, list(response.context["cl"].result_list))
    # Every list shows rows of the project and, for admins, of the other one too.
    wanted = {s.project.pk} | ({s.other.pk} if who == "admin" else set())
    assert {label: wanted <= projects <= expected for label, projects in seen.items()} == {
        label: True for label in seen
    }
