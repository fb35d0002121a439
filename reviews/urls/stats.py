"""Statistics routes."""

from django.urls import path

from reviews.views.stats import StatsView

urlpatterns = [path("stats", StatsView.as_view())]
