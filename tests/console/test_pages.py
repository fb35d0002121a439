"""Pages of the breakdown and the projects: the links of a concept, the software of a project's
task types, the tasks of a schedule version."""

from __future__ import annotations

import pytest

from people.models import Software
from production.models import (
    EntityConceptLink,
    ProductionScheduleVersion,
    ProjectTaskTypeSoftwareLink,
)
from production.models import ProductionScheduleVersionTaskLink as VersionTask
from tests.console.console_helpers import change_form_data, console_for, studio, task
from tests.production.factories import asset

pytestmark = pytest.mark.django_db


def inline_names(response) -> list[str]:
    return [type(inline.opts).__name__ for inline in response.context["inline_admin_formsets"]]


def test_concept_page_links_the_assets_it_was_drawn_for():
    s = studio()
    concept = asset(s.project, "Sketch", type_name="Concept")
    console = console_for(s.admin)
    url = f"/admin/production/entity/{concept.pk}/change/"
    page = console.get(url)
    assert inline_names(page) == ["ConceptLinkInline"]
    assert inline_names(console.get(f"/admin/production/entity/{s.hero.pk}/change/")) == []
    data = change_form_data(page)
    data.update(
        {
            "concept_links_out-TOTAL_FORMS": "1",
            "concept_links_out-INITIAL_FORMS": "0",
            "concept_links_out-0-entity_out": str(s.hero.pk),
            "_save": "Save",
        }
    )
    assert console.post(url, data).status_code == 302
    links = EntityConceptLink.objects.filter(entity_in=concept)
    assert list(links.values_list("entity_out__name", flat=True)) == ["Hero"]


def test_project_page_shows_the_software_of_each_task_type():
    s = studio()
    blender = Software.objects.create(name="Blender", short_name="bl", file_extension="blend")
    s.project.software_links.create(task_type=s.modeling, software=blender)
    page = console_for(s.admin).get(f"/admin/production/project/{s.project.pk}/change/")
    assert "SoftwareLinkInline" in inline_names(page)
    software = next(
        inline
        for inline in page.context["inline_admin_formsets"]
        if inline.opts.model is ProjectTaskTypeSoftwareLink
    )
    assert [form.instance.software for form in software.formset.forms] == [blender]


def test_schedule_version_page_lists_its_tasks():
    s = studio()
    row = task(s, s.hero, s.modeling, s.statuses.wip)
    version = ProductionScheduleVersion.objects.create(project=s.project, name="v1")
    VersionTask.objects.create(production_schedule_version=version, task=row, estimation=2)
    console = console_for(s.manager)
    page = console.get(f"/admin/production/productionscheduleversion/{version.pk}/change/")
    assert page.status_code == 200
    tasks = page.context["inline_admin_formsets"][0]
    assert [form.instance.task for form in tasks.formset.forms] == [row]
