"""The world the guard rails run in, and what they know of routes and operations.

Two counties of the small tree, each filled by every app's ``samples.build`` with its own
marker; per county one user for each role that can be limited to a county (the programme
officer once per programme module) and one user holding all of them. Records of a county
are the rows its ``build`` call created (``build_shared`` makes what a province's counties
share, before either county is built, so it belongs to neither).

Routes come from the URL conf, operations from the OpenAPI document: nothing here names a
page or an endpoint, so a new one is in every check the moment it is mounted.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import import_module
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from abadi.accounts.models import RoleAssignment, User
from abadi.accounts.services import token_create
from abadi.core.access import PUBLIC, declared_access, declared_record
from abadi.core.api_access import api_operations
from abadi.core.middleware import is_self_guarded
from abadi.core.permissions import PROGRAMME_MODULES, Role
from abadi.testing import area_tree
from config.api import api

COUNTIES = {"A": ("2401", "QXALPHAMARK"), "B": ("2403", "QXBETAMARK")}
PROVINCE = "24"

# Every role that can be limited to a county; the programme officer once per module.
COUNTY_ROLES: list[tuple[str, str, str]] = [
    ("county_officer", Role.COUNTY_OFFICER, ""),
    ("data_clerk", Role.DATA_CLERK, ""),
    ("auditor", Role.AUDITOR, ""),
    ("group_leader", Role.GROUP_LEADER, ""),
    ("partner_user", Role.PARTNER_USER, ""),
    ("press", Role.PRESS, ""),
    *[
        (f"programme_officer_{module}", Role.PROGRAMME_OFFICER, module)
        for module in sorted(PROGRAMME_MODULES)
    ],
]


def is_id_parameter(name: str, converter: str = "") -> bool:
    """A path parameter naming one record: ``pk``, ``id``, ``…_id``, ``…_pk``, an area's
    ``code``, or any integer."""
    return (
        name in {"pk", "id", "code"}
        or name.endswith(("_id", "_pk"))
        or converter in {"int", "integer"}
    )


# ---------------------------------------------------------------------------- the world


@dataclass
class County:
    name: str
    area: Any
    marker: str
    records: dict[type[Model], list[Model]]
    users: dict[str, User] = field(default_factory=dict)
    everything: User | None = None
    tokens: dict[str, str] = field(default_factory=dict)

    def records_of(self, model: type[Model]) -> list[Model]:
        """The county's records of ``model``; for the areas themselves, the county's subtree."""
        found = self.records.get(model, [])
        if not found and any(f.name == "path" for f in model._meta.fields):
            found = list(model._default_manager.filter(path__startswith=self.area.path))
        return found


@dataclass
class World:
    counties: dict[str, County]
    province_user: User
    province_token: str
    admin: User  # the system administrator: sees every record of the world

    def other(self, name: str) -> County:
        return self.counties["B" if name == "A" else "A"]


def sample_modules() -> list[Any]:
    modules = []
    for app in settings.ABADI_APPS:
        try:
            modules.append(import_module(f"{app}.samples"))
        except ModuleNotFoundError as missing:
            if missing.name != f"{app}.samples":
                raise
    return modules


def _abadi_models() -> list[type[Model]]:
    labels = {app.rsplit(".", 1)[1] for app in settings.ABADI_APPS}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in labels and not model._meta.proxy
    ]


def _snapshot() -> dict[type[Model], set[Any]]:
    return {
        model: set(model._default_manager.values_list("pk", flat=True)) for model in _abadi_models()
    }


def _user(username: str, assignments: list[tuple[str, Any, str]]) -> User:
    user = User.objects.create(username=username)
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, role=role, area=area, module=module)
        for role, area, module in assignments
    )
    return user


def build_world(count: int = 1) -> World:
    areas = area_tree()
    province = areas[PROVINCE]
    modules = sample_modules()
    for module in modules:
        if hasattr(module, "build_shared"):
            module.build_shared(province=province)
    counties: dict[str, County] = {}
    for name, (code, marker) in COUNTIES.items():
        before = _snapshot()
        for module in modules:
            module.build(county=areas[code], marker=marker, count=count)
        after = _snapshot()
        records = {}
        for model, pks in after.items():
            new = pks - before.get(model, set())
            if new:
                records[model] = list(model._default_manager.filter(pk__in=new).order_by("pk"))
        county = County(name=name, area=areas[code], marker=marker, records=records)
        for label, role, module_name in COUNTY_ROLES:
            user = _user(f"{label}-{code}", [(role, areas[code], module_name)])
            county.users[label] = user
            county.tokens[label] = token_create(user=user, name="guard")
        county.everything = _user(
            f"everything-{code}",
            [(role, areas[code], "") for role in Role if role != Role.SYSTEM_ADMIN],
        )
        county.tokens["everything"] = token_create(user=county.everything, name="guard")
        counties[name] = county
    province_user = _user(
        "everything-24", [(role, province, "") for role in Role if role != Role.SYSTEM_ADMIN]
    )
    return World(
        counties=counties,
        province_user=province_user,
        province_token=token_create(user=province_user, name="guard"),
        admin=_user("guard-admin", [(Role.SYSTEM_ADMIN, None, "")]),
    )


# ---------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class Route:
    pattern: str  # "loans/<int:pk>/do/<str:action>/"
    name: str  # "loans:application_detail"
    view: Any
    namespaces: tuple[str, ...]
    parameters: tuple[tuple[str, str], ...]  # (name, converter)

    @property
    def access(self) -> str | None:
        return declared_access(self.view)

    @property
    def record(self) -> Any:
        return declared_record(self.view)

    @property
    def parameters_names(self) -> list[str]:
        return [name for name, _converter in self.parameters]

    @property
    def id_parameters(self) -> list[str]:
        return [name for name, converter in self.parameters if is_id_parameter(name, converter)]

    @property
    def other_parameters(self) -> list[str]:
        return [name for name, _c in self.parameters if name not in self.id_parameters]

    def url(self, **values: Any) -> str:
        path = self.pattern
        for name, converter in self.parameters:
            path = path.replace(
                f"<{converter}:{name}>" if converter else f"<{name}>", str(values[name])
            )
        return "/" + path


PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


def _walk(resolver, prefix: str = "", namespaces: tuple[str, ...] = ()) -> Iterator[tuple]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespaces


def page_routes() -> list[Route]:
    """Every named page of the URL conf (the admin and the API are checked elsewhere)."""
    routes = []
    for pattern, entry, namespaces in _walk(get_resolver()):
        if "admin" in namespaces or "api" in namespaces or not entry.name:
            continue
        if is_self_guarded(entry.callback, list(namespaces)):
            continue
        parameters = tuple(
            (match["name"], match["converter"] or "") for match in PARAMETER.finditer(pattern)
        )
        name = ":".join((*namespaces, entry.name))
        routes.append(Route(pattern, name, entry.callback, namespaces, parameters))
    return routes


def is_public(route: Route) -> bool:
    return route.access == PUBLIC


class _Links(HTMLParser):
    ATTRIBUTES = {"href", "action", "hx-get", "hx-post", "src", "data-url", "data-href"}

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (method, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        method = (
            "post" if tag == "form" and (values.get("method") or "").lower() == "post" else "get"
        )
        for name, value in attrs:
            if name in self.ATTRIBUTES and value and value.startswith("/"):
                self.links.append(("post" if name == "hx-post" else method, value))


def links_of(html: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def route_of(url: str, routes_by_pattern: dict[str, Route]) -> tuple[Route, dict[str, Any]] | None:
    path = urlsplit(url).path
    if path.startswith(("/static/", "/api/", "/admin/")):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    route = routes_by_pattern.get(match.route)
    if route is None:
        return None
    return route, match.kwargs


def crawl(client: Client, start: list[str], routes: list[Route], limit: int = 400) -> dict:
    """Pages reachable from ``start`` by links and forms: {(method, url): route}."""
    by_pattern = {route.pattern: route for route in routes}
    seen: dict[tuple[str, str], Route] = {}
    queue = [("get", url) for url in start]
    while queue and len(seen) < limit:
        method, url = queue.pop(0)
        url = url.split("#", 1)[0]
        found = route_of(url, by_pattern)
        if found is None or (method, url) in seen:
            continue
        route, _kwargs = found
        seen[(method, url)] = route
        if method != "get" or is_public(route):
            continue
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            queue.extend(links_of(response.content.decode()))
    return seen


def body_text(response) -> str:
    """What a response says, spreadsheets unzipped."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


def with_query(url: str, **params: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


# ---------------------------------------------------------------------------- the API

API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # "/api/v1/loans/applications/{pk}"
    spec: dict
    view: Any

    @property
    def record(self) -> Any:
        return declared_record(self.view)

    @property
    def path_parameters(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.path)

    @property
    def id_parameters(self) -> list[str]:
        return [
            name
            for name in self.path_parameters
            if is_id_parameter(name, self.parameter_schema(name).get("type", ""))
        ]

    def parameters(self, where: str) -> list[dict]:
        return [p for p in self.spec.get("parameters", []) if p["in"] == where]

    def parameter_schema(self, name: str) -> dict:
        for parameter in self.spec.get("parameters", []):
            if parameter["name"] == name:
                return parameter.get("schema", {})
        return {}

    def url(self, **values: Any) -> str:
        path = self.path
        for name, value in values.items():
            path = path.replace("{" + name + "}", str(value))
        return path

    def response_schema(self, document: dict, status: int = 200) -> dict:
        responses = self.spec.get("responses", {})
        response = responses.get(status) or responses.get(str(status)) or {}
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        return resolve_ref(schema, document) if schema else {}

    def is_list(self, document: dict) -> bool:
        """Answers a page of a list (``items`` and the paging fields)."""
        properties = self.response_schema(document).get("properties", {})
        return self.method == "GET" and properties.get("items", {}).get("type") == "array"


def openapi() -> dict:
    return api.get_openapi_schema()


def api_views() -> dict[tuple[str, str], Any]:
    """(METHOD, openapi path) → the operation's view function."""
    found = {}
    for path, operation in api_operations(api):
        for method in operation.methods:
            found[(method.upper(), API_PREFIX + re.sub(r"\{\w+:(\w+)\}", r"{\1}", path))] = (
                operation.view_func
            )
    return found


def operations() -> list[Operation]:
    schema = openapi()
    views = api_views()
    found = []
    for path, item in schema["paths"].items():
        for method, spec in item.items():
            view = views.get((method.upper(), path))
            found.append(Operation(method.upper(), path, spec, view))
    return found


def resolve_ref(schema: dict, document: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = document["components"]["schemas"][name]
    return schema


def minimal_instance(schema: dict, document: dict) -> Any:
    """The smallest value a JSON schema accepts: what a request needs to get past the
    schema to the operation itself."""
    schema = resolve_ref(schema, document)
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            options = [s for s in schema[combinator] if s.get("type") != "null"]
            return minimal_instance(options[0] if options else {}, document)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: minimal_instance(schema["properties"][name], document)
            for name in schema.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return False
    if kind == "string":
        if "pattern" in schema and "[0-9" in schema["pattern"]:
            return "1401/01/01"
        if schema.get("format") == "binary":
            return b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        return "x" * max(schema.get("minLength", 1), 1)
    return "x"
