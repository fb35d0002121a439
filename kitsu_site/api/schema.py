"""Hooks shaping the generated OpenAPI schema (`/openapi.json`) into a faithful description of
the served API, for the API docs and the fuzzing of `tests/security/test_fuzz.py`:

- each route once, at its reference path: the copies served under `/api` are left out and the
  optional trailing slash is not written;
- ids in paths are uuids;
- views that read a body without declaring a serializer get one described from their code:
  the keys they read (`body.get("name")`, `inputs.required_str(body, "name")`,
  `validated(NameInput, body)`), or a multipart `file` when they take an upload;
- the query parameters each operation reads are described from its code the same way
  (`request.query_params.get("name")`, `parse_flag(params, "force")`, and the functions handed
  the query string), and the `/data/<model>` lists add the reference filters: every column.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.db import models
from rest_framework import serializers

from kitsu_site.api.listing import RESERVED_KEYS, filterable_fields
from kitsu_site.api.viewsets import ZouModelViewSet

API_PREFIX = "/api"
WRITE_METHODS = ("post", "put", "patch")
# What a handler reads its body through as an object (besides `request.data`).
BODY_READERS = {"body_dict", "body_of", "body_uuid", "validated"}
BODY_NAMES = {"body", "data", "payload", "request", "values", "fields"}
# Reads of the query string, the headers or the files: not keys of the JSON body.
NOT_BODY = re.compile(r"query_params|\bGET\b|META|headers|FILES|COOKIES|settings|kwargs")
ATTRIBUTE_BUILTINS = {"hasattr", "getattr", "setattr"}
# The query string, as views name it, and the names of the readers that parse a boolean or an
# integer out of it (`parse_flag`, `parse_int`, `_positive`): any other value is a string.
QUERY_STRING = re.compile(r"(\bquery_params|\bGET)$")
QUERY_READ = re.compile(r"\b(query_params|GET)\b")
BOOLEAN_READER = re.compile(r"bool|flag|relations")
INTEGER_READER = re.compile(r"int\b|limit|positive")
QUERY_FUNCTION_DEPTH = 3
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
UUID = {"type": "string", "format": "uuid"}
ANY: dict[str, Any] = {}
BOOLEAN = {"type": "boolean"}
INTEGER = {"type": "integer"}
STRING = {"type": "string"}
SERIALIZER_FIELD_TYPES = (
    (serializers.BooleanField, BOOLEAN),
    (serializers.IntegerField, INTEGER),
    (serializers.FloatField, {"type": "number"}),
    (serializers.UUIDField, UUID),
    (serializers.ListField, {"type": "array"}),
    (serializers.CharField, STRING),
)
MODEL_FIELD_TYPES = (
    (models.BooleanField, BOOLEAN),
    (models.IntegerField, INTEGER),
    (models.UUIDField, UUID),
)


def without_api_copies(endpoints: list[tuple]) -> list[tuple]:
    """PREPROCESSING_HOOK: the routes served at the root only (each is also under `/api`)."""
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0] != API_PREFIX and not endpoint[0].startswith(f"{API_PREFIX}/")
    ]


def describe_operations(result: dict, generator, request, public) -> dict:
    """POSTPROCESSING_HOOK: uuid path ids, the bodies and query parameters views read,
    reference paths."""
    callbacks = {
        (path, method.lower()): callback for path, _, method, callback in generator.endpoints
    }
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            declare_uuid_path_parameters(operation)
            callback = callbacks.get((path, method))
            if callback:
                declare_query_parameters(operation, callback, method)
            if method in WRITE_METHODS and "requestBody" not in operation and callback:
                body = request_body(callback.cls, handler_name(callback, method))
                if body:
                    operation["requestBody"] = body
    result["paths"] = {
        reference_path(path): operations for path, operations in result["paths"].items()
    }
    return result


def handler_name(callback: Callable, method: str) -> str:
    """The view method answering `method` (a viewset's action)."""
    return (getattr(callback, "actions", None) or {}).get(method, method)


def reference_path(path: str) -> str:
    """The path without the trailing slash every route also answers to."""
    return path.rstrip("/") or "/"


def is_id(name: str) -> bool:
    return name == "id" or name.endswith("_id")


def declare_uuid_path_parameters(operation: dict) -> None:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path" and is_id(parameter["name"]):
            parameter["schema"] = dict(UUID)


# -- bodies read by the views -------------------------------------------------------------------


def request_body(view_class: type, method: str) -> dict | None:
    """The body a view's handler reads, as an OpenAPI `requestBody`; None when it reads none.

    An object with the keys read when it reads keys (or parses an object), any JSON when it
    hands the whole body on (a list of ids, a casting), a multipart form when it takes files."""
    reads = body_reads(view_class, method)
    content = {}
    if reads.takes_object or reads.properties:
        fields = {"type": "object", "properties": reads.properties, "additionalProperties": True}
        content["application/json"] = {"schema": fields}
    elif reads.reads_body:
        content["application/json"] = {"schema": dict(ANY)}
    if reads.uploads:
        file = {"type": "string", "format": "binary"}
        form = {"type": "object", "properties": {**reads.properties, "file": file}}
        content["multipart/form-data"] = {"schema": form}
    return {"content": content} if content else None


class BodyReads(ast.NodeVisitor):
    """What one handler's code reads of the request: body keys, the body itself, uploads."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = namespace
        self.properties: dict[str, dict] = {}
        self.takes_object = False
        self.reads_body = False
        self.uploads = False

    def visit_Call(self, node: ast.Call) -> None:
        name = called_name(node)
        if name.startswith("uploaded"):
            self.uploads = True
        elif name in BODY_READERS:
            self.takes_object = True
        if name == "validated" and node.args:
            self.add_serializer_fields(node.args[0])
        elif name == "get" and node.args and not self.reads_elsewhere(node.func):
            self.add_key(node.args[0])
        elif (
            len(node.args) >= 2
            and name not in ATTRIBUTE_BUILTINS
            and is_body_argument(node.args[0])
        ):
            self.add_key(node.args[1])
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if isinstance(node.ctx, ast.Load) and not self.reads_elsewhere(node.value):
            self.add_key(node.slice)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "FILES":
            self.uploads = True
        elif node.attr in {"data", "POST"} and ast.unparse(node.value) == "request":
            self.reads_body = True
        self.generic_visit(node)

    def reads_elsewhere(self, node: ast.AST) -> bool:
        return bool(NOT_BODY.search(ast.unparse(node)))

    def add_key(self, node: ast.AST) -> None:
        if is_key(node):
            self.properties.setdefault(node.value, key_schema(node.value))

    def add_serializer_fields(self, node: ast.AST) -> None:
        serializer = self.namespace.get(ast.unparse(node))
        if isinstance(serializer, type) and issubclass(serializer, serializers.Serializer):
            for name, field in serializer().fields.items():
                self.properties[name] = field_schema(field)


def called_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def is_body_argument(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return node.id in BODY_NAMES
    return isinstance(node, ast.Call) and called_name(node) in BODY_READERS


def key_schema(key: str) -> dict:
    if is_id(key):
        return dict(UUID)
    if key.endswith("_ids"):
        return {"type": "array", "items": dict(UUID)}
    return dict(ANY)


def field_schema(field: serializers.Field) -> dict:
    for field_class, schema in SERIALIZER_FIELD_TYPES:
        if isinstance(field, field_class):
            return dict(schema)
    return dict(ANY)


@cache
def body_reads(view_class: type, method: str) -> BodyReads:
    """The reads of the handler and of the view's methods it calls on `self`."""
    handler = inspect.unwrap(getattr(view_class, method))
    reads = BodyReads(handler.__globals__)
    for function in handler_and_helpers(view_class, handler):
        reads.visit(ast.parse(source_of(function)))
    return reads


def source_of(function: Callable) -> str:
    return textwrap.dedent(inspect.getsource(function))


def handler_and_helpers(view_class: type, handler: Callable) -> list[Callable]:
    """The handler, the view methods it calls and the functions of its app it passes the
    request to (`_ordered_ids(request, "task_type_ids")`)."""
    functions = [handler]
    source = source_of(handler)
    for name in re.findall(r"self\.(\w+)\(", source):
        functions.append(getattr(view_class, name, None))
    app = handler.__module__.split(".")[0]
    for name in re.findall(r"\b(\w+)\(request\b", source):
        helper = handler.__globals__.get(name)
        if getattr(helper, "__module__", "").split(".")[0] == app:
            functions.append(helper)
    return list(dict.fromkeys(f for f in functions if inspect.isfunction(f)))


# -- query parameters read by the views ---------------------------------------------------------


def declare_query_parameters(operation: dict, callback: Callable, method: str) -> None:
    """The query parameters the operation's handler reads, besides those already declared."""
    action = handler_name(callback, method)
    read = dict(query_reads(callback.cls, action))
    if issubclass(callback.cls, ZouModelViewSet) and action == "list":
        read = {**list_filters(callback.cls), **read}
    parameters = operation.setdefault("parameters", [])
    declared = {parameter["name"] for parameter in parameters if parameter["in"] == "query"}
    for name, schema in read.items():
        if name not in declared:
            parameters.append({"in": "query", "name": name, "required": False, "schema": schema})
    if not parameters:
        del operation["parameters"]


def list_filters(view_class: type[ZouModelViewSet]) -> dict[str, dict]:
    """The reference list filters of a `/data/<model>` resource: each column and relation its
    wire shows (never a secret), less its private ones, and its computed filters."""
    wire = view_class.serializer_class.wire
    shown = {
        *wire.leading_keys,
        *wire.trailing_keys,
        *(relation.key for relation in wire.relations),
    }
    columns = model_filters(wire.model, shown - view_class.private_filters)
    return {**columns, **{name: uuid_or(name, STRING) for name in view_class.computed_filters}}


def model_filters(model: type[models.Model], shown: set[str] | None = None) -> dict[str, dict]:
    """The columns a list of `model` filters on (those in `shown`) and the reserved keys."""
    columns = {
        name: model_field_schema(field)
        for name, field in filterable_fields(model).items()
        if (shown is None or name in shown) and name not in RESERVED_KEYS
    }
    return {**columns, **{name: dict(STRING) for name in sorted(RESERVED_KEYS)}}


def model_field_schema(field: models.Field) -> dict:
    target = field.target_field if field.is_relation else field
    for field_class, schema in MODEL_FIELD_TYPES:
        if isinstance(target, field_class):
            return dict(schema)
    return dict(STRING)


class QueryReads(ast.NodeVisitor):
    """The query keys one function reads, and the project's functions it hands the query
    string to. It reaches the query string as `request.query_params` (or `request.GET`), as
    the names `params` it gave that or was handed it under."""

    def __init__(self, namespace: dict[str, Any], params: set[str]) -> None:
        self.namespace = namespace
        self.params = params
        self.keys: dict[str, dict] = {}
        self.handed_to: list[tuple[Callable, str]] = []

    def visit_Assign(self, node: ast.Assign) -> None:
        if self.is_query_string(node.value):
            self.params.update(ast.unparse(target) for target in node.targets)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and self.is_query_string(func.value):
            if func.attr in {"get", "getlist"} and node.args:
                self.add_key(node.args[0], STRING)
        else:
            self.read_through(node)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if self.is_query_string(node.value):
            self.add_key(node.slice, STRING)
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        """`params.get("only_files") == "true"` reads a boolean."""
        words = {getattr(other, "value", None) for other in node.comparators}
        if words & {"true", "false"} and (key := self.read_key(node.left)):
            self.keys[key] = dict(BOOLEAN)
        self.generic_visit(node)

    def read_through(self, node: ast.Call) -> None:
        """A call handed the query string: its string arguments are keys (`parse_int(params,
        "page", 1)`, `Window.from_params(params, cursor_key="cursor_event_id")`), and the
        project's function it calls is read in turn."""
        arguments = [(index, argument) for index, argument in enumerate(node.args)]
        arguments += [(keyword.arg, keyword.value) for keyword in node.keywords]
        handed = [position for position, argument in arguments if self.is_query_string(argument)]
        if not handed and not self.hands_request_to_query_reader(node):
            self.type_keys_read(node.args, reader_schema(called_name(node)))
            return
        schema = reader_schema(called_name(node)) or dict(STRING)
        for _, argument in arguments:
            self.add_argument_keys(argument, schema)
        function = project_function(self.namespace, node.func)
        if function is not None and handed:
            self.handed_to.append((function, parameter_name(function, handed[0])))

    def hands_request_to_query_reader(self, node: ast.Call) -> bool:
        """`_query_int(request, "frame_number", minimum=1)`: a helper of the project handed
        the request reads the query string under the keys it is given."""
        if not any(ast.unparse(argument) == "request" for argument in node.args):
            return False
        function = project_function(self.namespace, node.func)
        return function is not None and bool(QUERY_READ.search(source_of(function)))

    def type_keys_read(self, nodes: list[ast.AST], schema: dict | None) -> None:
        """`parse_bool(params.get("silent"))`: the keys read inside a parser are of its type."""
        for node in nodes if schema else ():
            if key := self.read_key(node):
                self.keys[key] = dict(schema)

    def add_argument_keys(self, node: ast.AST, schema: dict) -> None:
        """The keys an argument handed with the query string names: a string, a literal or
        named collection of them (`("task_id", "name")`, `OUTPUT_FILE_FILTERS`), or a model
        whose list filters apply (`parse_list_query(params, Entity)`)."""
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            for element in node.elts:
                self.add_key(element, schema)
        elif isinstance(node, ast.Name | ast.Subscript):
            value = self.namespace.get(ast.unparse(getattr(node, "value", node)))
            if isinstance(value, type) and issubclass(value, models.Model):
                self.keys = {**model_filters(value), **self.keys}
            for key in named_keys(value):
                self.keys.setdefault(key, uuid_or(key, STRING))
        else:
            self.add_key(node, schema)

    def read_key(self, node: ast.AST) -> str | None:
        """The key of `params.get("key")`, if that is what `node` is."""
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"get", "getlist"}
            and self.is_query_string(node.func.value)
            and node.args
            and is_key(node.args[0])
        ):
            return node.args[0].value
        return None

    def is_query_string(self, node: ast.AST) -> bool:
        text = ast.unparse(node)
        return text in self.params or bool(QUERY_STRING.search(text))

    def add_key(self, node: ast.AST, schema: dict) -> None:
        if is_key(node):
            self.keys.setdefault(node.value, uuid_or(node.value, schema))


def named_keys(value: Any) -> list[str]:
    """The keys a named constant lists: its strings, a mapping's keys, or those of each kind
    for a table by kind (`ANCESTOR_FILTERS[kind]`)."""
    if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
        return [key for table in value.values() for key in named_keys(table)]
    if isinstance(value, dict | list | tuple | set | frozenset):
        return [key for key in value if isinstance(key, str) and KEY.match(key)]
    return []


def is_key(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(KEY.match(node.value))
    )


def uuid_or(key: str, schema: dict) -> dict:
    return dict(UUID) if is_id(key) and schema == STRING else dict(schema)


def reader_schema(name: str) -> dict | None:
    if BOOLEAN_READER.search(name):
        return dict(BOOLEAN)
    if INTEGER_READER.search(name):
        return dict(INTEGER)
    return None


def project_function(namespace: dict[str, Any], node: ast.AST) -> Callable | None:
    """The function of the project (not of a library) that `node` names in `namespace`."""
    names = ast.unparse(node).split(".")
    value = namespace.get(names[0])
    for name in names[1:]:
        value = getattr(value, name, None)
    function = inspect.unwrap(getattr(value, "__func__", value)) if value is not None else None
    if not inspect.isfunction(function):
        return None
    path = inspect.getfile(function)
    in_project = path.startswith(str(settings.BASE_DIR)) and "site-packages" not in path
    return function if in_project else None


def parameter_name(function: Callable, position: int | str) -> str:
    if isinstance(position, str):
        return position
    names = [name for name in inspect.signature(function).parameters if name not in {"cls", "self"}]
    return names[position] if position < len(names) else ""


@cache
def query_reads(view_class: type, method: str) -> tuple[tuple[str, dict], ...]:
    """The query keys a handler reads (with the view methods and the functions of its app it
    calls, as for bodies), following the query string into the functions it is handed to."""
    handler = inspect.unwrap(getattr(view_class, method))
    keys: dict[str, dict] = {}
    for function in handler_and_helpers(view_class, handler):
        keys.update(function_query_reads(function, "", QUERY_FUNCTION_DEPTH))
    return tuple(keys.items())


def function_query_reads(function: Callable, params: str, depth: int) -> dict[str, dict]:
    reads = QueryReads(function.__globals__, {params} if params else set())
    tree = ast.parse(source_of(function))
    reads.visit(tree)
    if params:
        # A reader handed the query string parses by its name: `parse_relations(params)`.
        reads.type_keys_read(list(ast.walk(tree)), reader_schema(function.__name__))
    keys = dict(reads.keys)
    for callee, callee_params in reads.handed_to if depth else ():
        # The function parsing a key knows its type best.
        keys.update(function_query_reads(callee, callee_params, depth - 1))
    return keys
