"""Demo data for a first `make run`, created through the public APIs as real users would.

Four members and a guest confess spending, ask permission to buy, judge each other, share
deals (one product at three prices, so its page has a lowest price and a history) and
comment. Everything goes through HTTP, so the demo also proves the services talk to each
other. The members' password is printed by `make run` (it lives in .run/secrets.json).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests

from kingdom.devstack import Stack

MEMBERS = [
    ("jjandori", "짠돌이"),
    ("alddeul", "알뜰살뜰"),
    ("nospend", "무지출러"),
    ("kingcandidate", "거지왕후보"),
]
GUEST = "지나가던나그네"


class DemoError(RuntimeError):
    pass


class Visitor:
    """One demo user's API session: a bearer token and the stack's URLs."""

    def __init__(self, stack: Stack, answer: dict):
        self.stack = stack
        self.user = answer["user"]
        self.headers = {"Authorization": f"Bearer {answer['access']}"}

    def call(self, method: str, service: str, path: str, body: dict | None = None) -> dict:
        response = requests.request(
            method, self.stack.url(service) + path, json=body, headers=self.headers, timeout=10
        )
        if response.status_code >= 400:
            raise DemoError(f"{method} {path} → {response.status_code}: {response.text[:300]}")
        return response.json() if response.content else {}


def _auth(stack: Stack, path: str, body: dict) -> dict:
    response = requests.post(stack.url("auth") + path, json=body, timeout=10)
    if response.status_code >= 400:
        raise DemoError(f"POST {path} → {response.status_code}: {response.text[:300]}")
    return response.json()


def load(stack: Stack) -> None:
    """Create the demo community; prints what it made."""
    password = stack.secrets["demo_password"]
    members = [
        Visitor(stack, _auth(stack, "/api/auth/signup", {"username": u, "password": password, "nickname": n}))
        for u, n in MEMBERS
    ]
    guest = Visitor(stack, _auth(stack, "/api/auth/guest", {"nickname": GUEST}))
    jjandori, alddeul, nospend, candidate = members

    def post(who: Visitor, category: str, kind: str, title: str, body: str, amount=None, anonymous=False):
        payload = {"category": category, "kind": kind, "title": title, "body": body, "anonymous": anonymous}
        if amount is not None:
            payload["amount"] = amount
        return who.call("POST", "board", "/api/board/posts", payload)

    # 지출 고해: three confessions each for two members, so this month has a 거지왕
    confessions = []
    for who, items in (
        (candidate, [("편의점 삼각김밥", 1_200), ("버스비", 1_500), ("붕어빵 세 개", 2_000)]),
        (jjandori, [("라떼 한 잔", 6_500), ("배달비 아까운 치킨", 23_000), ("충동구매 양말", 9_900)]),
    ):
        for title, amount in items:
            confessions.append(
                post(
                    who,
                    "confession",
                    "spending",
                    title,
                    f"{title}에 {amount:,}원 썼습니다. 반성합니다.",
                    amount,
                )
            )
    request_post = post(
        alddeul,
        "may-i-buy",
        "request",
        "겨울 패딩 사도 될까요?",
        "작년 패딩 지퍼가 고장났어요.\n수선비는 3만원, 새 패딩은 12만원입니다.",
        120_000,
    )
    tip = post(
        nospend,
        "saving-tips",
        "saving",
        "장보기 전에 냉장고 사진 찍기",
        "있는 재료를 또 사는 일이 없어졌어요. 한 달 식비가 4만원 줄었습니다!",
    )
    post(
        nospend,
        "no-spend",
        "talk",
        "무지출 7일차 인증",
        "도시락 싸서 다니는 중입니다. 모두 아끼는 하루 됩시다!",
    )
    post(guest, "free", "talk", "처음 왔어요", "구경하다가 닉네임으로 참여해 봅니다. 잘 부탁드려요.")
    post(
        jjandori, "confession", "talk", "익명으로 고백합니다", "월급날 택시를 세 번 탔어요...", anonymous=True
    )

    # 승인 / 사치 and likes
    for judge in (alddeul, nospend):
        judge.call("POST", "board", f"/api/board/posts/{confessions[4]['id']}/verdict", {"verdict": "luxury"})
        judge.call(
            "POST", "board", f"/api/board/posts/{confessions[0]['id']}/verdict", {"verdict": "approve"}
        )
    for judge in (jjandori, nospend, candidate):
        judge.call("POST", "board", f"/api/board/posts/{request_post['id']}/verdict", {"verdict": "approve"})
    for fan in (jjandori, alddeul, candidate):
        fan.call("POST", "board", f"/api/board/posts/{tip['id']}/like")

    # 최저가 공유: one product at three prices, and a few others
    now = datetime.now(UTC)
    deals = []
    for who, title, price, original, shipping, url in (
        (jjandori, "햇반 210g 24개", 21_900, 29_900, 3_000, "https://www.coupang.com/vp/products/100001"),
        (alddeul, "햇반 210g 24개 최저가", 19_800, 29_900, 0, "https://www.11st.co.kr/products/200002"),
        (
            nospend,
            "햇반 210g 24개 무료배송",
            20_500,
            29_900,
            0,
            "https://item.gmarket.co.kr/Item?goodscode=300003",
        ),
    ):
        deals.append(
            who.call(
                "POST",
                "sharing",
                "/api/sharing/deals",
                {
                    "title": title,
                    "product_name": "햇반 210g 24개",
                    "price": price,
                    "original_price": original,
                    "shipping_fee": shipping,
                    "url": url,
                    "category": "food",
                    "expires_at": (now + timedelta(days=7)).isoformat(),
                    "description": "장바구니 쿠폰 적용가입니다.",
                },
            )
        )
    for who, title, product, price, original, shipping, category, url in (
        (
            candidate,
            "무선 이어폰 반값",
            "QCY 무선 이어폰 T13",
            15_900,
            32_000,
            0,
            "digital",
            "https://smartstore.naver.com/qcy/products/400004",
        ),
        (
            alddeul,
            "겨울 기모 양말 10켤레",
            "기모 양말 10켤레",
            9_900,
            19_800,
            2_500,
            "fashion",
            "https://www.musinsa.com/app/goods/500005",
        ),
        (
            nospend,
            "스타벅스 e카드 1만원권 10% 할인",
            "스타벅스 e카드 1만원",
            9_000,
            10_000,
            0,
            "voucher",
            "https://gift.kakao.com/product/600006",
        ),
    ):
        deals.append(
            who.call(
                "POST",
                "sharing",
                "/api/sharing/deals",
                {
                    "title": title,
                    "product_name": product,
                    "price": price,
                    "original_price": original,
                    "shipping_fee": shipping,
                    "url": url,
                    "category": category,
                },
            )
        )
    for voter in (jjandori, nospend, candidate):
        voter.call("POST", "sharing", f"/api/sharing/deals/{deals[1]['id']}/vote", {"value": 1})
    alddeul.call("POST", "sharing", f"/api/sharing/deals/{deals[3]['id']}/vote", {"value": 1})

    # comments, replies and anonymous numbering
    def comment(who: Visitor, target_type: str, target_id: int, body: str, parent=None, anonymous=False):
        payload = {"target_type": target_type, "target_id": target_id, "body": body, "anonymous": anonymous}
        if parent:
            payload["parent_id"] = parent["id"]
        return who.call("POST", "comments", "/api/comments", payload)

    first = comment(alddeul, "post", confessions[4]["id"], "치킨은 사치입니다. 아리수 마시세요.")
    comment(jjandori, "post", confessions[4]["id"], "인정합니다... 다음 달엔 참을게요.", parent=first)
    comment(nospend, "post", confessions[4]["id"], "저도 어제 시켰어요 ㅋㅋ", anonymous=True)
    comment(guest, "post", tip["id"], "좋은 팁 감사합니다! 오늘 해볼게요.")
    comment(candidate, "post", request_post["id"], "수선이 낫지 않을까요? 그래도 승인합니다.")
    comment(jjandori, "deal", deals[1]["id"], "방금 샀어요. 배송 빠르네요.")
    comment(candidate, "deal", deals[1]["id"], "역대 최저가 맞네요!", anonymous=True)
    print(f"  demo: {len(members)} members (password {password}), 1 guest, posts, deals and comments")
