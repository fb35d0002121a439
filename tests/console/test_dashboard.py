"""The project dashboard: progress by task type and status, late tasks, retakes, time against
estimates, the latest previews; linked from the index and the project page; fixed queries."""

from __future__ import annotations

import pytest

from tests.console.console_helpers import (
    MINUTES_PER_DAY,
    console_for,
    days_ago,
    preview_of,
    studio,
    task,
)
from tests.production.factories import ProjectFactory, asset

pytestmark = pytest.mark.django_db


def dashboard_url(project) -> str:
    return f"/admin/production/project/{project.pk}/dashboard/"


@pytest.fixture
def prod():
    s = studio()
    st = s.statuses
    task(
        s,
        s.hero,
        s.modeling,
        st.done,
        due_date=days_ago(3),
        estimation=2 * MINUTES_PER_DAY,
        duration=3 * MINUTES_PER_DAY,
        retake_count=1,
    )
    task(
        s,
        s.villain,
        s.modeling,
        st.wip,
        due_date=days_ago(2),
        estimation=MINUTES_PER_DAY,
        duration=MINUTES_PER_DAY // 2,
    )
    late_retake = task(
        s,
        s.hero,
        s.animation,
        st.retake,
        due_date=days_ago(5),
        retake_count=2,
        estimation=4 * MINUTES_PER_DAY,
        duration=MINUTES_PER_DAY,
    )
    task(s, s.villain, s.animation, st.todo, due_date=days_ago(-5))
    task(s, s.stranger, s.animation, st.todo, due_date=days_ago(9))  # another project
    first, latest = preview_of(late_retake, 1), preview_of(late_retake, 2)
    return s, (first, latest)


def row_summary(row) -> tuple:
    return (
        row.name,
        row.total,
        row.done_percent,
        row.late,
        row.retakes,
        row.estimated_days,
        row.spent_days,
        row.over_estimate,
        [(segment.name, segment.count, segment.percent, segment.color) for segment in row.segments],
    )


def test_dashboard_figures(prod):
    s, (first, latest) = prod
    response = console_for(s.admin).get(dashboard_url(s.project))
    assert response.status_code == 200
    context = response.context
    assert [row_summary(row) for row in context["progress"]] == [
        (
            "Modeling",
            2,
            50,
            1,
            1,
            3.0,
            3.5,
            True,
            [("WIP", 1, 50.0, "#3273dc"), ("Done", 1, 50.0, "#22d160")],
        ),
        (
            "Animation",
            2,
            0,
            1,
            2,
            4.0,
            1.0,
            False,
            [("Todo", 1, 50.0, "#f5f5f5"), ("Retake", 1, 50.0, "#ff3860")],
        ),
    ]
    assert (context["nb_tasks"], context["nb_late"], context["nb_retakes"]) == (4, 2, 3)
    assert [(t.entity.name, t.task_type.name) for t in context["late_tasks"]] == [
        ("Hero", "Animation"),
        ("Villain", "Modeling"),
    ]
    assert context["previews"] == [latest, first]
    html = response.content.decode()
    assert 'style="width:50.00%;background:#3273dc"' in html
    assert f"/admin/reviews/previewfile/{latest.pk}/thumbnail/" in html
    assert '<div id="nb-late"><strong>2</strong>late</div>' in html


def test_unsafe_status_colour_is_neutralised(prod):
    s, _ = prod
    s.statuses.wip.color = "red;x"
    s.statuses.wip.save()
    response = console_for(s.admin).get(dashboard_url(s.project))
    modeling = response.context["progress"][0]
    assert [segment.color for segment in modeling.segments] == ["#999999", "#22d160"]


def test_dashboard_of_an_empty_project(prod):
    s, _ = prod
    empty = ProjectFactory(name="Empty")
    response = console_for(s.admin).get(dashboard_url(empty))
    assert response.status_code == 200
    assert response.context["progress"] == []
    assert "No task yet." in response.content.decode()
    assert "No preview yet." in response.content.decode()


def test_dashboard_is_linked_from_index_project_page_and_list(prod):
    s, _ = prod
    console = console_for(s.admin)
    index = console.get("/admin/").content.decode()
    assert 'href="/admin/production/project/dashboards/"' in index
    listing = console.get("/admin/production/project/dashboards/")
    assert [project.name for project in listing.context["projects"]] == ["Caminandes", "Other"]
    assert dashboard_url(s.project) in listing.content.decode()
    change = console.get(f"/admin/production/project/{s.project.pk}/change/").content.decode()
    assert f'href="{dashboard_url(s.project)}" class="dashboard-link"' in change
    changelist = console.get("/admin/production/project/").content.decode()
    assert dashboard_url(s.other) in changelist


def test_unknown_project_is_a_404(prod):
    s, _ = prod
    url = "/admin/production/project/00000000-0000-0000-0000-000000000000/dashboard/"
    assert console_for(s.admin).get(url).status_code == 404


def test_dashboard_query_count_does_not_grow_with_tasks(prod, django_assert_max_num_queries):
    s, _ = prod
    console = console_for(s.admin)
    console.get(dashboard_url(s.project))  # session and caches warm
    with django_assert_max_num_queries(8):
        assert console.get(dashboard_url(s.project)).status_code == 200
    for index in range(60):
        entity = asset(s.project, f"Prop{index}")
        for task_type in (s.modeling, s.animation):
            created = task(s, entity, task_type, s.statuses.wip, due_date=days_ago(1))
            preview_of(created)
    with django_assert_max_num_queries(8):
        response = console.get(dashboard_url(s.project))
    assert response.context["nb_tasks"] == 124
    assert response.context["nb_late"] == 122
    assert len(response.context["late_tasks"]) == 25
    assert len(response.context["previews"]) == 12
