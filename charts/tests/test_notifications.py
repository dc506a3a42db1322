"""The sixth service, notification_service, from values alone: the same templates as the others,
exactly its new calls in the mesh, its worker loop, and its SMTP relay with the login from a Secret."""

from __future__ import annotations

import re

import yaml

from .rendering import CHART, NAMESPACE, RELEASE, env_of, helm, name, render

DEFAULTS = CHART / "ci" / "defaults-values.yaml"
SMTP = (
    "smtp.host=email-smtp.ap-northeast-2.amazonaws.com",
    "smtp.username=AKIAEXAMPLE",
    "smtp.password=s3cr3t-smtp-password",
    "smtp.fromEmail=no-reply@thrift-kingdom.example.com",
)
PRODUCERS = ("board", "comments", "sharing")


def principal(service: str) -> str:
    return f"cluster.local/ns/{NAMESPACE}/sa/{name(service)}"


def sources_by_component() -> dict[str, set[str]]:
    """Template file of every rendered object, grouped by the object's component label."""
    result = helm("template", RELEASE, str(CHART), "--namespace", NAMESPACE, "-f", str(DEFAULTS))
    assert result.returncode == 0, result.stderr
    sources: dict[str, set[str]] = {}
    for document in result.stdout.split("\n---\n"):
        match = re.search(r"^# Source: thrift-kingdom/templates/(\S+)$", document, flags=re.MULTILINE)
        body = yaml.safe_load(document)
        if not match or not body:
            continue
        component = body["metadata"].get("labels", {}).get("app.kubernetes.io/component", "")
        sources.setdefault(component, set()).add(match.group(1))
    return sources


def test_the_sixth_service_needs_no_template_of_its_own():
    sources = sources_by_component()
    mine = {c: s for c, s in sources.items() if c.startswith("notifications")}
    assert set(mine) == {"notifications", "notifications-worker", "notifications-postgresql"}
    for component, templates in mine.items():
        board_like = sources[component.replace("notifications", "board")]
        assert templates <= board_like, (component, templates - board_like)


def rules_of(manifest, service: str) -> list[dict]:
    return manifest.get("AuthorizationPolicy", name(service))["spec"]["rules"]


def paths_for(manifest, callee: str, caller: str) -> list[list[str] | None]:
    """For each rule admitting ``caller`` to ``callee``: its paths (None: any path)."""
    found = []
    for rule in rules_of(manifest, callee):
        if any(principal(caller) in s["source"].get("principals", []) for s in rule["from"]):
            found.append(rule["to"][0]["operation"].get("paths"))
    return found


def test_the_mesh_lets_through_exactly_the_new_calls():
    manifest = render(DEFAULTS)
    # the producers deliver outbox events (from the web pods right after commit, then the worker)
    for producer in PRODUCERS:
        assert paths_for(manifest, "notifications", producer) == [["/api/notifications/internal/*"]]
    # the front calls the public API for its visitors, never an internal endpoint
    (front_paths,) = paths_for(manifest, "notifications", "front")
    assert "/api/notifications/inbox/*" in front_paths
    assert not [p for p in front_paths if "internal" in p or p.endswith("/api/notifications/*")]
    # notification_service asks sharing about products only; auth for its token and the JWKS
    assert paths_for(manifest, "sharing", "notifications") == [["/api/sharing/products/*"]]
    assert paths_for(manifest, "auth", "notifications") == [None]
    # nobody else reaches it; it reaches nobody else
    admitted = {
        p
        for rule in rules_of(manifest, "notifications")
        for s in rule["from"]
        for p in s["source"].get("principals", [])
        if "/istio-system/" not in p
    }
    assert admitted == {principal(s) for s in ("front", *PRODUCERS)}
    for other in ("board", "comments", "front"):
        assert paths_for(manifest, other, "notifications") == []


def test_the_gateway_reaches_its_public_paths_only():
    manifest = render(DEFAULTS)
    (gateway,) = [r for r in rules_of(manifest, "notifications") if "/istio-system/" in str(r["from"])]
    operation = gateway["to"][0]["operation"]
    assert "/api/notifications/*" in operation["paths"]
    assert {"/api/notifications/internal", "/api/notifications/internal/*", "/metrics"} <= set(
        operation["notPaths"]
    )


def test_the_callers_and_only_they_are_told_where_it_is():
    manifest = render(DEFAULTS)
    for service in ("front", *PRODUCERS):
        data = manifest.get("ConfigMap", name(service))["data"]
        assert data["NOTIFICATION_SERVICE_URL"] == f"http://{name('notifications')}:80", service
    assert "NOTIFICATION_SERVICE_URL" not in manifest.get("ConfigMap", name("auth"))["data"]
    data = manifest.get("ConfigMap", name("notifications"))["data"]
    assert {k for k in data if k.endswith("_SERVICE_URL")} == {"AUTH_SERVICE_URL", "SHARING_SERVICE_URL"}
    assert data["THRIFT_PACKAGE"] == "notification_service"


def test_its_worker_runs_its_loop_with_the_heartbeat_liveness_of_the_outbox_workers():
    manifest = render(DEFAULTS)
    worker = manifest.get("Deployment", name("notifications-worker"))["spec"]["template"]["spec"]
    container = worker["containers"][0]
    assert container["args"] == ["manage", "process_events", "--loop"]
    assert container["livenessProbe"]["exec"]["command"][:3] == [
        "thrift-entrypoint",
        "manage",
        "check_outbox_heartbeat",
    ]
    assert manifest.get("ConfigMap", name("notifications"))["data"]["OUTBOX_HEARTBEAT_FILE"]
    assert [c["args"] for c in worker["initContainers"]] == [["prepare"]]
    assert name("notifications-postgresql") in manifest.names("StatefulSet")


def test_without_a_relay_no_service_gets_mail_settings():
    manifest = render(DEFAULTS)
    for config_map in manifest.of_kind("ConfigMap"):
        assert not [k for k in config_map.get("data", {}) if k.startswith("EMAIL_")]
    assert name("smtp") not in manifest.names("Secret")


def egress_ports(manifest, service: str) -> set[int]:
    policy = manifest.get("NetworkPolicy", name(f"{service}-egress"))
    return {
        p["port"] for rule in policy["spec"]["egress"] for p in rule.get("ports", []) if not rule.get("to")
    }


def test_the_relay_settings_and_its_login_from_the_charts_secret():
    manifest = render(DEFAULTS, sets=SMTP)
    data = manifest.get("ConfigMap", name("notifications"))["data"]
    assert data["EMAIL_HOST"] == "email-smtp.ap-northeast-2.amazonaws.com"
    assert (data["EMAIL_PORT"], data["EMAIL_USE_TLS"], data["EMAIL_USE_SSL"]) == ("587", "true", "false")
    assert data["DEFAULT_FROM_EMAIL"] == "no-reply@thrift-kingdom.example.com"
    secret = manifest.get("Secret", name("smtp"))
    assert set(secret["data"]) == {"smtp-username", "smtp-password"}
    for deployment in ("notifications", "notifications-worker"):
        pod = manifest.get("Deployment", name(deployment))["spec"]["template"]
        env = env_of(pod["spec"]["containers"][0])
        for variable, key in (("EMAIL_HOST_USER", "smtp-username"), ("EMAIL_HOST_PASSWORD", "smtp-password")):
            assert env[variable]["valueFrom"]["secretKeyRef"] == {"name": name("smtp"), "key": key}
        # SMTP speaks first: the sidecar's protocol detection must not sit in between
        excluded = pod["metadata"]["annotations"]["traffic.sidecar.istio.io/excludeOutboundPorts"]
        assert "587" in excluded.split(",")
    assert 587 in egress_ports(manifest, "notifications")
    for other in ("front", "auth", *PRODUCERS):
        assert 587 not in egress_ports(manifest, other), other
        assert "EMAIL_HOST" not in manifest.get("ConfigMap", name(other))["data"], other
    for config_map in manifest.of_kind("ConfigMap"):
        assert "s3cr3t-smtp-password" not in str(config_map)


def test_the_relay_login_from_an_existing_secret_and_named_egress_peers():
    manifest = render(
        DEFAULTS,
        sets=(
            "smtp.host=relay.mail.svc",
            "smtp.port=465",
            "smtp.useTls=false",
            "smtp.useSsl=true",
            "smtp.existingSecret=ses-login",
            "smtp.existingSecretPasswordKey=password",
            "smtp.egressPeers[0].ipBlock.cidr=10.30.0.5/32",
        ),
    )
    assert name("smtp") not in manifest.names("Secret")
    env = env_of(
        manifest.get("Deployment", name("notifications-worker"))["spec"]["template"]["spec"]["containers"][0]
    )
    assert env["EMAIL_HOST_USER"]["valueFrom"]["secretKeyRef"] == {
        "name": "ses-login",
        "key": "smtp-username",
    }
    assert env["EMAIL_HOST_PASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": "ses-login", "key": "password"}
    policy = manifest.get("NetworkPolicy", name("notifications-egress"))
    (relay,) = [r for r in policy["spec"]["egress"] if r.get("ports") == [{"port": 465, "protocol": "TCP"}]]
    assert relay["to"] == [{"ipBlock": {"cidr": "10.30.0.5/32"}}]


def test_a_relay_without_a_login_gets_no_secret_and_a_contradiction_is_refused():
    manifest = render(DEFAULTS, sets=("smtp.host=postfix.mail.svc", "smtp.port=25", "smtp.useTls=false"))
    env = env_of(
        manifest.get("Deployment", name("notifications"))["spec"]["template"]["spec"]["containers"][0]
    )
    assert "EMAIL_HOST_USER" not in env
    assert name("smtp") not in manifest.names("Secret")
    both = helm(
        "template",
        RELEASE,
        str(CHART),
        "--set",
        "smtp.host=x",
        "--set",
        "smtp.useTls=true",
        "--set",
        "smtp.useSsl=true",
    )
    assert both.returncode != 0
    assert "exclude each other" in both.stderr
    no_password = helm("template", RELEASE, str(CHART), "--set", "smtp.host=x", "--set", "smtp.username=u")
    assert no_password.returncode != 0
    assert "smtp.password" in no_password.stderr


def test_turning_the_service_off_removes_it_and_its_callers_allowances():
    manifest = render(DEFAULTS, sets=("services.notifications.enabled=false",))
    assert not [n for n in manifest.names("Deployment") if "notifications" in n]
    for service in ("front", *PRODUCERS):
        assert "NOTIFICATION_SERVICE_URL" not in manifest.get("ConfigMap", name(service))["data"], service
