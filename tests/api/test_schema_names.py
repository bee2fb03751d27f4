"""The OpenAPI document names each schema by its class name: two different schemas of one
name would be documented as one (and the clients and the schema checks would read the wrong
one). Every schema class of the project has a name of its own."""

from collections import defaultdict

from ninja import Schema

import config.urls  # noqa: F401  (every app's api module, imported as the server does)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_schema_has_a_name_of_its_own():
    seen = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("abadi."):
            seen[schema.__name__].add(f"{schema.__module__}.{schema.__qualname__}")
    assert {name: places for name, places in seen.items() if len(places) > 1} == {}
