"""Software, hardware items and their use per department."""

import re

from django.urls import re_path

from kitsu_site.api.routers import ZouRouter
from people import views_equipment as views


def route(pattern: str, view, **initkwargs):
    regex = re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", pattern)
    return re_path(rf"^{regex}/?$", view.as_view(**initkwargs))


router = ZouRouter()
router.register("data/softwares", views.SoftwareViewSet, basename="software")
router.register("data/hardware-items", views.HardwareItemViewSet, basename="hardware-item")

DEPARTMENT = "data/departments/<department_id>"

urlpatterns = [
    # Before the departments router, which would take these names for ids.
    route(
        "data/departments/software-licenses",
        views.AllDepartmentsEquipmentView,
        equipment=views.SOFTWARE,
    ),
    route(
        "data/departments/hardware-items",
        views.AllDepartmentsEquipmentView,
        equipment=views.HARDWARE_ITEMS,
    ),
    route(
        f"{DEPARTMENT}/software-licenses", views.DepartmentEquipmentView, equipment=views.SOFTWARE
    ),
    route(
        f"{DEPARTMENT}/hardware-items",
        views.DepartmentEquipmentView,
        equipment=views.HARDWARE_ITEMS,
    ),
    route(
        f"{DEPARTMENT}/software-licenses/<item_id>",
        views.DepartmentEquipmentItemView,
        equipment=views.SOFTWARE,
    ),
    route(
        f"{DEPARTMENT}/hardware-items/<item_id>",
        views.DepartmentEquipmentItemView,
        equipment=views.HARDWARE_ITEMS,
    ),
    *router.urls,
]
