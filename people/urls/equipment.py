"""Software, hardware items and their use per department."""

from kitsu_site.api.routers import ZouRouter, route
from people import views_equipment as views

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
