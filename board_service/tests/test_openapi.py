"""The published OpenAPI document is the committed one (docs/openapi/board.yaml), valid and
warning-free, and tells the truth about the board's shapes."""

import io

import yaml
from django.core.management import call_command

from kingdom.testing.openapi import assert_committed


def test_published_document_is_the_committed_one():
    assert_committed("board")


def generated() -> dict:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def response_schema(document: dict, path: str, method: str = "get", status: str = "200") -> dict:
    content = document["paths"][path][method]["responses"][status]["content"]["application/json"]
    ref = content["schema"]["$ref"].rsplit("/", 1)[-1]
    return document["components"]["schemas"][ref]


def test_lists_are_documented_as_the_paginated_objects_they_are():
    document = generated()

    for path in ("/api/board/categories", "/api/board/posts", "/api/board/ranking"):
        envelope = response_schema(document, path)
        assert envelope["type"] == "object"
        assert {"count", "next", "previous", "results"} <= set(envelope["properties"]), path
        assert envelope["properties"]["results"]["type"] == "array"
    ranking = response_schema(document, "/api/board/ranking")
    assert {"month", "min_confessions", "king"} <= set(ranking["required"])


def test_errors_are_problem_details_and_public_reads_need_no_token():
    document = generated()
    problem = {"$ref": "#/components/schemas/Problem"}

    create = document["paths"]["/api/board/posts"]["post"]
    assert create["responses"]["400"]["content"]["application/problem+json"]["schema"] == problem
    assert create["responses"]["429"]["content"]["application/problem+json"]["schema"] == problem
    edit = document["paths"]["/api/board/posts/{post_id}"]["patch"]
    assert edit["responses"]["409"]["content"]["application/problem+json"]["schema"] == problem
    assert create["security"] == [{"bearerAuth": []}]
    assert {} in document["paths"]["/api/board/posts"]["get"]["security"]
    assert {} in document["paths"]["/api/board/posts/{post_id}"]["get"]["security"]
    assert document["paths"]["/api/board/posts/{post_id}/verdict"]["post"]["security"] == [{"bearerAuth": []}]
