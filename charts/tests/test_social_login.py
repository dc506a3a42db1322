"""Social login in the chart: credentials from a Secret, and auth's egress to exactly the providers."""

from __future__ import annotations

import base64

from .rendering import CHART, NAMESPACE, env_of, helm, name, render

DEFAULTS = CHART / "ci" / "defaults-values.yaml"
SOCIAL = CHART / "ci" / "social-login-values.yaml"
PROVIDER_HOSTS = {"kakao.com", "naver.com", "googleapis.com"}


def web_container(manifest, service: str) -> dict:
    deployment = manifest.get("Deployment", name(service))
    return deployment["spec"]["template"]["spec"]["containers"][0]


def pod_labels(manifest, service: str) -> dict:
    return manifest.get("Deployment", name(service))["spec"]["template"]["metadata"]["labels"]


def test_off_by_default_nothing_reaches_outside():
    manifest = render(DEFAULTS)
    assert "tk-thrift-kingdom-social" not in manifest.names("Secret")
    assert not manifest.of_kind("ServiceEntry")
    assert not manifest.of_kind("Sidecar")
    assert name("auth-login-providers") not in manifest.names("NetworkPolicy")
    assert not {k for k in env_of(web_container(manifest, "auth")) if k.endswith("_CLIENT_ID")}


def test_enabled_providers_credentials_come_from_the_social_secret():
    manifest = render(SOCIAL)
    secret = manifest.get("Secret", name("social"))
    keys = set(secret["data"])
    env = env_of(web_container(manifest, "auth"))
    for provider in ("kakao", "naver", "google"):
        for part in ("client-id", "client-secret"):
            ref = env[f"{provider.upper()}_{part.upper().replace('-', '_')}"]["valueFrom"]["secretKeyRef"]
            assert ref == {"name": name("social"), "key": f"{provider}-{part}"}
            assert ref["key"] in keys
    assert base64.b64decode(secret["data"]["kakao-client-id"]).decode() == "kakao-rest-api-key"
    assert env["KAKAO_SCOPE"]["value"] == "profile_nickname account_email"
    # Redirect URIs start at the site's public https address.
    assert env["FRONT_PUBLIC_URL"]["value"] == "https://thrift.example.kr"
    for other in ("front", "board", "comments", "sharing"):
        assert "KAKAO_CLIENT_ID" not in env_of(web_container(manifest, other))


def test_an_existing_secret_is_used_instead(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("socialLogin:\n  existingSecret: login-creds\n  naver:\n    enabled: true\n")
    manifest = render(values)
    assert name("social") not in manifest.names("Secret")
    env = env_of(web_container(manifest, "auth"))
    assert env["NAVER_CLIENT_SECRET"]["valueFrom"]["secretKeyRef"] == {
        "name": "login-creds",
        "key": "naver-client-secret",
    }
    assert "KAKAO_CLIENT_ID" not in env


def test_an_enabled_provider_without_credentials_is_refused_at_render():
    result = helm(
        "template", "tk", str(CHART), "--namespace", NAMESPACE, "--set", "socialLogin.google.enabled=true"
    )
    assert result.returncode != 0
    assert "socialLogin.google.clientId" in result.stderr


def test_auth_alone_reaches_exactly_the_enabled_providers_hosts(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("socialLogin:\n  kakao:\n    enabled: true\n    clientId: k\n    clientSecret: s\n")
    manifest = render(values)
    (entry,) = manifest.of_kind("ServiceEntry")
    assert entry["spec"]["hosts"] == ["kapi.kakao.com", "kauth.kakao.com"]
    assert entry["spec"]["location"] == "MESH_EXTERNAL"
    assert entry["spec"]["ports"] == [{"number": 443, "name": "tls", "protocol": "TLS"}]
    assert entry["spec"]["exportTo"] == ["."]

    (sidecar,) = manifest.of_kind("Sidecar")
    assert sidecar["spec"]["outboundTrafficPolicy"] == {"mode": "REGISTRY_ONLY"}
    selector = sidecar["spec"]["workloadSelector"]["labels"]
    assert selector.items() <= pod_labels(manifest, "auth").items()
    for other in ("front", "board", "comments", "sharing"):
        assert not selector.items() <= pod_labels(manifest, other).items()

    policy = manifest.get("NetworkPolicy", name("auth-login-providers"))
    assert policy["spec"]["policyTypes"] == ["Egress"]
    assert policy["spec"]["podSelector"]["matchLabels"].items() <= pod_labels(manifest, "auth").items()
    (rule,) = policy["spec"]["egress"]
    assert rule["ports"] == [{"port": 443, "protocol": "TCP"}]
    block = rule["to"][0]["ipBlock"]
    assert block["cidr"] == "0.0.0.0/0"
    assert {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"} <= set(block["except"])


def test_all_three_providers_hosts_and_no_others():
    (entry,) = render(SOCIAL).of_kind("ServiceEntry")
    hosts = entry["spec"]["hosts"]
    assert sorted(hosts) == [
        "kapi.kakao.com",
        "kauth.kakao.com",
        "nid.naver.com",
        "oauth2.googleapis.com",
        "openapi.naver.com",
        "www.googleapis.com",
    ]
    assert all(any(host.endswith(domain) for domain in PROVIDER_HOSTS) for host in hosts)


def test_istio_off_keeps_the_network_policy_only(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text(
        "istio:\n  enabled: false\n"
        "socialLogin:\n  google:\n    enabled: true\n    clientId: g\n    clientSecret: s\n"
    )
    manifest = render(values)
    assert not manifest.of_kind("ServiceEntry")
    assert name("auth-login-providers") in manifest.names("NetworkPolicy")
    assert web_container(manifest, "auth")
    assert env_of(web_container(manifest, "auth"))["FRONT_PUBLIC_URL"]["value"].startswith("http://")


def test_notes_list_the_redirect_uris_to_register_and_no_secret():
    result = helm(
        "install", "tk", str(CHART), "--dry-run=client", "--namespace", NAMESPACE, "-f", str(SOCIAL)
    )
    assert result.returncode == 0, result.stderr
    notes = result.stdout.split("NOTES:", 1)[1]
    for provider in ("kakao", "naver", "google"):
        assert f"https://thrift.example.kr/login/social/{provider}/callback" in notes
    assert "client-secret-value" not in notes
