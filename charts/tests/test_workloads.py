"""Every pod is production-grade: probes, resources, restricted security, graceful rollouts."""

from __future__ import annotations

import json

import pytest

from .rendering import CHART, CI_VALUES, env_of, helm, name, render

DEFAULTS = CHART / "ci" / "defaults-values.yaml"
AUTOSCALING_OFF = CHART / "ci" / "autoscaling-off-values.yaml"
EXTERNAL_DATABASES = CHART / "ci" / "external-databases-values.yaml"
EXISTING_SECRETS = CHART / "ci" / "existing-secrets-values.yaml"
#: The one writable path the images need (gunicorn heartbeats, metrics, temp files).
SCRATCH = "/tmp"  # noqa: S108 - a path inside the pod, not on this machine
SERVICES = ("front", "auth", "board", "comments", "sharing", "notifications")
API_SERVICES = ("auth", "board", "comments", "sharing", "notifications")

values_files = pytest.mark.parametrize("values", CI_VALUES, ids=lambda p: p.name)


def containers(pod: dict, *, init: bool = True) -> list[dict]:
    return pod["spec"]["containers"] + (pod["spec"].get("initContainers", []) if init else [])


@values_files
def test_every_container_has_requests_and_limits(values):
    for workload, pod in render(values).pod_templates():
        for container in containers(pod):
            resources = container.get("resources", {})
            where = f"{workload['metadata']['name']}/{container['name']}"
            assert {"cpu", "memory"} <= set(resources.get("requests", {})), where
            assert {"cpu", "memory"} <= set(resources.get("limits", {})), where


@values_files
def test_every_pod_meets_the_restricted_pod_security_standard(values):
    for workload, pod in render(values).pod_templates():
        spec = pod["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
        assert spec.get("hostNetwork") is not True
        for container in containers(pod):
            context = container["securityContext"]
            where = f"{workload['metadata']['name']}/{container['name']}"
            assert context["allowPrivilegeEscalation"] is False, where
            assert context["capabilities"]["drop"] == ["ALL"], where
            assert context["readOnlyRootFilesystem"] is True, where
            assert context.get("privileged") is not True, where
            # a read-only root needs somewhere to write: /tmp is an emptyDir everywhere
            mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
            assert SCRATCH in mounts, where
            volumes = {v["name"]: v for v in spec["volumes"]}
            assert "emptyDir" in volumes[mounts[SCRATCH]], where


@values_files
def test_serving_containers_have_distinct_liveness_readiness_and_startup_probes(values):
    for workload, pod in render(values).pod_templates():
        if workload["metadata"]["name"].endswith("-worker") or workload["kind"] == "CronJob":
            continue  # the outbox loop and housekeeping serve nothing; a crash exits and is restarted
        for container in containers(pod, init=False):
            where = f"{workload['metadata']['name']}/{container['name']}"
            for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
                assert probe in container, f"{where} lacks {probe}"
            assert container["livenessProbe"] != container["readinessProbe"], where


def test_web_probes_use_healthz_for_liveness_and_readyz_for_readiness_with_the_original_timing():
    manifest = render(DEFAULTS)
    for service in SERVICES:
        (container,) = manifest.get("Deployment", name(service))["spec"]["template"]["spec"]["containers"]
        liveness, readiness = container["livenessProbe"], container["readinessProbe"]
        assert liveness["httpGet"]["path"] == "/healthz"
        assert readiness["httpGet"]["path"] == "/readyz"
        assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
        assert (liveness["initialDelaySeconds"], liveness["periodSeconds"]) == (60, 30)
        assert readiness["periodSeconds"] < liveness["periodSeconds"]


def test_postgresql_probes_ask_pg_isready_and_readiness_names_the_service_database():
    manifest = render(DEFAULTS)
    for service in API_SERVICES:
        (container,) = manifest.get("StatefulSet", name(f"{service}-postgresql"))["spec"]["template"]["spec"][
            "containers"
        ]
        assert container["livenessProbe"]["exec"]["command"][0] == "pg_isready"
        assert f"--dbname={service}" in container["readinessProbe"]["exec"]["command"]


def test_defaults_roll_out_one_pod_at_a_time_and_autoscale_3_to_50_at_half_a_cpu():
    manifest = render(DEFAULTS)
    for service in SERVICES:
        deployment = manifest.get("Deployment", name(service))
        assert deployment["spec"]["strategy"] == {
            "type": "RollingUpdate",
            "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 1},
        }
        assert "replicas" not in deployment["spec"], "the HPA owns the replica count"
        hpa = manifest.get("HorizontalPodAutoscaler", name(service))
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert hpa["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": name(service),
        }
        assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (3, 50)
        assert hpa["spec"]["metrics"] == [
            {
                "type": "Resource",
                "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}},
            }
        ]
        # CPU utilisation is a share of the request: without one the HPA cannot work
        assert deployment["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["cpu"]


def test_autoscaling_off_sets_replicas_and_a_service_can_opt_back_in():
    manifest = render(AUTOSCALING_OFF)
    assert manifest.names("HorizontalPodAutoscaler") == {name("auth")}
    assert "replicas" not in manifest.get("Deployment", name("auth"))["spec"]
    assert manifest.get("Deployment", name("board"))["spec"]["replicas"] == 2
    assert manifest.get("Deployment", name("sharing"))["spec"]["replicas"] == 1
    # a PDB over a single replica would block every node drain
    assert name("sharing") not in manifest.names("PodDisruptionBudget")
    # and a single replica must not go down before its successor is ready
    assert manifest.get("Deployment", name("sharing"))["spec"]["strategy"]["rollingUpdate"] == {
        "maxSurge": 1,
        "maxUnavailable": 0,
    }
    assert (
        manifest.get("Deployment", name("board"))["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 1
    )
    assert name("board") in manifest.names("PodDisruptionBudget")


def test_every_service_has_a_pod_disruption_budget_selecting_its_pods():
    manifest = render(DEFAULTS)
    for service in SERVICES:
        pdb = manifest.get("PodDisruptionBudget", name(service))
        assert pdb["spec"]["maxUnavailable"] == 1
        pod_labels = manifest.get("Deployment", name(service))["spec"]["template"]["metadata"]["labels"]
        assert pdb["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()


def test_termination_grace_covers_prestop_sleep_and_gunicorn_graceful_timeout():
    manifest = render(DEFAULTS)
    for service in SERVICES:
        pod = manifest.get("Deployment", name(service))["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        graceful = int(manifest.get("ConfigMap", name(service))["data"]["GUNICORN_GRACEFUL_TIMEOUT"])
        sleep = container["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert graceful == 20
        assert sleep > 0
        assert pod["terminationGracePeriodSeconds"] > sleep + graceful


def test_graceful_timeout_value_moves_config_and_grace_period_together():
    manifest = render(DEFAULTS, sets=("gunicorn.gracefulTimeoutSeconds=45",))
    pod = manifest.get("Deployment", name("board"))["spec"]["template"]["spec"]
    assert manifest.get("ConfigMap", name("board"))["data"]["GUNICORN_GRACEFUL_TIMEOUT"] == "45"
    assert (
        pod["terminationGracePeriodSeconds"]
        > 45 + pod["containers"][0]["lifecycle"]["preStop"]["sleep"]["seconds"]
    )


@values_files
def test_every_pod_runs_as_its_own_service_account_without_an_api_token(values):
    manifest = render(values)
    accounts = {sa["metadata"]["name"]: sa for sa in manifest.of_kind("ServiceAccount")}
    used = set()
    for workload, pod in manifest.pod_templates():
        account = pod["spec"]["serviceAccountName"]
        assert account in accounts, workload["metadata"]["name"]
        assert pod["spec"]["automountServiceAccountToken"] is False
        used.add(account)
    assert all(sa["automountServiceAccountToken"] is False for sa in accounts.values())
    # one identity per service: no two services share an account
    web = [
        manifest.get("Deployment", name(s))["spec"]["template"]["spec"]["serviceAccountName"]
        for s in SERVICES
    ]
    assert len(set(web)) == len(SERVICES)


def test_web_pods_spread_across_nodes():
    manifest = render(DEFAULTS)
    for service in SERVICES:
        deployment = manifest.get("Deployment", name(service))
        (spread,) = deployment["spec"]["template"]["spec"]["topologySpreadConstraints"]
        assert spread["topologyKey"] == "kubernetes.io/hostname"
        assert spread["labelSelector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]


def test_api_pods_prepare_their_database_before_serving_and_the_front_does_not():
    manifest = render(DEFAULTS)
    for service in API_SERVICES:
        pod = manifest.get("Deployment", name(service))["spec"]["template"]["spec"]
        (prepare,) = pod["initContainers"]
        assert prepare["args"] == ["prepare"]
        assert prepare["image"] == pod["containers"][0]["image"]
        env = env_of(prepare)
        assert env["DJANGO_SUPERUSER_USERNAME"]["value"] == "admin"
        assert env["DJANGO_SUPERUSER_PASSWORD"]["valueFrom"]["secretKeyRef"]["key"] == "superuser-password"
        assert "DJANGO_SUPERUSER_PASSWORD" not in env_of(pod["containers"][0])
    assert "initContainers" not in manifest.get("Deployment", name("front"))["spec"]["template"]["spec"]


def test_workers_run_for_board_comments_sharing_and_notifications_only():
    manifest = render(DEFAULTS)
    workers = {
        d["metadata"]["name"]: d
        for d in manifest.of_kind("Deployment")
        if d["metadata"]["name"].endswith("-worker")
    }
    assert set(workers) == {name(f"{s}-worker") for s in ("board", "comments", "sharing", "notifications")}
    for worker_name, worker in workers.items():
        service = worker_name.removeprefix(name("")).removesuffix("-worker")
        pod = worker["spec"]["template"]["spec"]
        # the outbox loop (the image's `worker`), or the service's own loop (worker.command)
        expected = ["manage", "process_events", "--loop"] if service == "notifications" else ["worker"]
        assert pod["containers"][0]["args"] == expected
        assert pod["serviceAccountName"] == name(service)
        assert env_of(pod["containers"][0])["DATABASE_URL"]


def test_outbox_workers_are_restarted_when_their_heartbeat_goes_stale():
    manifest = render(DEFAULTS, sets=("services.comments.worker.heartbeatMaxAgeSeconds=300",))
    for service, max_age in (("board", "120"), ("sharing", "120"), ("comments", "300")):
        worker = manifest.get("Deployment", name(f"{service}-worker"))["spec"]["template"]["spec"]
        container = worker["containers"][0]
        heartbeat = manifest.get("ConfigMap", name(service))["data"]["OUTBOX_HEARTBEAT_FILE"]
        # written on the container's writable scratch volume
        assert any(heartbeat.startswith(m["mountPath"] + "/") for m in container["volumeMounts"])
        probe = container["livenessProbe"]
        assert probe["exec"]["command"] == [
            "thrift-entrypoint",
            "manage",
            "check_outbox_heartbeat",
            "--max-age",
            max_age,
        ]
        assert probe["timeoutSeconds"] >= 10  # Python and Django start inside the probe
        assert probe["periodSeconds"] * probe["failureThreshold"] <= 2 * int(max_age)


def test_bundled_postgresql_keeps_data_on_a_claim_with_configurable_size_and_class():
    for values, size, storage_class in ((DEFAULTS, "8Gi", None), (EXISTING_SECRETS, "20Gi", "fast-ssd")):
        manifest = render(values)
        for service in API_SERVICES:
            statefulset = manifest.get("StatefulSet", name(f"{service}-postgresql"))
            (claim,) = statefulset["spec"]["volumeClaimTemplates"]
            assert claim["spec"]["resources"]["requests"]["storage"] == size
            assert claim["spec"].get("storageClassName") == storage_class
            mounts = statefulset["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]
            assert {"name": claim["metadata"]["name"], "mountPath": "/var/lib/postgresql/data"} in mounts
            headless = manifest.get("Service", statefulset["spec"]["serviceName"])
            assert headless["spec"]["clusterIP"] == "None"
            assert ":latest" not in statefulset["spec"]["template"]["spec"]["containers"][0]["image"]


def test_external_databases_replace_the_statefulsets():
    manifest = render(EXTERNAL_DATABASES)
    assert not manifest.of_kind("StatefulSet")
    env = env_of(manifest.get("Deployment", name("comments"))["spec"]["template"]["spec"]["containers"][0])
    assert env["DATABASE_URL"]["value"] == (
        "postgresql://comment_service:$(DATABASE_PASSWORD)@comments-db.example.internal:6432/comment_service?sslmode=require"
    )
    assert env["DATABASE_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": "comments-db",
        "key": "pgpassword",
    }


def test_image_comes_from_the_global_registry_and_tag_with_per_service_digest_override():
    manifest = render(EXISTING_SECRETS)
    images = {
        s: manifest.get("Deployment", name(s))["spec"]["template"]["spec"]["containers"][0]["image"]
        for s in SERVICES
    }
    assert images["board"] == "ghcr.io/thrift-kingdom/board:1.4.2"
    assert images["auth"] == "ghcr.io/thrift-kingdom/auth@sha256:" + "0123456789abcdef" * 4
    assert render(DEFAULTS).get("Deployment", name("front"))["spec"]["template"]["spec"]["containers"][0][
        "image"
    ] == ("registry.example.com/thrift-kingdom/front:0.1.0")
    for _, pod in manifest.pod_templates():
        assert pod["spec"].get("imagePullSecrets") in ([{"name": "regcred"}], None)
    assert manifest.get("Deployment", name("board"))["spec"]["template"]["spec"]["imagePullSecrets"] == [
        {"name": "regcred"}
    ]


def test_a_sixth_service_is_a_values_change_only():
    manifest = render(
        DEFAULTS,
        sets=(
            "services.alerts.package=alert_service",
            "services.alerts.route=alerts",
            "services.alerts.calls={auth,sharing}",
        ),
    )
    for kind in (
        "Deployment",
        "Service",
        "ServiceAccount",
        "ConfigMap",
        "HorizontalPodAutoscaler",
        "StatefulSet",
    ):
        assert any(n.startswith(name("alerts")) for n in manifest.names(kind)), kind
    routes = [r["name"] for r in manifest.of_kind("VirtualService")[0]["spec"]["http"]]
    assert {"alerts-read", "alerts-write"} <= set(routes)
    assert routes[-2:] == ["front-read", "front-write"], "the front's catch-all stays last"
    assert (
        manifest.get("ConfigMap", name("alerts"))["data"]["SHARING_SERVICE_URL"]
        == f"http://{name('sharing')}:80"
    )


def test_a_config_change_restarts_only_the_pods_of_that_service():
    def checksums(manifest):
        return {
            d["metadata"]["name"]: d["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
            for d in manifest.of_kind("Deployment")
        }

    before = checksums(render(DEFAULTS))
    after = checksums(render(DEFAULTS, sets=("services.board.extraEnv.FEATURE_X=on",)))
    changed = {deployment for deployment in before if before[deployment] != after[deployment]}
    assert changed == {name("board"), name("board-worker")}


def test_auth_purges_expired_tokens_daily_as_a_job_that_can_finish():
    manifest = render(DEFAULTS)
    cronjob = manifest.get("CronJob", name("auth-purge-expired-tokens"))
    assert [c["metadata"]["name"] for c in manifest.of_kind("CronJob")] == [cronjob["metadata"]["name"]]
    assert cronjob["spec"]["schedule"] == "17 3 * * *"
    assert cronjob["spec"]["concurrencyPolicy"] == "Forbid"
    job = cronjob["spec"]["jobTemplate"]["spec"]
    assert job["activeDeadlineSeconds"] == 600
    pod = job["template"]
    # a sidecar would keep the Job's pod running forever
    assert pod["metadata"]["labels"]["sidecar.istio.io/inject"] == "false"
    assert pod["metadata"]["labels"]["thrift-kingdom.io/service"] == "auth"
    spec = pod["spec"]
    assert spec["restartPolicy"] == "Never"
    assert spec["serviceAccountName"] == name("auth")
    (container,) = spec["containers"]
    web = manifest.get("Deployment", name("auth"))["spec"]["template"]["spec"]["containers"][0]
    assert container["env"] == web["env"]
    assert container["envFrom"] == web["envFrom"]
    assert "DATABASE_URL" in env_of(container)


def test_cron_jobs_are_a_values_change_and_a_malformed_one_is_refused():
    job = "services.board.cronJobs[0]"
    manifest = render(sets=(f"{job}.name=reindex", f"{job}.schedule=0 4 * * 0", f"{job}.args[0]=check"))
    cronjob = manifest.get("CronJob", name("board-reindex"))
    assert cronjob["spec"]["jobTemplate"]["spec"]["activeDeadlineSeconds"] == 600  # the default
    pod = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["containers"][0]["args"] == ["manage", "check"]
    missing_args = helm(
        "template", "tk", str(CHART), "--set", f"{job}.name=x", "--set", f"{job}.schedule=0 4 * * 0"
    )
    assert missing_args.returncode != 0
    assert "args" in missing_args.stderr


def test_gunicorn_keeps_idle_connections_longer_than_the_sidecar_so_the_proxy_closes_first():
    manifest = render(DEFAULTS)
    for service in SERVICES:
        keepalive = int(manifest.get("ConfigMap", name(service))["data"]["GUNICORN_KEEPALIVE"])
        pool = manifest.get("DestinationRule", name(service))["spec"]["trafficPolicy"]["connectionPool"]
        assert keepalive > int(pool["http"]["idleTimeout"].removesuffix("s")), service


def test_every_service_tells_the_image_which_package_it_runs():
    manifest = render(DEFAULTS)
    packages = {
        "front": "front",
        "auth": "auth_service",
        "board": "board_service",
        "comments": "comment_service",
        "sharing": "sharing_service",
        "notifications": "notification_service",
    }
    for service, package in packages.items():
        assert manifest.get("ConfigMap", name(service))["data"]["THRIFT_PACKAGE"] == package
    typo = helm("template", "tk", str(CHART), "--set", "services.board.package=board-service")
    assert typo.returncode != 0


def test_outbox_workers_ready_the_schema_before_delivering_like_the_web_pods():
    manifest = render(DEFAULTS)
    for service in ("board", "comments", "sharing"):
        web = manifest.get("Deployment", name(service))["spec"]["template"]["spec"]
        worker = manifest.get("Deployment", name(f"{service}-worker"))["spec"]["template"]["spec"]
        assert [c["args"] for c in worker["initContainers"]] == [["prepare"]]
        assert worker["initContainers"] == web["initContainers"], service


def test_the_sidecar_keeps_forwarding_until_gunicorn_has_drained():
    """Without this the sidecar drops every connection 5 s after SIGTERM, in the middle of
    the preStop sleep, cutting requests a rolling update should let finish."""
    manifest = render(DEFAULTS, sets=("gunicorn.gracefulTimeoutSeconds=40",))
    for service in SERVICES:
        pod = manifest.get("Deployment", name(service))["spec"]["template"]
        config = json.loads(pod["metadata"]["annotations"]["proxy.istio.io/config"])
        assert config["holdApplicationUntilProxyStarts"] is True
        drain = int(config["terminationDrainDuration"].removesuffix("s"))
        pre_stop = pod["spec"]["containers"][0]["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert drain >= pre_stop + 40, service
        assert drain < pod["spec"]["terminationGracePeriodSeconds"], service


def test_cron_job_names_fit_kubernetes_limit_even_for_a_long_release_name():
    manifest = render(DEFAULTS, sets=("fullnameOverride=a-release-name-of-thirty-chars",))
    (cronjob,) = manifest.of_kind("CronJob")
    assert len(cronjob["metadata"]["name"]) <= 52
    assert cronjob["metadata"]["name"].startswith("a-release-name-of-thirty-chars-auth-purge")


def app_pods(manifest) -> list[tuple[str, dict]]:
    """(name, pod template) of every pod running the application image (not PostgreSQL)."""
    return [(w["metadata"]["name"], pod) for w, pod in manifest.pod_templates() if w["kind"] != "StatefulSet"]


@values_files
def test_the_app_scratch_space_and_gunicorns_heartbeats_are_in_memory_and_home_is_writable(values):
    manifest = render(values)
    for where, pod in app_pods(manifest):
        volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
        for container in containers(pod):
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            assert volumes[mounts[SCRATCH]]["emptyDir"]["medium"] == "Memory", where
    for config in manifest.of_kind("ConfigMap"):
        assert config["data"]["GUNICORN_WORKER_TMP_DIR"] == SCRATCH
        assert config["data"]["HOME"] == SCRATCH  # not /nonexistent: libpq and gunicorn look there


def test_an_external_database_is_verified_against_the_ca_mounted_from_a_secret_or_config_map():
    import dj_database_url

    manifest = render(EXTERNAL_DATABASES)
    expected = {
        "auth": (
            "verify-full",
            {"secret": {"secretName": "auth-db-ca", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        ),
        "board": (
            "verify-ca",
            {
                "configMap": {
                    "name": "managed-db-ca-bundle",
                    "items": [{"key": "bundle.pem", "path": "ca.crt"}],
                }
            },
        ),
    }
    pods = app_pods(manifest)
    for service, (mode, source) in expected.items():
        mine = [(where, pod) for where, pod in pods if where.startswith(name(service))]
        assert len(mine) >= 2, service  # the web pods, and the worker or the CronJob
        for where, pod in mine:
            (volume,) = [v for v in pod["spec"]["volumes"] if v["name"] == "database-ca"]
            assert {k: v for k, v in volume.items() if k != "name"} == source, where
            for container in containers(pod):
                url = env_of(container)["DATABASE_URL"]["value"]
                options = dj_database_url.parse(url)["OPTIONS"]
                assert options == {"sslmode": mode, "sslrootcert": "/etc/thrift-kingdom/database-ca/ca.crt"}
                (mount,) = [m for m in container["volumeMounts"] if m["name"] == "database-ca"]
                assert mount == {
                    "name": "database-ca",
                    "mountPath": "/etc/thrift-kingdom/database-ca",
                    "readOnly": True,
                }
    # a database without a CA of its own mounts none
    sharing = manifest.get("Deployment", name("sharing"))["spec"]["template"]["spec"]
    assert [v["name"] for v in sharing["volumes"]] == ["tmp"]
    assert env_of(sharing["containers"][0])["DATABASE_URL"]["value"].endswith("?sslmode=require")


def test_verifying_an_external_database_without_its_ca_is_refused():
    result = helm(
        "template", "tk", str(CHART), "-f", str(EXTERNAL_DATABASES),
        "--set", "services.auth.database.external.sslRootCert.secretName=",
    )  # fmt: skip
    assert result.returncode != 0
    assert "services.auth.database.external.sslmode verify-full needs the CA" in result.stderr


def test_postgresql_gets_a_memory_backed_dev_shm_of_the_configured_size():
    manifest = render(DEFAULTS, sets=("postgresql.sharedMemorySizeLimit=1Gi",))
    for service in API_SERVICES:
        pod = manifest.get("StatefulSet", name(f"{service}-postgresql"))["spec"]["template"]["spec"]
        (mount,) = [m for m in pod["containers"][0]["volumeMounts"] if m["mountPath"] == "/dev/shm"]  # noqa: S108 - inside the pod
        (volume,) = [v for v in pod["volumes"] if v["name"] == mount["name"]]
        assert volume["emptyDir"] == {"medium": "Memory", "sizeLimit": "1Gi"}


def test_sidecars_rewrite_the_kubelets_http_probes_pinned_on_every_meshed_pod():
    manifest = render(DEFAULTS)
    for service in SERVICES:
        pod = manifest.get("Deployment", name(service))["spec"]["template"]
        assert pod["metadata"]["annotations"]["sidecar.istio.io/rewriteAppHTTPProbers"] == "true", service


def test_postgresql_reads_its_password_from_a_mounted_file_not_the_environment():
    manifest = render(DEFAULTS)
    for service in API_SERVICES:
        pod = manifest.get("StatefulSet", name(f"{service}-postgresql"))["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        env = env_of(container)
        assert not [e for e in env.values() if "valueFrom" in e], service
        path = env["POSTGRES_PASSWORD_FILE"]["value"]
        (mount,) = [m for m in container["volumeMounts"] if path.startswith(m["mountPath"] + "/")]
        (volume,) = [v for v in pod["volumes"] if v["name"] == mount["name"]]
        assert volume["secret"]["secretName"] == name("secrets")
        assert volume["secret"]["items"] == [
            {"key": f"{service}-database-password", "path": path.rsplit("/", 1)[1]}
        ]
