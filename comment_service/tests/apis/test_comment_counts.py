"""GET /api/comments/counts: visible comments of many targets in one request and one query."""

import pytest

from comment_service.tests.api_calls import comment_on, created

pytestmark = pytest.mark.django_db


def counts(client, target_type="post", ids="1,2,3"):
    return client.get("/api/comments/counts", {"target_type": target_type, "ids": ids})


def test_counts_per_target_with_zero_for_targets_without_comments(anon, member, other_member, neighbours):
    neighbours.add_post(1)
    neighbours.add_post(2)
    top = created(comment_on(member, 1))
    created(comment_on(other_member, 1, parent_id=top["id"]))
    created(comment_on(other_member, 1))
    created(comment_on(member, 2))

    response = counts(anon, ids="1,2,3")

    assert response.status_code == 200
    assert response.json() == {"1": 3, "2": 1, "3": 0}


def test_counts_leave_out_deleted_and_hidden_comments(anon, member, other_member, neighbours):
    neighbours.add_post(1)
    top = created(comment_on(member, 1))
    created(comment_on(other_member, 1, parent_id=top["id"]))
    member.client.delete(f"/api/comments/{top['id']}")

    assert counts(anon, ids="1").json() == {"1": 1}


def test_counts_are_per_target_type(anon, member, neighbours):
    neighbours.add_post(5)
    neighbours.add_deal(5)
    created(comment_on(member, 5, target_type="deal"))

    assert counts(anon, "post", "5").json() == {"5": 0}
    assert counts(anon, "deal", "5").json() == {"5": 1}


def test_counts_take_one_query_for_a_hundred_targets(anon, member, neighbours, django_assert_num_queries):
    for target_id in range(1, 6):
        neighbours.add_post(target_id)
        created(comment_on(member, target_id))
    ids = ",".join(str(n) for n in range(1, 101))

    with django_assert_num_queries(1):
        response = counts(anon, ids=ids)

    body = response.json()
    assert len(body) == 100
    assert body["1"] == 1
    assert body["100"] == 0


def test_repeated_and_spaced_ids_are_fine(anon):
    assert counts(anon, ids=" 4, 4 ,5,").json() == {"4": 0, "5": 0}


@pytest.mark.parametrize(
    ("params", "bad_field"),
    [
        ({"ids": "1,2"}, "target_type"),
        ({"target_type": "comment", "ids": "1"}, "target_type"),
        ({"target_type": "post"}, "ids"),
        ({"target_type": "post", "ids": ""}, "ids"),
        ({"target_type": "post", "ids": ",,"}, "ids"),
        ({"target_type": "post", "ids": "1,two,3"}, "ids"),
        ({"target_type": "post", "ids": "1,-2"}, "ids"),
        ({"target_type": "post", "ids": "0"}, "ids"),
        ({"target_type": "post", "ids": "1.5"}, "ids"),
        ({"target_type": "post", "ids": "١٢"}, "ids"),  # Arabic-Indic digits are not ids
        ({"target_type": "post", "ids": "9" * 30}, "ids"),
        ({"target_type": "post", "ids": ",".join(str(n) for n in range(1, 102))}, "ids"),
    ],
)
def test_bad_counts_requests_are_400(anon, params, bad_field):
    response = anon.get("/api/comments/counts", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert bad_field in response.json()["errors"]
