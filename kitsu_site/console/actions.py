"""Admin actions that ask for something first (a person, a status and a comment): the action
shows a form for the selected rows, and runs once that form comes back valid."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

APPLY_FIELD = "apply"


def action_form(form_class: type[forms.Form], request: HttpRequest) -> forms.Form:
    """The action's form, bound once the intermediate page posts it back."""
    if APPLY_FIELD in request.POST:
        return form_class(request.POST)
    return form_class()


def action_form_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    form: forms.Form,
    title: str,
) -> TemplateResponse:
    """The intermediate page: the form, the selected rows, and what it will apply to."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "objects": list(queryset[:50]),
        "count": queryset.count(),
        "selected_ids": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "action_name": request.POST["action"],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "apply_field": APPLY_FIELD,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "console/action_form.html", context)
