"""Lighthouse (mobile) scores for the front's main pages: home, board list, post detail, deal
list, deal detail. A benchmark, not a CI gate (see README.md).

    cd perf/lighthouse && npm ci            # lighthouse@12 into node_modules (once)
    .venv/bin/python perf/lighthouse/run.py                     # starts the five services itself
    .venv/bin/python perf/lighthouse/run.py --base-url http://127.0.0.1:8000   # a running `make run`

With its own stack it seeds a member, a post, a deal and comments through the APIs first; with
``--base-url`` it scores whatever the first post/deal in the lists are.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
RESULTS = REPO_ROOT / "perf" / "results" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = " ".join(
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
)


def seed(urls: dict[str, str]) -> tuple[int, int]:
    """A member writes a post and shares a deal; both get a comment. Returns (post_id, deal_id)."""
    suffix = uuid.uuid4().hex[:6]
    signup = requests.post(
        f"{urls['auth']}/api/auth/signup",
        json={"username": f"bench{suffix}", "password": "Bench-pass-2026!", "nickname": f"벤치{suffix[:4]}"},
        timeout=10,
    )
    signup.raise_for_status()
    headers = {"Authorization": f"Bearer {signup.json()['access']}"}
    categories = requests.get(f"{urls['board']}/api/board/categories", timeout=10).json()["results"]
    post = requests.post(
        f"{urls['board']}/api/board/posts",
        json={
            "category": categories[0]["slug"],
            "kind": "spending",
            "title": "점심 편의점 도시락 샀어요",
            "body": "4,500원짜리 도시락으로 버텼습니다.\n다음 주는 집밥 도전! https://example.com/tip",
            "amount": 4500,
        },
        headers=headers,
        timeout=10,
    )
    post.raise_for_status()
    deal_categories = requests.get(f"{urls['sharing']}/api/sharing/categories", timeout=10).json()
    deal_categories = deal_categories["results"] if isinstance(deal_categories, dict) else deal_categories
    deal = requests.post(
        f"{urls['sharing']}/api/sharing/deals",
        json={
            "title": "햇반 210g 24개 최저가",
            "product_name": "햇반 210g 24개",
            "price": 19900,
            "original_price": 28900,
            "shipping_fee": 0,
            "store": "쿠팡",
            "url": f"https://www.example.com/deal/{suffix}",
            "category": deal_categories[0]["slug"],
            "description": "로켓배송, 카드 할인 포함 가격이에요.",
        },
        headers=headers,
        timeout=10,
    )
    deal.raise_for_status()
    post_id, deal_id = post.json()["id"], deal.json()["id"]
    for target_type, target_id in (("post", post_id), ("deal", deal_id)):
        requests.post(
            f"{urls['comments']}/api/comments",
            json={"target_type": target_type, "target_id": target_id, "body": "좋은 정보 감사합니다!"},
            headers=headers,
            timeout=10,
        ).raise_for_status()
    return post_id, deal_id


def first_id(page_html: str, pattern: str) -> int | None:
    match = re.search(pattern, page_html)
    return int(match.group(1)) if match else None


def score(url: str, name: str, lighthouse: Path) -> dict[str, int]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = RESULTS / f"{name}.json"
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        str(lighthouse),
        url,
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
    ]
    # Headless Chromium now and then fails to record a trace (NO_NAVSTART): try again.
    for attempt in range(3):
        if subprocess.run(command, check=False, env=env).returncode == 0:  # noqa: S603 - our own command
            break
        print(f"lighthouse failed on {url} (attempt {attempt + 1}), retrying", file=sys.stderr)
    else:
        raise RuntimeError(f"lighthouse failed three times on {url}")
    data = json.loads(report.read_text())
    scores = {key: round((data["categories"][key]["score"] or 0) * 100) for key in CATEGORIES}
    failing = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") == "binary"
    ]
    if failing:
        scores["failing_audits"] = failing
    return scores


def run(base_url: str, urls: dict[str, str] | None) -> int:
    lighthouse = HERE / "node_modules" / ".bin" / "lighthouse"
    if not lighthouse.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)  # noqa: S607
    if urls:
        post_id, deal_id = seed(urls)
    else:
        post_id = first_id(requests.get(f"{base_url}/board/", timeout=10).text, r'href="/board/(\d+)"')
        deal_id = first_id(requests.get(f"{base_url}/deals/", timeout=10).text, r'href="/deals/(\d+)"')
    pages = {"home": "/", "board-list": "/board/", "post-detail": f"/board/{post_id}", "deal-list": "/deals/"}
    pages["deal-detail"] = f"/deals/{deal_id}"
    summary = {}
    for name, path in pages.items():
        requests.get(base_url + path, timeout=10)  # warm the workers
        summary[name] = score(base_url + path, name, lighthouse)
        print(
            f"{name:12s} {path:16s} " + "  ".join(f"{k}={summary[name][k]}" for k in CATEGORIES), flush=True
        )
        if summary[name].get("failing_audits"):
            print(f"{'':29s} failing: {', '.join(summary[name]['failing_audits'])}")
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    (RESULTS / f"summary-{stamp}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", help="a running front (default: start a fresh stack)")
    args = parser.parse_args()
    if args.base_url:
        return run(args.base_url.rstrip("/"), None)
    from kingdom.testing.live import live_stack

    names = ["auth", "board", "comments", "sharing", "front"]
    with live_stack(names) as stack:
        return run(stack.url("front"), {name: stack.url(name) for name in names})


if __name__ == "__main__":
    sys.exit(main())
