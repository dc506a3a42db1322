"""The real front under gunicorn serves its CSS/JS/icon with hashed names and a one-year cache."""

import re

import requests


def test_static_files_have_hashed_names_long_cache_lifetimes_and_compression(stack):
    home = requests.get(stack.url("front") + "/", timeout=10)
    assets = re.findall(r'(?:href|src)="(/static/front/[^"]+)"', home.text)
    assert {a.rsplit(".", 1)[1] for a in assets} == {"css", "js", "svg"}
    for asset in assets:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", asset), asset  # content hash in the name
        answer = requests.get(stack.url("front") + asset, headers={"Accept-Encoding": "gzip"}, timeout=10)
        assert answer.status_code == 200
        assert "immutable" in answer.headers["Cache-Control"]
        max_age = int(re.search(r"max-age=(\d+)", answer.headers["Cache-Control"]).group(1))
        assert max_age >= 365 * 24 * 3600
        assert answer.headers.get("Content-Encoding") == "gzip"
