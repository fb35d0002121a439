"""Person routes: account actions by admins, avatars, desktop logins, presence, departments."""

import re

from django.urls import re_path

from people import views_persons as views


def route(pattern: str, view):
    """`<name>` segments capture one path segment; a trailing slash is optional."""
    regex = re.sub(r"<(\w+)>", r"(?P<\1>[^/]+?)", pattern)
    return re_path(rf"^{regex}/?$", view.as_view())


ACTIONS = "actions/persons/<person_id>"

urlpatterns = [
    route(f"{ACTIONS}/change-password", views.ChangePasswordView),
    route(f"{ACTIONS}/reset-password-link", views.ResetPasswordLinkView),
    route(f"{ACTIONS}/invite", views.InviteView),
    route(f"{ACTIONS}/disable-two-factor-authentication", views.DisableTwoFactorView),
    route(f"{ACTIONS}/clear-avatar", views.ClearAvatarView),
    route(f"{ACTIONS}/departments/add", views.AddToDepartmentView),
    route(f"{ACTIONS}/departments/<department_id>", views.RemoveFromDepartmentView),
    # `<id>.png` and `<id>` name the same picture.
    re_path(
        r"^pictures/thumbnails/persons/(?P<person_id>[^/]+?)(\.png)?/?$",
        views.PersonThumbnailView.as_view(),
    ),
    route("data/persons/presence-logs/<month_date>", views.PresenceLogsView),
    route("data/persons/<person_id>/desktop-login-logs", views.DesktopLoginLogsView),
    route("data/departments/<department_id>/persons", views.DepartmentPersonsView),
]
