"""Accounts and the studio's structure: persons, departments, studios, the organisation, logins."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kitsu_site.api.models import BaseModel


class Role(models.TextChoices):
    ADMIN = "admin", "Studio Manager"
    MANAGER = "manager", "Production Manager"
    SUPERVISOR = "supervisor", "Supervisor"
    USER = "user", "Artist"
    CLIENT = "client", "Client"
    VENDOR = "vendor", "Vendor"


class ContractType(models.TextChoices):
    OPEN_ENDED = "open-ended", "Open-ended"
    FIXED_TERM = "fixed-term", "Fixed-term"
    SHORT_TERM = "short-term", "Short-term"
    FREELANCE = "freelance", "Freelance"
    APPRENTICE = "apprentice", "Apprentice"
    INTERNSHIP = "internship", "Internship"


class Position(models.TextChoices):
    SUPERVISOR = "supervisor", "Supervisor"
    LEAD = "lead", "Lead"
    ARTIST = "artist", "Artist"


class Seniority(models.TextChoices):
    SENIOR = "senior", "Senior"
    MID = "mid", "Mid"
    JUNIOR = "junior", "Junior"


class TwoFactorMethod(models.TextChoices):
    TOTP = "totp", "TOTP"
    EMAIL_OTP = "email_otp", "Email OTP"
    FIDO = "fido", "FIDO"


class DateFormat(models.TextChoices):
    ISO = "YYYY-MM-DD", "YYYY-MM-DD"
    EUROPEAN = "DD/MM/YYYY", "DD/MM/YYYY"
    AMERICAN = "MM/DD/YYYY", "MM/DD/YYYY"


class Studio(BaseModel):
    """A physical or legal studio people work for (used to split time sheets and quotas)."""

    name = models.CharField(max_length=80, unique=True)
    color = models.CharField(max_length=7)
    archived = models.BooleanField(default=False)

    class Meta:
        db_table = "studio"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(BaseModel):
    """A craft team (Modeling, Animation...): scopes supervisors and task types."""

    name = models.CharField(max_length=80, unique=True)
    color = models.CharField(max_length=7)
    archived = models.BooleanField(default=False)

    class Meta:
        db_table = "department"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PersonManager(BaseUserManager):
    def get_by_natural_key(self, email: str) -> Person:
        """Humans log in by email; bots may share a human's email and never log in."""
        return self.get(email__iexact=email, is_bot=False)

    def create_user(self, email: str, password: str | None = None, **fields) -> Person:
        person = self.model(email=self.normalize_email(email), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields) -> Person:
        return self.create_user(email, password, role=Role.ADMIN, **fields)


def default_timezone() -> str:
    return settings.DEFAULT_TIMEZONE


def default_locale() -> str:
    return settings.DEFAULT_LOCALE


class Person(BaseModel, AbstractBaseUser):
    """Anyone with an account: artists, supervisors, production, clients, vendors, bots."""

    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(max_length=254, db_index=True)
    phone = models.CharField(max_length=30, null=True, blank=True)
    country = models.CharField(max_length=2, null=True, blank=True)
    contract_type = models.CharField(
        max_length=20, choices=ContractType.choices, default=ContractType.OPEN_ENDED
    )
    active = models.BooleanField(default=True)
    archived = models.BooleanField(default=False)
    last_presence = models.DateField(null=True, blank=True)
    desktop_login = models.CharField(max_length=80, null=True, blank=True)
    login_failed_attemps = models.IntegerField(default=0)
    last_login_failed = models.DateTimeField(null=True, blank=True)
    totp_enabled = models.BooleanField(default=False)
    totp_secret = models.CharField(max_length=32, null=True, blank=True)
    email_otp_enabled = models.BooleanField(default=False)
    email_otp_secret = models.CharField(max_length=32, null=True, blank=True)
    fido_enabled = models.BooleanField(default=False)
    fido_credentials = models.JSONField(default=list, blank=True)
    otp_recovery_codes = models.JSONField(default=list, blank=True)
    preferred_two_factor_authentication = models.CharField(
        max_length=20, choices=TwoFactorMethod.choices, null=True, blank=True
    )
    shotgun_id = models.IntegerField(unique=True, null=True, blank=True)
    timezone = models.CharField(max_length=50, default=default_timezone)
    locale = models.CharField(max_length=10, default=default_locale)
    use_12_hour_clock = models.BooleanField(default=False)
    display_date_format = models.CharField(
        max_length=20, choices=DateFormat.choices, default=DateFormat.ISO
    )
    data = models.JSONField(null=True, blank=True)
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.USER)
    position = models.CharField(
        max_length=30, choices=Position.choices, default=Position.ARTIST, null=True, blank=True
    )
    seniority = models.CharField(
        max_length=30, choices=Seniority.choices, default=Seniority.MID, null=True, blank=True
    )
    daily_salary = models.IntegerField(default=0)
    has_avatar = models.BooleanField(default=False)
    notifications_enabled = models.BooleanField(default=False)
    notifications_slack_enabled = models.BooleanField(default=False)
    notifications_slack_userid = models.CharField(max_length=60, default="", blank=True)
    notifications_mattermost_enabled = models.BooleanField(default=False)
    notifications_mattermost_userid = models.CharField(max_length=60, default="", blank=True)
    notifications_discord_enabled = models.BooleanField(default=False)
    notifications_discord_userid = models.CharField(max_length=60, default="", blank=True)
    is_bot = models.BooleanField(default=False)
    is_guest = models.BooleanField(default=False)
    jti = models.CharField(max_length=60, unique=True, null=True, blank=True)
    # Carried by every token issued; bumping it refuses all earlier tokens (deactivation).
    token_generation = models.IntegerField(default=0)
    preview_project_id = models.UUIDField(null=True, blank=True)
    preview_opened_at = models.DateTimeField(null=True, blank=True)
    preview_open_until = models.DateTimeField(null=True, blank=True)
    expiration_date = models.DateField(null=True, blank=True)
    is_generated_from_ldap = models.BooleanField(default=False)
    ldap_uid = models.CharField(max_length=60, unique=True, null=True, blank=True)
    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, null=True, blank=True, related_name="persons"
    )
    departments = models.ManyToManyField(
        Department, through="DepartmentLink", related_name="persons", blank=True
    )

    objects = PersonManager()

    # What proves who a person is: never shown, never filtered on, never edited as data.
    CREDENTIAL_FIELDS = (
        "password",
        "totp_secret",
        "email_otp_secret",
        "otp_recovery_codes",
        "fido_credentials",
        "jti",
        "token_generation",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        db_table = "person"
        ordering = ["first_name", "last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(is_bot=False), name="person_unique_human_email"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def preview_window_open(self, now: dt.datetime | None = None) -> bool:
        """False for a project's preview account that is closed or whose window has passed
        (it may then neither log in nor use its tokens); True for every other account."""
        if self.preview_project_id is None:
            return True
        until = self.preview_open_until
        return until is not None and until > (now or timezone.now())

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part).strip()

    # -- what Django's auth and admin ask of a user ----------------------------------------------
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role in (Role.ADMIN, Role.MANAGER)

    @property
    def is_staff(self) -> bool:
        """Studio managers and production managers may open the console."""
        return self.active and not self.is_bot and self.is_manager

    @property
    def is_superuser(self) -> bool:
        return self.active and self.is_admin

    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        if not self.is_staff:
            return False
        return self.is_admin or perm.split(".", 1)[-1].startswith("view_")

    def has_perms(self, perm_list, obj: models.Model | None = None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_staff


class DepartmentLink(models.Model):
    """A person's membership of a department."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="department_links")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="person_links"
    )

    class Meta:
        db_table = "department_link"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "department"], name="department_link_unique_person_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.department}"


class Organisation(BaseModel):
    """The studio as a whole: its name, working hours and chat integrations. One row only."""

    DEFAULT_NAME = "Kitsu"

    name = models.CharField(max_length=80, unique=True)
    hours_by_day = models.FloatField(default=8)
    has_avatar = models.BooleanField(default=False)
    use_original_file_name = models.BooleanField(default=False)
    timesheets_locked = models.BooleanField(default=False)
    format_duration_in_hours = models.BooleanField(default=False)
    hd_by_default = models.BooleanField(default=False)
    chat_token_slack = models.CharField(max_length=80, default="", blank=True)
    chat_webhook_mattermost = models.CharField(max_length=80, default="", blank=True)
    chat_token_discord = models.CharField(max_length=80, default="", blank=True)
    dark_theme_by_default = models.BooleanField(default=False)

    class Meta:
        db_table = "organisation"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Organisation:
        """The organisation, created with the reference defaults on first use."""
        organisation = cls.objects.order_by("created_at").first()
        if organisation is None:
            organisation, _ = cls.objects.get_or_create(name=cls.DEFAULT_NAME)
        return organisation


class LoginOrigin(models.TextChoices):
    WEB = "web", "Web"
    SCRIPT = "script", "Script"


class LoginLog(BaseModel):
    """One successful login: who, from where, through the web app or a script."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="login_logs")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    origin = models.CharField(max_length=10, choices=LoginOrigin.choices)

    class Meta:
        db_table = "login_log"

    def __str__(self) -> str:
        return f"{self.person} ({self.origin})"


class RevokedToken(models.Model):
    """An access or refresh token logged out before it expired; kept until it would expire."""

    jti = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "revoked_token"

    def __str__(self) -> str:
        return self.jti


class DesktopLoginLog(BaseModel):
    """A login to a workstation, reported by the studio's desktop tools."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="desktop_logins")
    date = models.DateTimeField()

    class Meta:
        db_table = "desktop_login_log"

    def __str__(self) -> str:
        return f"{self.person_id} at {self.date}"
