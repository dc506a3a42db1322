"""Reading problem-details answers in tests."""


def field_errors(response, status: int = 400) -> dict[str, list[str]]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json().get("errors", {})
