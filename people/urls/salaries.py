"""Salary scale routes."""

from kitsu_site.api.routers import ZouRouter
from people.views_salaries import SalaryScaleViewSet

router = ZouRouter()
router.register("data/salary-scales", SalaryScaleViewSet, basename="salary-scale")

urlpatterns = [*router.urls]
