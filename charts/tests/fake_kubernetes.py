"""A tiny read-only Kubernetes API: enough discovery for helm, and the Secrets we hand it.

Lets `helm template --dry-run=server` run the chart's `lookup` against "the cluster" of an
earlier install, to prove generated secrets are kept on upgrade, and against an empty one for a
first install. Nothing else is served.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

#: group/version → [(kind, plural)] for every kind the chart renders (all namespaced)
RESOURCES = {
    "v1": [
        ("ServiceAccount", "serviceaccounts"),
        ("ConfigMap", "configmaps"),
        ("Secret", "secrets"),
        ("Service", "services"),
    ],
    "apps/v1": [("Deployment", "deployments"), ("StatefulSet", "statefulsets")],
    "autoscaling/v2": [("HorizontalPodAutoscaler", "horizontalpodautoscalers")],
    "batch/v1": [("CronJob", "cronjobs")],
    "policy/v1": [("PodDisruptionBudget", "poddisruptionbudgets")],
    "networking.k8s.io/v1": [("NetworkPolicy", "networkpolicies")],
    "networking.istio.io/v1": [
        ("Gateway", "gateways"),
        ("VirtualService", "virtualservices"),
        ("DestinationRule", "destinationrules"),
    ],
    "security.istio.io/v1": [
        ("PeerAuthentication", "peerauthentications"),
        ("AuthorizationPolicy", "authorizationpolicies"),
        ("RequestAuthentication", "requestauthentications"),
    ],
}


def _discovery(path: str) -> dict | None:
    if path == "/version":
        return {"major": "1", "minor": "33", "gitVersion": "v1.33.0", "platform": "linux/amd64"}
    if path == "/api":
        return {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}
    if path == "/apis":
        groups = []
        for group_version in RESOURCES:
            if "/" in group_version:
                group, version = group_version.split("/")
                entry = {"groupVersion": group_version, "version": version}
                groups.append({"name": group, "versions": [entry], "preferredVersion": entry})
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}
    group_version = path.removeprefix("/apis/").removeprefix("/api/") if path != "/api/v1" else "v1"
    if group_version in RESOURCES:
        return {
            "kind": "APIResourceList",
            "groupVersion": group_version,
            "resources": [
                {
                    "name": plural,
                    "singularName": kind.lower(),
                    "namespaced": True,
                    "kind": kind,
                    "verbs": ["get", "list"],
                }
                for kind, plural in RESOURCES[group_version]
            ],
        }
    return None


@contextmanager
def fake_kubernetes(secrets: dict[tuple[str, str], dict], folder: Path) -> Iterator[Path]:
    """Serve ``{(namespace, name): secret}``; yield a kubeconfig file pointing at the server."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?")[0]
            body = _discovery(path)
            parts = path.strip("/").split("/")
            if body is None and len(parts) == 6 and parts[:2] == ["api", "v1"] and parts[4] == "secrets":
                body = secrets.get((parts[3], parts[5]))
            if body is None and len(parts) == 5 and parts[:2] == ["api", "v1"] and parts[4] == "secrets":
                # a list: a real API answers one for any namespace, even an empty or missing one
                items = [secret for (namespace, _), secret in secrets.items() if namespace == parts[3]]
                body = {"kind": "SecretList", "apiVersion": "v1", "metadata": {}, "items": items}
            status = 200 if body is not None else 404
            if body is None:
                body = {
                    "kind": "Status",
                    "apiVersion": "v1",
                    "status": "Failure",
                    "reason": "NotFound",
                    "code": 404,
                }
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    kubeconfig = folder / "kubeconfig"
    kubeconfig.write_text(
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [
                    {"name": "fake", "cluster": {"server": f"http://127.0.0.1:{server.server_port}"}}
                ],
                "users": [{"name": "fake", "user": {"token": "fake"}}],
                "contexts": [{"name": "fake", "context": {"cluster": "fake", "user": "fake"}}],
                "current-context": "fake",
            }
        )
    )
    try:
        yield kubeconfig
    finally:
        server.shutdown()
        server.server_close()
