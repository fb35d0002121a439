"""Saved searches of Kitsu's lists, personal or shared with a project or a department."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models import Department, Person
from production.models.projects import Project


class SearchFilterGroup(BaseModel):
    """A named, coloured folder of saved searches."""

    list_type = models.CharField(max_length=80, db_index=True)
    entity_type = models.CharField(max_length=80, null=True, blank=True)
    name = models.CharField(max_length=200)
    color = models.CharField(max_length=8)
    is_shared = models.BooleanField(default=False)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="filter_groups"
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="filter_groups"
    )
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True, related_name="filter_groups"
    )

    class Meta:
        db_table = "search_filter_group"

    def __str__(self) -> str:
        return self.name


class SearchFilter(BaseModel):
    """A saved search query of one of Kitsu's lists."""

    list_type = models.CharField(max_length=80, db_index=True)
    entity_type = models.CharField(max_length=80, null=True, blank=True)
    name = models.CharField(max_length=200)
    search_query = models.CharField(max_length=500)
    is_shared = models.BooleanField(default=False)
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True, related_name="search_filters"
    )
    search_filter_group = models.ForeignKey(
        SearchFilterGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="search_filters",
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="search_filters"
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="search_filters"
    )

    class Meta:
        db_table = "search_filter"

    def __str__(self) -> str:
        return self.name
