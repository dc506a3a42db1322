"""sharing's worker, and only it, reaches public web servers for deals' og:image pictures."""

from __future__ import annotations

from .rendering import name, render


def worker_labels(manifest, component: str) -> dict:
    deployment = manifest.get("Deployment", name(component))
    return deployment["spec"]["template"]["metadata"]["labels"]


def test_only_sharings_worker_may_reach_public_web_servers_on_80_and_443():
    manifest = render()
    policy = manifest.get("NetworkPolicy", name("sharing-worker-shop-pages"))
    assert policy["spec"]["policyTypes"] == ["Egress"]
    selector = policy["spec"]["podSelector"]["matchLabels"]
    assert selector.items() <= worker_labels(manifest, "sharing-worker").items()
    for other in ("front", "auth", "board", "comments", "sharing", "board-worker", "comments-worker"):
        deployments = manifest.names("Deployment")
        if name(other) in deployments:
            assert not selector.items() <= worker_labels(manifest, other).items()
    (rule,) = policy["spec"]["egress"]
    assert rule["ports"] == [{"port": 80, "protocol": "TCP"}, {"port": 443, "protocol": "TCP"}]
    block = rule["to"][0]["ipBlock"]
    assert block["cidr"] == "0.0.0.0/0"
    assert {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"} <= set(block["except"])


def test_the_shop_page_egress_can_be_turned_off():
    manifest = render(sets=("thumbnails.egress.enabled=false",))
    assert name("sharing-worker-shop-pages") not in manifest.names("NetworkPolicy")
