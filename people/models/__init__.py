"""The people app's models, split by area."""

from people.models.accounts import (
    ContractType,
    DateFormat,
    Department,
    DepartmentLink,
    DesktopLoginLog,
    LoginLog,
    LoginOrigin,
    Organisation,
    Person,
    PersonManager,
    Position,
    RevokedToken,
    Role,
    Seniority,
    Studio,
    TwoFactorMethod,
    default_locale,
    default_timezone,
)
from people.models.chats import Chat, ChatMessage
from people.models.equipment import (
    HardwareItem,
    HardwareItemDepartmentLink,
    Software,
    SoftwareDepartmentLink,
)
from people.models.salaries import SalaryScale
from people.models.time import DayOff, TimeSpent

__all__ = [
    "Chat",
    "ChatMessage",
    "ContractType",
    "DateFormat",
    "DayOff",
    "Department",
    "DepartmentLink",
    "DesktopLoginLog",
    "HardwareItem",
    "HardwareItemDepartmentLink",
    "LoginLog",
    "LoginOrigin",
    "Organisation",
    "Person",
    "PersonManager",
    "Position",
    "RevokedToken",
    "Role",
    "SalaryScale",
    "Seniority",
    "Software",
    "SoftwareDepartmentLink",
    "Studio",
    "TimeSpent",
    "TwoFactorMethod",
    "default_locale",
    "default_timezone",
]
