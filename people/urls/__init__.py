from django.urls import path

from kitsu_site.api.routers import ZouRouter
from people import auth_views, auth_views_sso, views
from people.urls import chats, day_offs, equipment, persons, salaries, time_spents, time_tables

router = ZouRouter()
router.register("data/persons", views.PersonViewSet, basename="person")
router.register("data/departments", views.DepartmentViewSet, basename="department")
router.register("data/studios", views.StudioViewSet, basename="studio")
router.register("data/organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("auth/login", auth_views.LoginView.as_view()),
    path("auth/logout", auth_views.LogoutView.as_view()),
    path("auth/refresh-token", auth_views.RefreshTokenView.as_view()),
    path("auth/authenticated", auth_views.AuthenticatedView.as_view()),
    path("auth/change-password", auth_views.ChangePasswordView.as_view()),
    path("auth/reset-password", auth_views.ResetPasswordView.as_view()),
    path("auth/totp", auth_views.TOTPView.as_view()),
    path("auth/email-otp", auth_views.EmailOTPView.as_view()),
    path("auth/recovery-codes", auth_views.RecoveryCodesView.as_view()),
    path("auth/fido", auth_views.FIDOView.as_view()),
    path("auth/app-login/code", auth_views.AppLoginCodeView.as_view()),
    path("auth/app-login/token", auth_views.AppLoginTokenView.as_view()),
    path("auth/oidc/login", auth_views_sso.OIDCLoginView.as_view()),
    path("auth/oidc/callback", auth_views_sso.OIDCCallbackView.as_view()),
    path("auth/saml/login", auth_views_sso.SAMLLoginView.as_view()),
    path("auth/saml/sso", auth_views_sso.SAMLSSOView.as_view()),
    # Literal `data/persons/...` paths before the router's `data/persons/<id>`.
    *persons.urlpatterns,
    *time_tables.urlpatterns,
    *day_offs.urlpatterns,
    *time_spents.urlpatterns,
    *equipment.urlpatterns,
    *chats.urlpatterns,
    *salaries.urlpatterns,
    *router.urls,
]
