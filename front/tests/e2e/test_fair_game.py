"""The 거지방 game nobody can cheat, as people meet it in Chromium (phone and desktop)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from front.tests.e2e.conftest import REPO_ROOT, signup, unique, write_post

#: committed for review (phone viewport only): the board list with badges and the ranking
REVIEW_SHOTS = REPO_ROOT / "docs" / "screenshots"


def review_shot(page, viewport: str, name: str) -> None:
    if viewport == "phone":
        REVIEW_SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(REVIEW_SHOTS / f"{name}.png"), full_page=True)


def judge(page, post_id: int, verdict: str) -> None:
    page.goto(f"/board/{post_id}")
    page.get_by_role("button", name=re.compile(f"^{verdict}")).click()
    expect(page.get_by_role("button", name=re.compile(f"^{verdict}"))).to_have_attribute(
        "aria-pressed", "true"
    )


def test_a_judged_amount_is_frozen_the_list_shows_badges_and_deleting_does_not_help(
    open_page, viewport, shot
):
    author = open_page()
    who = signup(author)
    tag = unique("r")
    passing = write_post(
        author, title=f"겨울 패딩 {tag}", body="10년 입은 패딩이 찢어졌어요", kind="request", amount=89_000
    )
    luxury = write_post(
        author, title=f"명품 가방 {tag}", body="월급날 기념으로…", kind="request", amount=2_500_000
    )
    write_post(author, title=f"편의점 도시락 {tag}", body="점심", kind="spending", amount=4_500)
    expensive = write_post(author, title=f"치킨 두 마리 {tag}", body="야식", kind="spending", amount=50_000)

    judges = [open_page() for _ in range(3)]
    for page in judges:
        signup(page)
        judge(page, passing, "승인")  # three approvals ahead: 지출품의서 통과
    judge(judges[0], luxury, "사치")
    judge(judges[0], expensive, "사치")

    # The author tries to raise the approved request tenfold: the amount is read-only, with why.
    author.goto(f"/board/{passing}/edit")
    expect(author.locator("#amount-frozen")).to_contain_text("89,000원")
    expect(author.locator("#amount-frozen")).to_contain_text("판정을 받은 글이라 금액은 바꿀 수 없어요")
    expect(author.get_by_label("금액 (원)")).to_have_count(0)
    author.get_by_label("제목").fill(f"겨울 패딩 (할인 중) {tag}")
    author.get_by_role("button", name="올리기").click()
    author.wait_for_url(re.compile(rf"/board/{passing}$"))
    expect(author.locator("article.post .edited")).to_contain_text("수정됨")
    expect(author.locator("article.post .amount")).to_contain_text("89,000원")
    expect(author.locator("#reactions")).to_contain_text("승인됨")
    shot(author, "edited")

    # The list: 통과 / 사치 badges, and an unspent request is no red negative amount.
    author.goto(f"/board/?kind=request&q={tag}")
    passing_row = author.locator(".post-row", has_text="겨울 패딩")
    luxury_row = author.locator(".post-row", has_text="명품 가방")
    expect(passing_row.locator(".badge.verdict-passed")).to_have_text("통과")
    expect(luxury_row.locator(".badge.verdict-luxury")).to_have_text("사치")
    expect(passing_row.locator(".amount-planned")).to_have_text("사려는 금액 89,000원")
    expect(author.locator(".post-rows, .rows")).not_to_contain_text("-89,000원")
    review_shot(author, viewport, "board-list-badges")

    # Deleting the 50,000원 confession does not lower the author's total in the ranking.
    author.goto(f"/board/{expensive}/delete")
    author.get_by_role("button", name="삭제").click()
    author.wait_for_url(re.compile(r"/board/$"))
    author.goto("/board/ranking")
    ranked_row = author.get_by_role("table", name="월간 지출 랭킹").locator("tr", has_text=who["nickname"])
    expect(ranked_row).to_contain_text("54,500원")
    expect(ranked_row.locator("td").nth(3)).to_have_text("2")


def test_the_ranking_sets_apart_members_who_cannot_be_king(open_page, viewport, shot):
    newcomer = open_page()
    who = signup(newcomer)
    write_post(newcomer, title=f"커피 {unique('k')}", body="한 잔", kind="spending", amount=1)

    newcomer.goto("/board/ranking")

    apart = newcomer.locator(".ranking-unqualified")
    expect(apart).to_contain_text(who["nickname"])  # 1원, but one confession is not a month of it
    expect(newcomer.get_by_role("table", name="월간 지출 랭킹")).not_to_contain_text(who["nickname"])
    shot(newcomer, "ranking")
    review_shot(newcomer, viewport, "ranking")
