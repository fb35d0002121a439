"""The console in a real browser (Playwright driving the Debian Chromium, headless): an admin
and a manager log in, open a dashboard, filter tasks, run an action and import a CSV after its
preview; the dashboard's screenshot is written to var/test-artifacts/ (git-ignored)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from production.models import Entity
from tests.console.console_helpers import days_ago, preview_of, studio, task
from tests.factories import DEFAULT_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def ensure_chromium() -> None:
    """The Debian package, installed on first use (never Playwright's own download)."""
    if not Path(CHROMIUM).exists() and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ensure_chromium()
    # Playwright's sync API runs an event loop; the test's ORM calls stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def prod(transactional_db):
    s = studio()
    st = s.statuses
    late = task(s, s.hero, s.modeling, st.wip, due_date=days_ago(2), retake_count=1)
    task(s, s.villain, s.modeling, st.done, due_date=days_ago(3))
    task(s, s.hero, s.animation, st.todo, due_date=days_ago(-4))
    task(s, s.stranger, s.animation, st.todo, due_date=days_ago(1))
    preview_of(late)
    return s


def log_in(browser: Browser, live_server, email: str) -> Page:
    page = browser.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_have_text("Kitsu console")
    return page


def test_admin_opens_the_dashboard(browser, live_server, prod):
    page = log_in(browser, live_server, prod.admin.email)
    page.click("text=Project dashboards")
    page.click("text=Caminandes")
    expect(page.locator("h1")).to_have_text("Caminandes: dashboard")
    expect(page.locator("#nb-tasks strong")).to_have_text("3")
    expect(page.locator("#nb-late strong")).to_have_text("1")
    expect(page.locator("#nb-retakes strong")).to_have_text("1")
    rows = page.locator("tr.task-type-row td.task-type")
    expect(rows).to_have_text(["Modeling", "Animation"])
    expect(page.locator("tr.task-type-row").first.locator(".segment")).to_have_count(2)
    expect(page.locator("tr.late-task td").first).to_have_text("Hero / Modeling")
    expect(page.locator("#latest-previews figure")).to_have_count(1)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "console-dashboard.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_manager_filters_tasks_and_assigns_one(browser, live_server, prod):
    page = log_in(browser, live_server, prod.manager.email)
    page.goto(f"{live_server.url}/admin/production/task/")
    expect(page.locator("#result_list tbody tr")).to_have_count(3)  # not the other project's
    page.click("#changelist-filter >> text=Late")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    page.check("#result_list tbody tr input.action-select")
    page.select_option("select[name=action]", "assign_tasks")
    page.click("button[name=index]")
    expect(page.locator("h1")).to_have_text("Assign tasks")
    page.select_option("#id_person", label="Art Ist")
    page.click("input[name=apply]")
    expect(page.locator("ul.messagelist li")).to_have_text("1 of 1 task(s) assigned to Art Ist.")
    expect(page.locator("#result_list tbody tr td.field-assignee_names")).to_have_text("Art Ist")


def test_manager_sees_only_his_projects_dashboards(browser, live_server, prod):
    page = log_in(browser, live_server, prod.manager.email)
    page.goto(f"{live_server.url}/admin/production/project/dashboards/")
    expect(page.locator("#project-dashboards li")).to_have_text(["Caminandes (Open)"])


BAD_SHOTS = "Sequence,Name,Frame In\nSQ01,SH010,1\nSQ01,SH020,abc\n"
GOOD_SHOTS = "Sequence,Name,Frame In\nSQ01,SH010,1\nSQ01,SH020,25\n"


def choose_csv(page: Page, text: str) -> None:
    page.select_option("#id_kind", "shots")
    page.set_input_files(
        "#id_file", {"name": "shots.csv", "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.click("input[name=preview]")


def test_manager_imports_a_csv_after_its_preview(browser, live_server, prod):
    page = log_in(browser, live_server, prod.manager.email)
    page.goto(f"{live_server.url}/admin/production/project/{prod.project.pk}/change/")
    page.click("a.import-link")
    expect(page.locator("h1")).to_have_text("Import a CSV into Caminandes")
    choose_csv(page, BAD_SHOTS)
    expect(page.locator("p.errornote")).to_have_text(
        "Line 3: frame_in must be an integer, got 'abc'"
    )
    expect(page.locator("#csv-preview tbody tr")).to_have_count(2)
    expect(page.locator("#csv-preview tr.errors td")).to_have_text(["3", "SQ01", "SH020", "abc"])
    expect(page.locator("input[name=apply]")).to_have_count(0)
    assert not Entity.objects.filter(entity_type__name="Shot").exists()

    choose_csv(page, GOOD_SHOTS)
    expect(page.locator("#csv-preview tbody tr")).to_have_count(2)
    expect(page.locator("#csv-preview tr.errors")).to_have_count(0)
    expect(page.locator("#content-main")).to_contain_text("2 rows checked, no error")
    page.click("input[name=apply]")
    expect(page.locator("ul.messagelist li")).to_have_text("Imported 2 rows.")
    shots = Entity.objects.filter(entity_type__name="Shot", project=prod.project)
    assert sorted(shots.values_list("parent__name", "name", "data")) == [
        ("SQ01", "SH010", {"frame_in": 1}),
        ("SQ01", "SH020", {"frame_in": 25}),
    ]
    page.goto(f"{live_server.url}/admin/production/entity/?q=SH0")
    expect(page.locator("#result_list tbody th")).to_have_text(["SH010", "SH020"])
