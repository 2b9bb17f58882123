"""The contract (search_api/openapi.json) against the served API.

The served document must be valid OpenAPI 3.1 and list every route the app routes, with exactly the
methods it serves; then Schemathesis sends generated requests (examples, coverage of boundaries and
wrong values, random fuzzing), the editing ones with the token, and every check must pass: status
codes and bodies as documented, invalid input refused, valid input accepted, the token enforced,
405 with an exact ``Allow`` for methods not documented.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
from pathlib import Path

import pytest
import schemathesis
from falcon import testing
from falcon.routing import CompiledRouter

from indexer.build import rebuild
from indexer.extract.dates import parse_iso
from search_api.app import create_app
from search_api.config import AppConfig
from search_api.resources import OPENAPI_FILE

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TOKEN = "contract-test-token"
OPENAPI_PATH = "/api/v1/openapi.json"
HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE")
# Bounded and repeatable: the same requests on every run, within about a minute on 2 cores.
SCHEMATHESIS_CONFIG = {
    "seed": 20240514,
    "generation": {"max-examples": 30, "deterministic": True, "database": "none"},
    "auth": {"openapi": {"bearerAuth": {"bearer": TOKEN}}},
    # No inputs but the token: more examples would only queue more whole rebuilds.
    "operations": [{"include-operation-id": "reindex", "generation": {"max-examples": 3}}],
}
JOB_WAIT_SECONDS = 120.0


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """An editable app over the sample corpus (word search only: this is about the contract)."""
    previous = os.environ.get("PEACESEARCH_SEMANTIC")
    os.environ["PEACESEARCH_SEMANTIC"] = "0"
    root = tmp_path_factory.mktemp("contract")
    rebuild([CORPUS], root / "index", progress=False)
    config = AppConfig(index_dir=root / "index", token=TOKEN, sources=(str(CORPUS),), warm_up=False)
    yield create_app(config)
    _wait_for_jobs()  # reindex jobs started by the run finish before their folder goes
    if previous is None:
        os.environ.pop("PEACESEARCH_SEMANTIC", None)
    else:
        os.environ["PEACESEARCH_SEMANTIC"] = previous


def _wait_for_jobs() -> None:
    deadline = time.monotonic() + JOB_WAIT_SECONDS
    while time.monotonic() < deadline:
        if not any(thread.name.startswith("job-") for thread in threading.enumerate()):
            return
        time.sleep(0.2)


@pytest.fixture(scope="module")
def contract(served) -> dict:
    response = testing.TestClient(served).simulate_get(OPENAPI_PATH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    return response.json


def served_routes(app) -> dict[str, set[str]]:
    """Every route of the app as an OpenAPI path template, with the methods its resource serves."""
    router: CompiledRouter = app._router
    routes: dict[str, set[str]] = {}

    def walk(nodes) -> None:
        for node in nodes:
            if node.method_map:
                methods = {method for method, responder in node.method_map.items()
                           if getattr(responder, "__self__", None) is node.resource}
                routes[_template(node.uri_template)] = methods
            walk(node.children)

    walk(router._roots)
    return routes


def _template(uri_template: str) -> str:
    """``/x/{number:int(min=1)}`` → ``/x/{number}``: Falcon's field converters are not part of the path."""
    return re.sub(r"\{(\w+):[^}]*\}", r"{\1}", uri_template)


def test_served_contract_is_the_file_and_valid_openapi_3_1(contract):
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

    assert contract == json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    assert contract["openapi"].startswith("3.1.")
    validate(contract, cls=OpenAPIV31SpecValidator)


def test_contract_lists_every_route_with_exactly_its_methods(served, contract):
    routes = served_routes(served)
    assert "/api/v1/documents/{doc_id}/revisions/{number}/restore" in routes  # the walk sees suffixed routes
    documented = {path: {method.upper() for method in item if method.upper() in HTTP_METHODS}
                  for path, item in contract["paths"].items()}
    assert documented == routes


def test_editing_operations_require_the_bearer_token(contract):
    scheme = contract["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for path, item in contract["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "put", "post", "delete"):
                continue
            editing = method in ("put", "delete") or path.endswith(("/restore", "/reindex"))
            assert (operation.get("security") == [{"bearerAuth": []}]) == editing, (method, path)
            if editing:
                assert {"401", "403"} <= set(operation["responses"]), (method, path)


def test_every_parameter_has_an_example_and_errors_share_one_shape(contract):
    components = contract["components"]
    for name, parameter in components["parameters"].items():
        assert "example" in parameter or "examples" in parameter, name
        assert parameter.get("description"), name
    error_ref = {"$ref": "#/components/schemas/Error"}
    for path, item in contract["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for status, response in operation["responses"].items():
                if status.startswith("2") or path == "/" and status == "400":
                    continue
                if "$ref" in response:
                    response = components["responses"][response["$ref"].rsplit("/", 1)[1]]
                assert response["content"]["application/json"]["schema"] == error_ref, (method, path, status)


def test_every_example_fits_its_schema(contract):
    """The examples are what a reader copies: each parameter, body and response example must be valid."""
    from jsonschema import Draft202012Validator

    checked = 0
    for where, schema_, example in _examples(contract):
        root = {"components": contract["components"], "allOf": [schema_]}  # so that "#/components/…" resolves
        errors = [error.message for error in Draft202012Validator(root).iter_errors(example)]
        assert not errors, (where, errors)
        checked += 1
    assert checked >= len(contract["components"]["parameters"]) + 12


def _examples(contract: dict):
    for name, parameter in contract["components"]["parameters"].items():
        yield name, parameter["schema"], parameter["example"]
    for path, item in contract["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            bodies = [("request", operation.get("requestBody", {}))]
            bodies += [(status, response) for status, response in operation["responses"].items()]
            for label, body in bodies:
                for media_type, media in body.get("content", {}).items():
                    if "example" in media:
                        yield f"{method} {path} {label} {media_type}", media["schema"], media["example"]


def test_contract_enums_are_the_code_s_values(contract):
    """The filters' allowed values come from the code; the contract must not drift from them."""
    import pycountry

    from indexer.extract.themes import taxonomy
    from search_api.facets import FACETS
    from search_api.request import DEFAULT_MATCH, LANG_VALUES, MATCHES, SORTS, UI_LANGS

    schemas, parameters = contract["components"]["schemas"], contract["components"]["parameters"]
    assert set(schemas["CountryFilter"]["enum"]) == {c.alpha_2 for c in pycountry.countries} | {""}
    assert set(schemas["ThemeFilter"]["enum"]) == set(taxonomy().labels) | {""}
    assert set(schemas["LangFilter"]["enum"]) == set(LANG_VALUES) | {""}
    assert parameters["sort"]["schema"]["enum"] == list(SORTS)
    assert parameters["match"]["schema"]["enum"] == list(MATCHES)
    assert parameters["match"]["schema"]["default"] == DEFAULT_MATCH
    assert parameters["ui_lang"]["schema"]["enum"] == list(UI_LANGS)
    assert parameters["facets"]["schema"]["items"]["enum"] == [*FACETS, ""]


# The file, not the served copy: the operations are collected before any app exists; the first test
# above asserts that the app serves exactly this file.
schema = schemathesis.openapi.from_path(OPENAPI_FILE, config=schemathesis.Config.from_dict(SCHEMATHESIS_CONFIG))


@schema.hook
def filter_case(context, case) -> bool:
    """Leaves out ``date_from`` after ``date_to``: the contract states that rule in words (JSON Schema
    cannot relate two parameters) and the API answers it with 400, tested in test_api.py."""
    for params in (case.query, case.body):
        if isinstance(params, dict) and _is_inverted(params.get("date_from"), params.get("date_to")):
            return False
    return True


def _is_inverted(date_from, date_to) -> bool:
    first, last = _bound(date_from), _bound(date_to)
    return first is not None and last is not None and first.first_day() > last.last_day()


def _bound(value):
    value = value[0] if isinstance(value, list) and len(value) == 1 else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        return None
    try:
        return parse_iso(str(value))
    except ValueError:
        return None


# Reindex jobs started by earlier examples keep committing in the background, and Whoosh names their
# segments with the global random while Hypothesis draws the next example; Hypothesis notices the draw
# "used" random. The generated data does not depend on it (Hypothesis draws from its own source).
@pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")
@schema.parametrize()
def test_api_conforms_to_the_contract(case, served):
    # Schemathesis' own follow-up requests (the token probes) go through the schema's app too.
    case.operation.app = case.operation.schema.app = served
    # Hypothesis resets the global random to one seed for every example, and Whoosh names index
    # segments with it: without fresh state, two edits' commits would take the same segment name.
    random.seed()
    case.headers["Accept-Encoding"] = "identity"  # the WSGI client does not undo gzip (search_api/transport.py)
    case.call_and_validate()


def _call(served, path: str, method: str, **case):
    """One concrete request, sent to the app and put through every Schemathesis check."""
    operation = schema[path][method]
    operation.app = operation.schema.app = served
    random.seed()  # Hypothesis restored the global random after the generated tests: see above
    call = operation.Case(**case)
    call.headers["Accept-Encoding"] = "identity"  # the WSGI client does not undo gzip
    return call.call_and_validate()


def test_editing_workflow_follows_the_contract(served):
    """The documented links walked by hand (generated requests rarely hit a real document or job):
    add, read, update, list and read revisions, delete, restore, reindex and follow the job."""
    doc, auth = {"doc_id": "contract-walk"}, {"Authorization": f"Bearer {TOKEN}"}
    documents, revisions = "/api/v1/documents/{doc_id}", "/api/v1/documents/{doc_id}/revisions"
    added = _call(served, documents, "PUT", path_parameters=doc, headers=auth, media_type="text/markdown",
                  body="---\ntitle: Water users meet in Batken\n---\nFarmers of Batken and Isfara agreed.")
    assert added.status_code == 201 and added.json()["countries"] == ["KG"]
    updated = _call(served, documents, "PUT", path_parameters=doc, headers=auth, media_type="application/json",
                    body={"title": "Water users agree in Batken", "body": "Farmers of Batken agreed.", "url": None})
    assert updated.json()["result"] == "updated"
    assert _call(served, documents, "GET", path_parameters=doc).json()["title"] == "Water users agree in Batken"
    assert _call(served, documents, "DELETE", path_parameters=doc, headers=auth).json()["revision"] == 3
    history = _call(served, revisions, "GET", path_parameters=doc).json()
    assert [r["action"] for r in history["revisions"]] == ["create", "update", "delete"] and history["deleted"]
    first = _call(served, revisions + "/{number}", "GET", path_parameters={**doc, "number": 1}).json()
    assert first["document"]["title"] == "Water users meet in Batken"
    restore = revisions + "/{number}/restore"
    refused = _call(served, restore, "POST", path_parameters={**doc, "number": 3}, headers=auth)
    assert refused.status_code == 409 and "deletion" in refused.json()["error"]["message"]
    assert _call(served, restore, "POST", path_parameters={**doc, "number": 1}, headers=auth).json()["revision"] == 4
    # A reader's searcher looks for new commits every half second (search_api/engine.py).
    deadline = time.monotonic() + 5
    while _call(served, documents, "GET", path_parameters=doc).json()["title"] != "Water users meet in Batken":
        assert time.monotonic() < deadline, "the restored version is not served"
        time.sleep(0.1)

    started = _call(served, "/api/v1/reindex", "POST", headers=auth)
    assert started.status_code == 202
    job = {"job_id": started.json()["job"]}
    deadline = time.monotonic() + JOB_WAIT_SECONDS
    while (record := _call(served, "/api/v1/jobs/{job_id}", "GET", path_parameters=job).json())["state"] == "running":
        assert time.monotonic() < deadline, "the reindex job did not finish"
        time.sleep(0.2)
    assert record["state"] == "done" and record["report"]["index_size"] >= 1
