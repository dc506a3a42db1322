"""Everything points at something that exists, and the mesh allows exactly the calls we make."""

from __future__ import annotations

import base64

import jwt
import pytest
import yaml

from auth_service.accounts import keys
from kingdom.jwk import public_jwk

from .fake_kubernetes import fake_kubernetes
from .rendering import CHART, CI_VALUES, NAMESPACE, RELEASE, env_of, helm, name, render

DEFAULTS = CHART / "ci" / "defaults-values.yaml"
EXISTING_SECRETS = CHART / "ci" / "existing-secrets-values.yaml"
TRUST = "cluster.local"

#: Who calls whom (the brief's call graph), independent of the chart's values.
CALLERS = {
    "auth": {"front", "board", "comments", "sharing", "notifications"},
    "board": {"front", "comments"},
    "comments": {"front", "board", "sharing"},
    "sharing": {"front", "comments", "notifications"},
    # the producers' outbox events (web pods right after commit, then the workers), the front's inbox
    "notifications": {"front", "board", "comments", "sharing"},
    "front": set(),
}

values_files = pytest.mark.parametrize("values", CI_VALUES, ids=lambda p: p.name)


def selects(selector: dict, labels: dict) -> bool:
    return selector.items() <= labels.items()


def principal(service: str) -> str:
    return f"{TRUST}/ns/{NAMESPACE}/sa/{name(service)}"


@values_files
def test_every_service_selects_pods_that_exist_on_a_port_they_expose(values):
    manifest = render(values)
    pods = [pod for _, pod in manifest.pod_templates()]
    for service in manifest.of_kind("Service"):
        matching = [p for p in pods if selects(service["spec"]["selector"], p["metadata"]["labels"])]
        assert matching, f"Service {service['metadata']['name']} selects no pods"
        for port in service["spec"]["ports"]:
            for pod in matching:
                named = {p["name"] for c in pod["spec"]["containers"] for p in c.get("ports", [])}
                assert port["targetPort"] in named, service["metadata"]["name"]


@values_files
def test_web_services_never_select_worker_pods(values):
    manifest = render(values)
    for service in manifest.of_kind("Service"):
        for workload, pod in manifest.pod_templates():
            if workload["metadata"]["name"].endswith("-worker"):
                assert not selects(service["spec"]["selector"], pod["metadata"]["labels"])


@values_files
def test_every_virtual_service_route_points_at_an_existing_service_port(values):
    manifest = render(values)
    ports = {
        (s["metadata"]["name"], p["port"]) for s in manifest.of_kind("Service") for p in s["spec"]["ports"]
    }
    for virtual_service in manifest.of_kind("VirtualService"):
        for route in virtual_service["spec"]["http"]:
            for destination in route["route"]:
                host = destination["destination"]["host"]
                short, namespace = host.split(".")[:2]
                assert namespace == NAMESPACE
                assert (short, destination["destination"]["port"]["number"]) in ports, host


def test_routes_follow_the_url_layout_and_retry_only_what_is_safe():
    (virtual_service,) = render(DEFAULTS).of_kind("VirtualService")
    routes = {r["name"]: r for r in virtual_service["spec"]["http"]}
    for service in ("auth", "board", "comments", "sharing"):
        read, write = routes[f"{service}-read"], routes[f"{service}-write"]
        prefixes = {m["uri"].get("prefix") or m["uri"].get("exact") for m in write["match"]}
        assert prefixes == {
            f"/api/{service}",
            f"/api/{service}/",
            f"/admin/{service}",
            f"/admin/{service}/",
            f"/static/{service}/",
        }
        assert all(m["method"] == {"regex": "^(GET|HEAD)$"} for m in read["match"])
        assert "gateway-error" in read["retries"]["retryOn"]
        # a POST may have been processed when a gateway error comes back: retry only requests
        # that never reached a pod
        assert set(write["retries"]["retryOn"].split(",")) == {"connect-failure", "refused-stream"}
        assert read["timeout"] == write["timeout"]
    names = [r["name"] for r in virtual_service["spec"]["http"]]
    assert names[-2:] == ["front-read", "front-write"]
    assert routes["front-write"]["match"] == [{"uri": {"prefix": "/"}}]


def test_gateway_redirects_http_to_https_for_the_site_host():
    (gateway,) = render(DEFAULTS).of_kind("Gateway")
    servers = {s["port"]["protocol"]: s for s in gateway["spec"]["servers"]}
    assert servers["HTTP"]["tls"] == {"httpsRedirect": True}
    assert servers["HTTPS"]["tls"]["mode"] == "SIMPLE"
    (virtual_service,) = render(DEFAULTS).of_kind("VirtualService")
    assert virtual_service["spec"]["gateways"] == [f"{NAMESPACE}/{gateway['metadata']['name']}"]
    assert virtual_service["spec"]["hosts"] == gateway["spec"]["servers"][0]["hosts"]


@values_files
def test_every_authorization_policy_names_service_accounts_that_exist(values):
    manifest = render(values)
    accounts = {f"{TRUST}/ns/{NAMESPACE}/sa/{n}" for n in manifest.names("ServiceAccount")}
    pods = [pod["metadata"]["labels"] for _, pod in manifest.pod_templates()]
    for policy in manifest.of_kind("AuthorizationPolicy"):
        assert any(selects(policy["spec"]["selector"]["matchLabels"], labels) for labels in pods)
        for rule in policy["spec"].get("rules", []):
            for source in rule.get("from", []):
                for p in source["source"].get("principals", []):
                    assert p in accounts or p.startswith(f"{TRUST}/ns/istio-system/"), p


def test_mesh_denies_by_default_and_allows_exactly_the_callers_of_each_service():
    manifest = render(DEFAULTS)
    (deny,) = [
        p for p in manifest.of_kind("AuthorizationPolicy") if p["metadata"]["name"].endswith("-deny-all")
    ]
    assert deny["spec"]["action"] == "ALLOW"
    assert "rules" not in deny["spec"], "an ALLOW policy without rules matches nothing: deny all"
    for service, callers in CALLERS.items():
        policy = manifest.get("AuthorizationPolicy", name(service))
        allowed = {
            p
            for rule in policy["spec"]["rules"]
            for source in rule["from"]
            for p in source["source"].get("principals", [])
            if "/istio-system/" not in p
        }
        assert allowed == {principal(c) for c in callers}, service
    assert manifest.get("PeerAuthentication", name("")[:-1])["spec"]["mtls"] == {"mode": "STRICT"}


def test_gateway_reaches_each_api_only_on_its_public_paths():
    policy = render(DEFAULTS).get("AuthorizationPolicy", name("board"))
    (gateway_rule,) = [
        r for r in policy["spec"]["rules"] if "/istio-system/" in r["from"][0]["source"]["principals"][0]
    ]
    assert set(gateway_rule["to"][0]["operation"]["paths"]) == {
        "/api/board",
        "/api/board/*",
        "/admin/board",
        "/admin/board/*",
        "/static/board/*",
    }


def test_request_authentication_checks_tokens_against_the_auth_jwks_and_keeps_the_header():
    manifest = render(DEFAULTS)
    assert manifest.names("RequestAuthentication") == {
        name(s) for s in ("auth", "board", "comments", "sharing", "notifications")
    }
    (rule,) = manifest.get("RequestAuthentication", name("board"))["spec"]["jwtRules"]
    assert rule["jwksUri"] == "https://thrift-kingdom.example.com/api/auth/jwks.json"
    assert rule["forwardOriginalToken"] is True
    assert (rule["issuer"], rule["audiences"]) == ("thrift-kingdom-auth", ["thrift-kingdom"])


def egress_targets(manifest, service: str) -> set[str]:
    policy = manifest.get("NetworkPolicy", name(f"{service}-egress"))
    return {
        peer["podSelector"]["matchLabels"]["app.kubernetes.io/component"]
        for rule in policy["spec"]["egress"]
        for peer in rule.get("to", [])
        if "podSelector" in peer
    }


def test_network_policies_deny_by_default_and_allow_exactly_the_calls_made():
    manifest = render(DEFAULTS)
    deny = manifest.get("NetworkPolicy", name("default-deny"))
    assert deny["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in deny["spec"]
    assert "egress" not in deny["spec"]
    for service in CALLERS:
        callees = {callee for callee, callers in CALLERS.items() if service in callers}
        database = set() if service == "front" else {f"{service}-postgresql"}
        # and every service to the shared cache (tests/test_valkey.py)
        assert egress_targets(manifest, service) == callees | database | {"valkey"}, service
        ingress = manifest.get("NetworkPolicy", name(f"{service}-ingress"))["spec"]["ingress"]
        (from_services,) = [
            p["podSelector"]["matchExpressions"][0]["values"]
            for p in ingress[0]["from"]
            if "namespaceSelector" not in p
        ] or [[]]
        assert set(from_services) == CALLERS[service], service
    database = manifest.get("NetworkPolicy", name("board-postgresql"))["spec"]["ingress"]
    assert database[0]["from"] == [
        {
            "podSelector": {
                "matchLabels": {"app.kubernetes.io/instance": RELEASE, "thrift-kingdom.io/service": "board"}
            }
        }
    ]
    dns = manifest.get("NetworkPolicy", name("dns-istiod"))["spec"]["egress"]
    assert [p["port"] for p in dns[0]["ports"]] == [53, 53]
    assert dns[1]["ports"] == [{"port": 15012, "protocol": "TCP"}]


@values_files
def test_network_policy_peers_select_pods_that_exist(values):
    manifest = render(values)
    pods = [pod["metadata"]["labels"] for _, pod in manifest.pod_templates()]
    for policy in manifest.of_kind("NetworkPolicy"):
        assert any(selects(policy["spec"]["podSelector"].get("matchLabels", {}), labels) for labels in pods)
        for rule in policy["spec"].get("egress", []):
            for peer in rule.get("to", []):
                if "podSelector" in peer and "namespaceSelector" not in peer:
                    assert any(selects(peer["podSelector"]["matchLabels"], labels) for labels in pods), peer


@values_files
def test_no_secret_value_appears_in_a_config_map(values):
    manifest = render(values)
    secrets = [
        base64.b64decode(value).decode()
        for secret in manifest.of_kind("Secret")
        for value in secret.get("data", {}).values()
    ]
    for config_map in manifest.of_kind("ConfigMap"):
        for key, value in config_map["data"].items():
            assert not any(
                marker in key for marker in ("PASSWORD", "SECRET_KEY", "PRIVATE", "CLIENT_SECRET")
            ), key
            assert "postgresql://" not in value, key
            for secret in secrets:
                assert secret not in value, key


def test_generated_secret_holds_every_key_pods_reference():
    manifest = render(DEFAULTS)
    (secret,) = manifest.of_kind("Secret")
    assert secret["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    keys = set(secret["data"])
    referenced = set()
    for _, pod in manifest.pod_templates():
        for container in pod["spec"]["containers"] + pod["spec"].get("initContainers", []):
            for item in container.get("env", []):
                ref = item.get("valueFrom", {}).get("secretKeyRef")
                if ref and ref["name"] == secret["metadata"]["name"] and not ref.get("optional"):
                    referenced.add(ref["key"])
    assert referenced == keys


def test_generated_jwt_key_signs_and_its_public_half_is_published_by_auth():
    (secret,) = render(DEFAULTS).of_kind("Secret")
    private_pem = base64.b64decode(secret["data"]["jwt-private-key"]).decode()
    assert private_pem.startswith("-----BEGIN RSA PRIVATE KEY-----")  # helm's genPrivateKey: PKCS#1
    # auth_service derives the public key (and the JWKS the other services read) from it
    public_pem = keys.public_pem(private_pem)
    jwk = public_jwk(keys.load_private_key(private_pem).public_key())
    assert public_pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert (jwk["kty"], jwk["alg"]) == ("RSA", "RS256")
    token = jwt.encode({"sub": "1"}, private_pem, algorithm="RS256")
    assert jwt.decode(token, public_pem, algorithms=["RS256"]) == {"sub": "1"}


def test_existing_secret_is_used_and_nothing_is_generated():
    manifest = render(EXISTING_SECRETS)
    assert not manifest.of_kind("Secret")
    for _, pod in manifest.pod_templates():
        for container in pod["spec"]["containers"]:
            for item in container.get("env", []):
                ref = item.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] == "thrift-kingdom-prod-secrets"


def test_services_find_each_other_and_the_jwks_through_existing_services():
    manifest = render(DEFAULTS)
    service_ports = {
        s["metadata"]["name"]: s["spec"]["ports"][0]["port"] for s in manifest.of_kind("Service")
    }
    auth_env = env_of(manifest.get("Deployment", name("auth"))["spec"]["template"]["spec"]["containers"][0])
    assert auth_env["SERVICE_CLIENTS"]["value"] == ",".join(
        f"{s}:$(CLIENT_SECRET_{s.upper()})"
        for s in ("auth", "board", "comments", "front", "notifications", "sharing")
    )
    for service in CALLERS:
        data = manifest.get("ConfigMap", name(service))["data"]
        assert data["SERVICE_CLIENT_ID"] == service
        assert data["SECURE_SSL_REDIRECT"] == "false"
        assert data["HTTPS_REDIRECT_AT_PROXY"] == "true"
        urls = {k: v for k, v in data.items() if k.endswith("_SERVICE_URL") or k == "JWT_JWKS_URL"}
        for url in urls.values():
            host, port = url.removeprefix("http://").split("/")[0].split(":")
            assert service_ports[host] == int(port), url
        if service != "auth":
            assert data["JWT_JWKS_URL"] == f"http://{name('auth')}:80/api/auth/jwks.json"
    front = manifest.get("ConfigMap", name("front"))["data"]
    assert {k for k in front if k.endswith("_SERVICE_URL")} == {
        "AUTH_SERVICE_URL",
        "BOARD_SERVICE_URL",
        "COMMENT_SERVICE_URL",
        "SHARING_SERVICE_URL",
        "NOTIFICATION_SERVICE_URL",
    }


def test_notes_tell_how_to_reach_the_site_and_admins_without_printing_secrets():
    result = helm("install", RELEASE, str(CHART), "--dry-run=client", "--namespace", NAMESPACE)
    assert result.returncode == 0, result.stderr
    notes = result.stdout.split("NOTES:", 1)[1]
    manifest_part = result.stdout.split("NOTES:", 1)[0]
    assert "https://thrift-kingdom.example.com/" in notes
    for service in ("auth", "board", "comments", "sharing"):
        assert f"https://thrift-kingdom.example.com/admin/{service}/" in notes
    assert "superuser-password" in notes
    secret_values = [
        line.split(": ", 1)[1]
        for line in manifest_part.splitlines()
        if line.startswith("  ") and "-secret-key: " in line
    ]
    assert secret_values
    for encoded in secret_values:
        assert encoded not in notes
        assert base64.b64decode(encoded).decode() not in notes


def secret_after_upgrade(installed: dict, tmp_path) -> dict:
    """The chart's Secret data rendered against a cluster already holding ``installed``."""
    metadata = {
        "name": name("secrets"),
        "namespace": NAMESPACE,
        "labels": {"app.kubernetes.io/managed-by": "Helm"},
        "annotations": {"meta.helm.sh/release-name": RELEASE, "meta.helm.sh/release-namespace": NAMESPACE},
    }
    cluster = {
        (NAMESPACE, name("secrets")): {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": metadata,
            "data": installed,
        }
    }
    with fake_kubernetes(cluster, tmp_path) as kubeconfig:
        result = helm(
            "template", RELEASE, str(CHART), "--namespace", NAMESPACE, "--kubeconfig", str(kubeconfig),
            "--dry-run=server", "--disable-openapi-validation", "--show-only", "templates/secret.yaml",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["data"]


def test_an_upgrade_keeps_every_secret_already_in_the_cluster_and_adds_only_missing_ones(tmp_path):
    first = render(DEFAULTS).get("Secret", name("secrets"))
    # the Secret as the first install left it (sharing added since), with Helm's ownership metadata
    installed = {k: v for k, v in first["data"].items() if not k.startswith("sharing-")}
    upgraded = secret_after_upgrade(installed, tmp_path)
    assert set(upgraded) == set(first["data"])
    for key, value in installed.items():
        assert upgraded[key] == value, f"{key} changed on upgrade"
    # the new service's keys are generated (not empty, not copied from another service)
    for key in ("sharing-secret-key", "sharing-client-secret", "sharing-database-password"):
        assert upgraded[key]
        assert upgraded[key] not in installed.values()


#: The variable each service reads for a callee's base URL (kingdom.settings).
URL_VARIABLES = {
    "auth": "AUTH_SERVICE_URL",
    "board": "BOARD_SERVICE_URL",
    "comments": "COMMENT_SERVICE_URL",
    "sharing": "SHARING_SERVICE_URL",
    "notifications": "NOTIFICATION_SERVICE_URL",
}


def test_each_service_gets_the_url_of_exactly_the_services_it_calls():
    """The outbox runs both ways: comments → board/sharing (comment counts), board/sharing →
    comments (target deleted); every caller of an internal endpoint fetches its token from auth."""
    manifest = render(DEFAULTS)
    for service in CALLERS:
        data = manifest.get("ConfigMap", name(service))["data"]
        callees = {callee for callee, callers in CALLERS.items() if service in callers}
        assert {k for k in data if k.endswith("_SERVICE_URL")} == {URL_VARIABLES[c] for c in callees}, service
        for callee in callees:
            assert data[URL_VARIABLES[callee]] == f"http://{name(callee)}:80", (service, callee)


def test_outbox_workers_get_their_services_settings_and_its_network_and_mesh_allowances():
    manifest = render(DEFAULTS)
    pods = {w["metadata"]["name"]: pod for w, pod in manifest.pod_templates()}
    policies = manifest.of_kind("NetworkPolicy")
    for service in ("board", "comments", "sharing"):
        web, worker = pods[name(service)], pods[name(f"{service}-worker")]
        web_container, worker_container = web["spec"]["containers"][0], worker["spec"]["containers"][0]
        # Same ConfigMap (URLs, client id) and same secrets (client secret, database URL).
        assert worker_container["envFrom"] == web_container["envFrom"]
        assert worker_container["env"] == web_container["env"]
        assert worker["spec"]["serviceAccountName"] == web["spec"]["serviceAccountName"]
        labels = worker["metadata"]["labels"]
        egress = [
            p
            for p in policies
            if "Egress" in p["spec"]["policyTypes"]
            and p.get("spec", {}).get("egress")
            and selects(p["spec"]["podSelector"]["matchLabels"], labels)
        ]
        reachable = {
            peer["podSelector"]["matchLabels"].get("app.kubernetes.io/component")
            for p in egress
            for rule in p["spec"]["egress"]
            for peer in rule.get("to", [])
            if "podSelector" in peer and "namespaceSelector" not in peer
        }
        callees = {callee for callee, callers in CALLERS.items() if service in callers}
        assert callees | {f"{service}-postgresql"} <= reachable, service
        for callee in callees:
            (ingress,) = [
                r for r in manifest.get("NetworkPolicy", name(f"{callee}-ingress"))["spec"]["ingress"]
            ]
            admitted = [
                peer
                for peer in ingress["from"]
                if "namespaceSelector" not in peer
                and selects(peer["podSelector"]["matchLabels"], labels)
                and all(
                    labels.get(e["key"]) in e["values"]
                    for e in peer["podSelector"].get("matchExpressions", [])
                )
            ]
            assert admitted, (service, callee)
        database = manifest.get("NetworkPolicy", name(f"{service}-postgresql"))["spec"]["ingress"][0]
        assert any(selects(p["podSelector"]["matchLabels"], labels) for p in database["from"])


def test_gateway_never_reaches_metrics_internal_endpoints_or_the_service_token():
    manifest = render(DEFAULTS)
    for service in CALLERS:
        policy = manifest.get("AuthorizationPolicy", name(service))
        (gateway_rule,) = [
            r for r in policy["spec"]["rules"] if "/istio-system/" in r["from"][0]["source"]["principals"][0]
        ]
        (operation,) = [t["operation"] for t in gateway_rule["to"]]
        refused = set(operation["notPaths"])
        assert {"/metrics", "/metrics/*"} <= refused, service
        if service != "front":
            assert {f"/api/{service}/internal", f"/api/{service}/internal/*"} <= refused, service
    auth = manifest.get("AuthorizationPolicy", name("auth"))["spec"]["rules"]
    refused = {p for r in auth for t in r.get("to", []) for p in t["operation"].get("notPaths", [])}
    assert {"/api/auth/service-token", "/api/auth/service-token/"} <= refused
    # the services that call auth still reach the whole of it
    (callers_rule,) = [r for r in auth if "/istio-system/" not in r["from"][0]["source"]["principals"][0]]
    assert "notPaths" not in callers_rule["to"][0]["operation"]


def test_an_upgrade_keeps_the_previous_public_key_an_operator_added_for_a_key_rotation(tmp_path):
    """auth_service/README.md: rotating the signing key puts the old public key in
    ``jwt-previous-public-keys``; an upgrade during the rotation must not log everyone out."""
    installed = dict(render(DEFAULTS).get("Secret", name("secrets"))["data"])
    previous = base64.b64encode(b"-----BEGIN PUBLIC KEY-----\nold\n-----END PUBLIC KEY-----\n").decode()
    installed["jwt-previous-public-keys"] = previous
    upgraded = secret_after_upgrade(installed, tmp_path)
    assert upgraded == installed


def test_front_pages_get_a_longer_try_than_an_api_call_within_their_timeout():
    (virtual_service,) = render(DEFAULTS).of_kind("VirtualService")
    routes = {r["name"]: r for r in virtual_service["spec"]["http"]}

    def seconds(duration: str) -> float:
        return float(duration.removesuffix("s"))

    front, board = routes["front-read"], routes["board-read"]
    assert seconds(front["retries"]["perTryTimeout"]) > seconds(board["retries"]["perTryTimeout"])
    for route in (front, board):
        # every try fits in the route's timeout
        tries = route["retries"]["attempts"] + 1
        assert seconds(route["retries"]["perTryTimeout"]) * tries <= seconds(route["timeout"]), route["name"]


def test_a_service_that_forgets_auth_in_its_calls_still_reaches_the_jwks():
    manifest = render(
        DEFAULTS,
        sets=(
            "services.alerts.package=alert_service",
            "services.alerts.route=alerts",
            "services.alerts.calls={sharing}",
        ),
    )
    data = manifest.get("ConfigMap", name("alerts"))["data"]
    assert data["JWT_JWKS_URL"] == f"http://{name('auth')}:80/api/auth/jwks.json"
    assert "auth" in egress_targets(manifest, "alerts")
    auth = manifest.get("AuthorizationPolicy", name("auth"))["spec"]["rules"]
    assert principal("alerts") in {
        p for r in auth for s in r["from"] for p in s["source"].get("principals", [])
    }


def test_dns_egress_can_also_reach_nodelocal_dns_cache():
    manifest = render(DEFAULTS, sets=("networkPolicy.dns.extraPeers[0].ipBlock.cidr=169.254.20.10/32",))
    dns = manifest.get("NetworkPolicy", name("dns-istiod"))["spec"]["egress"][0]
    assert dns["to"][0]["podSelector"] == {"matchLabels": {"k8s-app": "kube-dns"}}  # still the cluster DNS
    assert dns["to"][1] == {"ipBlock": {"cidr": "169.254.20.10/32"}}
    assert [p["port"] for p in dns["ports"]] == [53, 53]
    default = render(DEFAULTS).get("NetworkPolicy", name("dns-istiod"))["spec"]["egress"][0]
    assert len(default["to"]) == 1


def test_rendering_without_a_cluster_refuses_to_generate_secrets_unless_told_to():
    """helm template (Argo CD) cannot look the Secret up: each sync would make new passwords."""
    refused = helm("template", RELEASE, str(CHART), "--namespace", NAMESPACE, without_cluster_secrets=False)
    assert refused.returncode != 0
    assert "rendered without a cluster" in refused.stderr
    assert "secrets.existingSecret" in refused.stderr
    # GitOps: the operator's Secret, nothing generated, nothing to refuse
    gitops = helm("template", RELEASE, str(CHART), "-f", str(EXISTING_SECRETS), without_cluster_secrets=False)
    assert gitops.returncode == 0, gitops.stderr
    # or the operator accepts new secrets on every render
    accepted = helm(
        "template",
        RELEASE,
        str(CHART),
        "--set",
        "secrets.generateWithoutCluster=true",
        without_cluster_secrets=False,
    )
    assert accepted.returncode == 0, accepted.stderr


def test_a_first_install_against_a_cluster_generates_the_secret_without_being_told(tmp_path):
    with fake_kubernetes({}, tmp_path) as kubeconfig:
        result = helm(
            "template", RELEASE, str(CHART), "--namespace", NAMESPACE, "--kubeconfig", str(kubeconfig),
            "--dry-run=server", "--disable-openapi-validation", "--show-only", "templates/secret.yaml",
            without_cluster_secrets=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(result.stdout)["data"]
    assert data["jwt-private-key"]
    assert data["board-database-password"]


ISTIO_OFF = CHART / "ci" / "istio-off-values.yaml"


def test_without_istio_an_ingress_routes_like_the_virtual_service_and_keeps_mesh_paths_inside():
    manifest = render(ISTIO_OFF)
    (ingress,) = manifest.of_kind("Ingress")
    spec = ingress["spec"]
    assert spec["ingressClassName"] == "nginx"
    assert spec["tls"] == [{"hosts": ["thrift-kingdom.example.com"], "secretName": "thrift-kingdom-tls"}]
    (rule,) = spec["rules"]
    assert rule["host"] == "thrift-kingdom.example.com"
    routes = {(p["path"], p["pathType"]): p["backend"]["service"] for p in rule["http"]["paths"]}
    ports = {
        (s["metadata"]["name"], p["name"]) for s in manifest.of_kind("Service") for p in s["spec"]["ports"]
    }
    for backend in routes.values():
        assert (backend["name"], backend["port"]["name"]) in ports, backend
    for service in ("auth", "board", "comments", "sharing"):
        for prefix in ("api", "admin", "static"):
            assert routes[(f"/{prefix}/{service}", "Prefix")]["name"] == name(service)
        # internal endpoints land on the front, which has no such page (404)
        assert routes[(f"/api/{service}/internal", "Prefix")]["name"] == name("front")
    assert routes[("/api/auth/service-token", "Prefix")]["name"] == name("front")
    assert routes[("/", "Prefix")]["name"] == name("front")
    # the site is https at the Ingress: Django trusts https origins
    assert manifest.get("ConfigMap", name("front"))["data"]["CSRF_TRUSTED_ORIGINS"] == (
        "https://thrift-kingdom.example.com"
    )
    assert not render(DEFAULTS).of_kind("Ingress")


def test_an_ingress_next_to_istio_is_refused():
    result = helm("template", RELEASE, str(CHART), "--set", "ingress.enabled=true")
    assert result.returncode != 0
    assert "ingress.enabled is for clusters without Istio" in result.stderr
