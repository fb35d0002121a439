"""The console pages for people: accounts, departments, studios, the organisation, login logs.

Account writes go through the person services (the rules and events the API applies), and no
page shows or edits a secret: password hashes, 2FA secrets and recovery codes, token ids.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    ReadOnlyPasswordHashField,
    ReadOnlyPasswordHashWidget,
    UserChangeForm,
)
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path

from kitsu_site.api.errors import ApiError
from kitsu_site.console.history import ValueHistoryAdmin, value_change_message
from kitsu_site.console.read_only import ReadOnlyAdmin
from kitsu_site.console.thumbnails import person_avatar_html
from people.models import (
    DayOff,
    Department,
    DepartmentLink,
    DesktopLoginLog,
    HardwareItem,
    HardwareItemDepartmentLink,
    LoginLog,
    Organisation,
    Person,
    SalaryScale,
    Software,
    SoftwareDepartmentLink,
    Studio,
)
from people.services import (
    person_create,
    person_deactivate,
    person_delete,
    person_invite,
    person_update,
)
from people.thumbnails import person_thumbnail_open

# Rights come from the person's role, never from groups: no groups page.
admin.site.unregister(Group)

SECRET_FIELDS = Person.CREDENTIAL_FIELDS
# Only the creation form asks for these; the services set the rest to their defaults.
CREATION_FIELDS = ("email", "first_name", "last_name", "role")


class PasswordStateWidget(ReadOnlyPasswordHashWidget):
    """Says whether a password is set, with the link to change it; never the hash, even masked."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        usable = bool(value) and not value.startswith(UNUSABLE_PASSWORD_PREFIX)
        context["summary"] = [{"label": "Password set" if usable else "No password set"}]
        return context


class MinimumPasswordLengthMixin:
    """The console asks for passwords as long as the API does (`MIN_PASSWORD_LENGTH`)."""

    def validate_password_for_user(self, user, **kwargs) -> None:
        super().validate_password_for_user(user, **kwargs)
        password = self.cleaned_data.get("password2")
        if (
            self.cleaned_data.get("set_usable_password", True)
            and password
            and len(password) < settings.MIN_PASSWORD_LENGTH
        ):
            message = f"The password must have at least {settings.MIN_PASSWORD_LENGTH} characters."
            self.add_error("password2", ValidationError(message, code="password_too_short"))


class PersonCreationForm(MinimumPasswordLengthMixin, AdminUserCreationForm):
    class Meta:
        model = Person
        fields = CREATION_FIELDS
        field_classes: dict = {}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if Person.objects.filter(email__iexact=email, is_bot=False).exists():
            raise ValidationError("Email already in use.", code="unique")
        return email


class PersonChangeForm(UserChangeForm):
    password = ReadOnlyPasswordHashField(
        label="Password",
        widget=PasswordStateWidget,
        help_text="Raw passwords are not stored, so there is no way to see the password.",
    )

    class Meta:
        model = Person
        exclude = SECRET_FIELDS[1:]  # `password` is the read-only field above

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        clash = Person.objects.filter(email__iexact=email, is_bot=False)
        if not self.instance.is_bot and clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError("Email already in use.", code="unique")
        return email


class PersonPasswordChangeForm(MinimumPasswordLengthMixin, AdminPasswordChangeForm):
    pass


class DepartmentLinkInline(admin.TabularInline):
    model = DepartmentLink
    autocomplete_fields = ("department",)
    extra = 1
    verbose_name = "department"
    verbose_name_plural = "departments"


@admin.register(Person)
class PersonAdmin(ValueHistoryAdmin, UserAdmin):
    history_event_keys = ("person_id",)
    history_event_prefix = "person:"
    form = PersonChangeForm
    add_form = PersonCreationForm
    change_password_form = PersonPasswordChangeForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            "Identity",
            {
                "fields": (
                    ("first_name", "last_name"),
                    "desktop_login",
                    ("phone", "country"),
                    ("timezone", "locale"),
                    ("display_date_format", "use_12_hour_clock"),
                    "data",
                )
            },
        ),
        (
            "Standing",
            {
                "fields": (
                    "role",
                    ("active", "archived"),
                    ("is_bot", "is_guest"),
                    "expiration_date",
                    "studio",
                )
            },
        ),
        ("Contract", {"fields": ("contract_type", "position", "seniority", "daily_salary")}),
        (
            "Two-factor authentication",
            {
                "fields": (
                    ("totp_enabled", "email_otp_enabled", "fido_enabled"),
                    "preferred_two_factor_authentication",
                )
            },
        ),
        (
            "Notifications",
            {
                "classes": ("collapse",),
                "fields": (
                    "notifications_enabled",
                    ("notifications_slack_enabled", "notifications_slack_userid"),
                    ("notifications_mattermost_enabled", "notifications_mattermost_userid"),
                    ("notifications_discord_enabled", "notifications_discord_userid"),
                ),
            },
        ),
        (
            "Directory",
            {"classes": ("collapse",), "fields": ("is_generated_from_ldap", "ldap_uid")},
        ),
        (
            "History",
            {
                "fields": (
                    ("created_at", "updated_at"),
                    ("last_login", "last_presence"),
                    ("login_failed_attemps", "last_login_failed"),
                )
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (*CREATION_FIELDS, "usable_password", "password1", "password2"),
            },
        ),
    )
    # 2FA is set up by its owner; a bot gets its token from the API, the only time it is shown.
    readonly_fields = (
        "is_bot",
        "totp_enabled",
        "email_otp_enabled",
        "fido_enabled",
        "preferred_two_factor_authentication",
        "created_at",
        "updated_at",
        "last_login",
        "last_presence",
        "login_failed_attemps",
        "last_login_failed",
    )
    inlines = (DepartmentLinkInline,)
    list_display = (
        "full_name",
        "avatar",
        "email",
        "role",
        "active",
        "studio",
        "department_names",
    )
    list_select_related = ("studio",)
    list_filter = ("role", "active", "is_bot", "studio", "departments")
    search_fields = ("first_name", "last_name", "email", "desktop_login")
    autocomplete_fields = ("studio",)
    ordering = ("first_name", "last_name")
    filter_horizontal = ()
    actions = ("deactivate_selected", "send_invitations")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return super().get_queryset(request).prefetch_related("departments")

    def get_inlines(self, request: HttpRequest, obj: Person | None):
        return self.inlines if obj is not None else ()

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deletions go one by one through person_delete
        return actions

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        if lookup.startswith(SECRET_FIELDS):
            return False
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description="Full name", ordering="first_name")
    def full_name(self, person: Person) -> str:
        return person.full_name

    @admin.display(description="Departments")
    def department_names(self, person: Person) -> str:
        return ", ".join(department.name for department in person.departments.all())

    @admin.display(description="Avatar")
    def avatar(self, person: Person) -> str:
        return person_avatar_html(person.pk) if person.has_avatar else "-"

    def get_urls(self):
        serve = self.admin_site.admin_view(self.avatar_view)
        return [
            path("<uuid:object_id>/avatar/", serve, name="people_person_avatar"),
            *super().get_urls(),
        ]

    def avatar_view(self, request: HttpRequest, object_id: Any) -> FileResponse:
        person = self.get_object(request, str(object_id))
        if person is None or not self.has_view_permission(request, person):
            raise Http404
        picture = person_thumbnail_open(person=person)
        if picture is None:
            raise Http404
        return FileResponse(picture, content_type="image/png")

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        """A rule the service refuses (user limit, protected account) comes back as a message;
        the view's transaction is rolled back with everything the save had written."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ApiError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(
        self, request: HttpRequest, obj: Person, form: PersonChangeForm, change: bool
    ) -> None:
        if change:
            fields = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in form.cleaned_data and name != "password"
            }
            person_update(actor=request.user, person=Person.objects.get(pk=obj.pk), fields=fields)
            return
        fields = {name: form.cleaned_data[name] for name in CREATION_FIELDS}
        if form.cleaned_data.get("set_usable_password"):
            fields["password"] = form.cleaned_data["password1"]
        person, _ = person_create(actor=request.user, fields=fields)
        # The admin goes on with its own instance (log entry, redirect): make it that row.
        obj.pk = person.pk
        obj._state.adding = False

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ApiError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request: HttpRequest, obj: Person) -> None:
        person_delete(actor=request.user, person=obj)

    @admin.action(
        description="Deactivate selected persons and revoke their tokens", permissions=["change"]
    )
    def deactivate_selected(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        deactivated = 0
        for person in queryset.filter(active=True):
            try:
                person_deactivate(actor=request.user, person=person)
            except ApiError as error:
                self.message_user(request, f"{person}: {error.message}", messages.ERROR)
            else:
                self.log_change(request, person, value_change_message([("Active", "yes", "no")]))
                deactivated += 1
        self.message_user(request, f"{deactivated} person(s) deactivated.", messages.SUCCESS)

    @admin.action(description="Send an invitation to the selected persons", permissions=["change"])
    def send_invitations(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        invited = queryset.filter(active=True, is_bot=False).exclude(email="")
        for person in invited:
            person_invite(actor=request.user, person=person)
            self.log_change(request, person, "Invitation sent.")
        self.message_user(request, f"{len(invited)} invitation(s) sent.", messages.SUCCESS)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "color", "archived")
    list_filter = ("archived",)
    search_fields = ("name",)
    ordering = ("name",)


@admin.register(Studio)
class StudioAdmin(admin.ModelAdmin):
    list_display = ("name", "color", "archived")
    list_filter = ("archived",)
    search_fields = ("name",)
    ordering = ("name",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """The one organisation row: it can be edited, never added twice nor deleted."""

    CHAT_SECRET_FIELDS = ("chat_token_slack", "chat_webhook_mattermost", "chat_token_discord")

    list_display = ("name", "hours_by_day", "timesheets_locked", "dark_theme_by_default")
    list_filter = ("timesheets_locked",)
    search_fields = ("name",)

    def get_exclude(self, request: HttpRequest, obj: Organisation | None = None):
        # Managers see this page read-only: the chat integration secrets stay hidden from them.
        return () if request.user.is_admin else self.CHAT_SECRET_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        return False


@admin.register(LoginLog)
class LoginLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "person", "origin", "ip_address")
    list_select_related = ("person",)
    list_filter = ("origin",)
    search_fields = ("person__email", "person__first_name", "person__last_name", "ip_address")
    autocomplete_fields = ("person",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)


class SoftwareDepartmentInline(admin.TabularInline):
    model = SoftwareDepartmentLink
    autocomplete_fields = ("department",)
    extra = 0
    verbose_name = "department"
    verbose_name_plural = "departments"


class HardwareItemDepartmentInline(admin.TabularInline):
    model = HardwareItemDepartmentLink
    autocomplete_fields = ("department",)
    extra = 0
    verbose_name = "department"
    verbose_name_plural = "departments"


@admin.register(Software)
class SoftwareAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "version", "file_extension", "monthly_cost", "archived")
    list_select_related = ()
    list_filter = ("archived",)
    search_fields = ("name", "short_name")
    ordering = ("name",)
    inlines = (SoftwareDepartmentInline,)


@admin.register(HardwareItem)
class HardwareItemAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "monthly_cost", "inventory_amount", "archived")
    list_select_related = ()
    list_filter = ("archived",)
    search_fields = ("name", "short_name")
    ordering = ("name",)
    inlines = (HardwareItemDepartmentInline,)


@admin.register(DayOff)
class DayOffAdmin(admin.ModelAdmin):
    list_display = ("person", "date", "end_date", "description")
    list_select_related = ("person",)
    list_filter = ("date",)
    search_fields = ("person__first_name", "person__last_name", "person__email", "description")
    autocomplete_fields = ("person",)
    date_hierarchy = "date"
    ordering = ("-date",)


@admin.register(SalaryScale)
class SalaryScaleAdmin(admin.ModelAdmin):
    list_display = ("department", "position", "seniority", "salary")
    list_select_related = ("department",)
    list_filter = ("position", "seniority", "department")
    search_fields = ("department__name", "position", "seniority")
    autocomplete_fields = ("department",)
    ordering = ("department__name", "position", "seniority")


@admin.register(DesktopLoginLog)
class DesktopLoginLogAdmin(ReadOnlyAdmin):
    list_display = ("date", "person")
    list_select_related = ("person",)
    list_filter = ("date",)
    search_fields = ("person__first_name", "person__last_name", "person__email")
    autocomplete_fields = ("person",)
    date_hierarchy = "date"
    ordering = ("-date",)
