"""The console in a real browser (Playwright driving the Debian Chromium, headless): an admin
and a manager log in, open a dashboard, filter tasks and run an action; the dashboard's
screenshot is written to var/test-artifacts/ (git-ignored)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

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
