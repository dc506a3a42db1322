"""Lighthouse (mobile) scores for every page type of the front: home, board list, post, write form,
ranking, deal list, deal, share form, product, search, login and my page (the write form, the
share form and my page as a signed-in member). A benchmark, not a CI gate (see README.md); also
part of ``make bench`` (``perf/bench.py`` calls :func:`score_pages`).

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


def seed(urls: dict[str, str], username: str, password: str) -> tuple[int, int]:
    """A member writes a post and shares a deal; both get a comment. Returns (post_id, deal_id)."""
    suffix = uuid.uuid4().hex[:6]
    signup = requests.post(
        f"{urls['auth']}/api/auth/signup",
        json={"username": username, "password": password, "nickname": f"벤치{suffix[:4]}"},
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


def score(url: str, name: str, lighthouse: Path, cookies: dict | None = None) -> dict[str, int]:
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
    if cookies:
        cookie = "; ".join(f"{key}={value}" for key, value in cookies.items())
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    # Headless Chromium now and then fails to record a trace (NO_NAVSTART): try again.
    for attempt in range(3):
        if subprocess.run(command, check=False, env=env).returncode == 0:
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


def lighthouse_binary() -> Path:
    lighthouse = HERE / "node_modules" / ".bin" / "lighthouse"
    if not lighthouse.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)  # noqa: S607
    return lighthouse


def page_paths(base_url: str) -> dict[str, tuple[str, bool]]:
    """page type -> (path, needs a signed-in member); ids are the first ones the lists show."""
    post_id = first_id(requests.get(f"{base_url}/board/", timeout=10).text, r'href="/board/(\d+)"')
    deal_id = first_id(requests.get(f"{base_url}/deals/", timeout=10).text, r'href="/deals/(\d+)"')
    deal_page = requests.get(f"{base_url}/deals/{deal_id}", timeout=10).text
    product_id = first_id(deal_page, r'href="/deals/products/(\d+)"')
    return {
        "home": ("/", False),
        "board-list": ("/board/", False),
        "post": (f"/board/{post_id}", False),
        "write-form": ("/board/write", True),
        "ranking": ("/board/ranking", False),
        "deal-list": ("/deals/", False),
        "deal": (f"/deals/{deal_id}", False),
        "share-form": ("/deals/new", True),
        "product": (f"/deals/products/{product_id}", False),
        "search": ("/search?q=%EB%9D%BC%EB%A9%B4", False),
        "login": ("/login", False),
        "my-page": ("/me", True),
    }


def score_pages(base_url: str, member_cookies: dict) -> dict[str, dict]:
    """Score every page type; the signed-in ones with ``member_cookies`` (the front's session)."""
    lighthouse = lighthouse_binary()
    summary = {}
    for name, (path, signed_in) in page_paths(base_url).items():
        cookies = member_cookies if signed_in else None
        requests.get(base_url + path, timeout=10, cookies=cookies)  # warm the workers
        summary[name] = score(base_url + path, name, lighthouse, cookies)
        print(
            f"{name:12s} {path:22s} " + "  ".join(f"{k}={summary[name][k]}" for k in CATEGORIES), flush=True
        )
        if summary[name].get("failing_audits"):
            print(f"{'':35s} failing: {', '.join(summary[name]['failing_audits'])}")
    return summary


def member_cookies(base_url: str, username: str, password: str) -> dict:
    browser = requests.Session()
    page = browser.get(f"{base_url}/login", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    browser.post(
        f"{base_url}/login",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers={"Referer": f"{base_url}/login"},
        timeout=10,
    ).raise_for_status()
    return browser.cookies.get_dict()


def run(base_url: str, urls: dict[str, str] | None, username: str, password: str) -> int:
    if urls:
        seed(urls, username, password)
    summary = score_pages(base_url, member_cookies(base_url, username, password))
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    (RESULTS / f"summary-{stamp}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", help="a running front (default: start a fresh stack)")
    parser.add_argument("--username", help="with --base-url: a member to score the signed-in pages as")
    parser.add_argument("--password", help="that member's password")
    args = parser.parse_args()
    if args.base_url:
        if not (args.username and args.password):
            parser.error("--base-url needs --username and --password (the signed-in pages)")
        return run(args.base_url.rstrip("/"), None, args.username, args.password)
    from kingdom.testing.live import live_stack

    names = ["auth", "board", "comments", "sharing", "front"]
    with live_stack(names) as stack:
        suffix = uuid.uuid4().hex[:6]
        return run(
            stack.url("front"),
            {name: stack.url(name) for name in names},
            f"bench{suffix}",
            "Bench-pass-2026!",
        )


if __name__ == "__main__":
    sys.exit(main())
