"""File paths built from a project's file tree, the way Kitsu pipelines expect them.

A file tree (`Project.file_tree`) has one section per mode (`working`, `output`...), each with a
`mountpoint`, a `root` and two template tables, `folder_path` and `file_name`, keyed by entity
kind (`shot`, `sequence`, `episode`, `scene`, `asset`, `instance`) plus a `style`
(`lowercase` by default, or `uppercase`). Templates name values in angle brackets: `<Project>`,
`<Episode>`, `<Sequence>`, `<Shot>`, `<Scene>`, `<Asset>`, `<AssetType>`, `<Task>`,
`<TaskType>`, `<Software>`, `<OutputType>`, `<Name>`, `<Revision>`, `<Representation>`,
`<Instance>`, `<TemporalEntity>`; `<Model.short_name>` takes the short name instead of the name.

Each value is slugified (`_` between words) and styled; the literal text of a folder template is
kept as written, with `/` turned into the separator the caller asked for; a whole file name is
slugified again, so stray separators at its ends disappear.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from kitsu_site.api.errors import NotFound, WrongParameter
from production.models import Entity, EntityType

TOKEN = re.compile(r"<([\w.]*)>")
NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
# Temporal kinds with their own template; every other entity (assets, edits, concepts) uses
# the `asset` template, as in the reference.
TEMPLATE_KINDS = {"Shot": "shot", "Sequence": "sequence", "Episode": "episode", "Scene": "scene"}
# What `<Episode>` gives when the entity belongs to no episode.
DEFAULT_EPISODE = "e001"
NAMED_VALUES = ("Project", "Software", "OutputType", "TaskType")


@dataclass(frozen=True)
class PathRequest:
    """Everything a template may name. `entity` comes with its type, project and parents
    loaded (`select_related("entity_type", "project", "parent__parent")`)."""

    entity: Entity
    mode: str
    name: str = "main"
    revision: int = 1
    separator: str = "/"
    task: Any = None
    task_type: Any = None
    software: Any = None
    output_type: Any = None
    representation: str = ""
    asset_instance: Any = None
    temporal_entity: Entity | None = None


@dataclass(frozen=True)
class BuiltPath:
    folder: str
    file_name: str

    def joined(self, separator: str) -> str:
        return join_path(self.folder, self.file_name, separator)


def slugify(value: Any) -> str:
    """ASCII lowercase words joined by `_` ("Élise's Café" → "elise_s_cafe")."""
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    return NON_ALPHANUMERIC.sub("_", text.lower()).strip("_")


def apply_style(value: str, style: str | None) -> str:
    return value.upper() if style == "uppercase" else value


def join_path(left: str, right: str, separator: str) -> str:
    if left and not left.endswith(separator):
        return f"{left}{separator}{right}"
    return f"{left}{right}"


def tree_of(project: Any) -> dict[str, Any]:
    if not project.file_tree:
        raise WrongParameter("No tree can be found for given project.")
    return project.file_tree


def mode_section(tree: dict[str, Any], mode: str) -> dict[str, Any]:
    section = tree.get(mode)
    if not isinstance(section, dict):
        raise WrongParameter(f"Mode {mode} cannot be found on given tree.")
    return section


def template_kind(request: PathRequest) -> str:
    if request.asset_instance is not None:
        return "instance"
    return TEMPLATE_KINDS.get(request.entity.entity_type.name, "asset")


def template_of(section: dict[str, Any], table: str, kind: str) -> tuple[str, str | None]:
    templates = section.get(table)
    if not isinstance(templates, dict) or not isinstance(templates.get(kind), str):
        raise WrongParameter(f"The file tree has no {table} template for {kind}.")
    return templates[kind], templates.get("style")


def build_path(project: Any, request: PathRequest) -> BuiltPath:
    """The folder and file name the project's tree gives for `request`."""
    section = mode_section(tree_of(project), request.mode)
    kind = template_kind(request)
    folder_template, folder_style = template_of(section, "folder_path", kind)
    name_template, name_style = template_of(section, "file_name", kind)
    sep = request.separator
    root = f"{section.get('mountpoint') or ''}{sep}{section.get('root') or ''}"
    folder = render(folder_template, request, folder_style, representation=True)
    file_name = render(name_template, request, name_style, representation=False)
    return BuiltPath(
        folder=join_path(root, folder.replace("/", sep), sep),
        file_name=apply_style(slugify(file_name.replace("/", sep)), name_style),
    )


def render(template: str, request: PathRequest, style: str | None, *, representation: bool) -> str:
    def substitute(match: re.Match) -> str:
        value = token_value(match.group(1), request, representation=representation)
        return apply_style(slugify(value), style)

    return TOKEN.sub(substitute, template)


def token_value(token: str, request: PathRequest, *, representation: bool) -> str:
    """The raw text a template token stands for."""
    data_type, _, attribute = token.partition(".")
    short = attribute == "short_name"
    entity = request.entity
    if data_type in NAMED_VALUES:
        return _named(_named_source(data_type, request), short, token)
    if short:
        raise WrongParameter(f"{data_type} has no short name.")
    if data_type in ("Shot", "Scene", "Asset"):
        return entity.name
    if data_type == "Episode":
        episode = _ancestor(entity, "Episode")
        return episode.name if episode is not None else DEFAULT_EPISODE
    if data_type == "Sequence":
        sequence = _ancestor(entity, "Sequence")
        return sequence.name if sequence is not None else ""
    if data_type == "AssetType":
        return _asset_type_name(entity)
    if data_type == "Task":
        return request.task.name if request.task is not None else ""
    if data_type == "Name":
        return request.name
    if data_type == "Revision":
        return f"{request.revision:03d}"
    if data_type == "Representation":
        return request.representation if representation else ""
    if data_type == "Instance":
        return request.asset_instance.name or "" if request.asset_instance is not None else ""
    if data_type == "TemporalEntity":
        return (request.temporal_entity or entity).name
    raise WrongParameter(f"Unknown data type: {data_type}.")


def _named_source(data_type: str, request: PathRequest) -> Any:
    return {
        "Project": request.entity.project,
        "Software": request.software,
        "OutputType": request.output_type,
        "TaskType": request.task_type,
    }[data_type]


def _named(source: Any, short: bool, token: str) -> str:
    if source is None:
        raise WrongParameter(f"No value for {token}.")
    if short and not hasattr(source, "short_name"):
        raise WrongParameter(f"{type(source).__name__} has no short name.")
    return (source.short_name if short else source.name) or ""


def _ancestor(entity: Entity, type_name: str) -> Entity | None:
    """The entity itself or its nearest parent of that temporal type (shots → sequence →
    episode), None for assets and entities outside that chain."""
    if entity.entity_type.name not in EntityType.TEMPORAL_NAMES:
        return None
    current: Entity | None = entity
    for _depth in range(3):
        if current is None:
            return None
        if current.entity_type.name == type_name:
            return current
        current = current.parent
    return None


def _asset_type_name(entity: Entity) -> str:
    if entity.entity_type.name in EntityType.TEMPORAL_NAMES:
        raise NotFound()
    return entity.entity_type.name


def match_path(tree: dict[str, Any], file_path: str, separator: str) -> list[tuple[str, list]]:
    """The folder templates of every mode that `file_path` fits, each with the (token, text)
    pairs read from the path in template order. Literal parts must match (case aside); the
    parts after the template's (the file name) are ignored."""
    path = file_path.replace(separator, "/")
    matches = []
    for section in tree.values():
        if not isinstance(section, dict) or not isinstance(section.get("folder_path"), dict):
            continue
        root = f"{section.get('mountpoint') or ''}/{section.get('root') or ''}".rstrip("/")
        if not path.lower().startswith(f"{root}/".lower()):
            continue
        parts = [part for part in path[len(root) :].split("/") if part]
        for kind, template in section["folder_path"].items():
            if kind == "style" or not isinstance(template, str):
                continue
            values = _match_template(template, parts)
            if values is not None:
                matches.append((kind, values))
    return matches


def _match_template(template: str, parts: list[str]) -> list | None:
    template_parts = [part for part in template.split("/") if part]
    if len(parts) < len(template_parts):
        return None
    values: list = []
    for template_part, part in zip(template_parts, parts, strict=False):
        pieces = TOKEN.split(template_part)  # literal, token, literal, token, ..., literal
        tokens = pieces[1::2]
        pattern = "(.+?)".join(re.escape(literal) for literal in pieces[0::2])
        found = re.fullmatch(pattern, part, flags=re.IGNORECASE)
        if found is None:
            return None
        values.extend(zip(tokens, found.groups(), strict=True))
    return values
