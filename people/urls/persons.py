"""Person routes: account actions by admins, avatars, desktop logins, presence, departments."""

from django.urls import re_path

from kitsu_site.api.routers import route
from people import views_persons as views

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
