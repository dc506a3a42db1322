"""The published OpenAPI document is the committed one (docs/openapi/sharing.yaml), valid and warning-free."""

from kingdom.testing.openapi import assert_committed, document


def test_published_document_is_the_committed_one():
    assert_committed("sharing")


def test_lists_are_documented_as_they_answer():
    schema = document("sharing")
    ok = {
        path: ops["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        for path, ops in schema["paths"].items()
        if "get" in ops
    }
    assert ok["/api/sharing/categories"]["type"] == "array"
    assert ok["/api/sharing/stores"]["type"] == "array"
    components = schema["components"]["schemas"]
    for path in ("/api/sharing/deals", "/api/sharing/products"):
        page = components[ok[path]["$ref"].rsplit("/", 1)[-1]]
        assert set(page["properties"]) == {"count", "next", "previous", "results"}, path


def test_public_reads_need_no_token_and_writes_do():
    schema = document("sharing")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            security = operation.get("security")
            if "/internal/" in path or method != "get":
                assert security == [{"bearerAuth": []}], (method, path)
            else:
                assert {} in security, (method, path)
