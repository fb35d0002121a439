"""Factories for projects, the breakdown and tasks."""

import factory

from production.models import (
    Entity,
    EntityType,
    Project,
    ProjectPersonLink,
    ProjectStatus,
    Task,
    TaskStatus,
    TaskType,
)


def open_status() -> ProjectStatus:
    return ProjectStatus.objects.get_or_create(name="Open", defaults={"color": "#000000"})[0]


def closed_status() -> ProjectStatus:
    return ProjectStatus.objects.get_or_create(name="Closed", defaults={"color": "#000000"})[0]


def entity_type(name: str) -> EntityType:
    return EntityType.objects.get_or_create(name=name)[0]


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    project_status = factory.LazyFunction(open_status)


def add_to_team(project: Project, person, role: str | None = None) -> ProjectPersonLink:
    return ProjectPersonLink.objects.create(project=project, person=person, role=role)


class TaskStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskStatus
        django_get_or_create = ("short_name",)

    name = factory.Sequence(lambda n: f"Status {n}")
    short_name = factory.Sequence(lambda n: f"st{n}")
    color = "#999999"


class TaskTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskType

    name = factory.Sequence(lambda n: f"Task type {n}")
    for_entity = "Asset"


class EntityFactory(factory.django.DjangoModelFactory):
    """An asset of type Character by default; use the helpers below for the other kinds."""

    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Entity {n}")
    project = factory.SubFactory(ProjectFactory)
    entity_type = factory.LazyFunction(lambda: entity_type("Character"))


def episode(project: Project, name: str = "E01") -> Entity:
    return EntityFactory(project=project, name=name, entity_type=entity_type("Episode"))


def sequence(project: Project, name: str = "SQ01", episode: Entity | None = None) -> Entity:
    return EntityFactory(
        project=project, name=name, entity_type=entity_type("Sequence"), parent=episode
    )


def shot(project: Project, sequence: Entity, name: str = "SH010", **fields) -> Entity:
    return EntityFactory(
        project=project, name=name, entity_type=entity_type("Shot"), parent=sequence, **fields
    )


def asset(project: Project, name: str = "Hero", type_name: str = "Character", **fields) -> Entity:
    return EntityFactory(project=project, name=name, entity_type=entity_type(type_name), **fields)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    entity = factory.SubFactory(EntityFactory)
    project = factory.LazyAttribute(lambda task: task.entity.project)
    task_type = factory.SubFactory(TaskTypeFactory)
    task_status = factory.LazyFunction(
        lambda: TaskStatusFactory(short_name="todo", name="Todo", is_default=True)
    )
