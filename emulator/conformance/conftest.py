"""Fixtures of the conformance suite: the emulator binary and moto_server as
child processes on 127.0.0.1, boto3 clients pointed at them, the emulator's
admin API, and the automatic check of every emulator response against the
botocore model (violations fail the test that caused them).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import boto3
import botocore.config
import pytest

import model_check
import sts_model_check

# Never look for real credentials, IMDS, a profile or a proxy.
os.environ.update(
    {
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "NO_PROXY": "127.0.0.1",
        "no_proxy": "127.0.0.1",
    }
)
for var in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_BACKUP"):
    os.environ.pop(var, None)

DEFAULT_ACCOUNT = "123456789012"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# Model violations seen in emulator responses during the current test.
VIOLATIONS = []


def _http(method, url, body=None):
    assert url.startswith("http://127.0.0.1:"), url
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    try:
        with _OPENER.open(req, timeout=10) as resp:
            raw = resp.read()
            return resp.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, raw


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Admin:
    """The emulator's admin API (`/__emulator/`)."""

    def __init__(self, endpoint):
        self.endpoint = endpoint

    def call(self, method, path, body=None, expect=200):
        status, doc = _http(method, self.endpoint + "/__emulator/" + path, body)
        assert status == expect, f"admin {method} {path}: HTTP {status} {doc!r}"
        return doc

    def reset(self):
        return self.call("POST", "reset")

    def operations(self):
        return self.call("GET", "operations")

    def counters(self):
        return self.call("GET", "counters") or {}

    def state(self):
        return self.call("GET", "state")

    def seed_recovery_points(self, vault_name, count, region="us-east-1", account_id=None):
        body = {"region": region, "vault_name": vault_name, "count": count}
        if account_id:
            body["account_id"] = account_id
        return self.call("POST", "recovery-points", body)

    def seed_jobs(self, jobs, region="us-east-1", account_id=None):
        body = {"region": region, "jobs": jobs}
        if account_id:
            body["account_id"] = account_id
        return self.call("POST", "backup-jobs", body)

    def seed_copy_jobs(self, jobs, region="us-east-1", account_id=None):
        body = {"region": region, "jobs": jobs}
        if account_id:
            body["account_id"] = account_id
        return self.call("POST", "copy-jobs", body)

    def seed_restore_jobs(self, jobs, region="us-east-1", account_id=None):
        body = {"region": region, "jobs": jobs}
        if account_id:
            body["account_id"] = account_id
        return self.call("POST", "restore-jobs", body)

    def deny_role(self, role_arn):
        """STS answers AccessDenied to every assumption of `role_arn`."""
        return self.call("POST", "sts/deny-role", {"role_arn": role_arn})

    def require_external_id(self, role_arn, external_id):
        """AssumeRole of `role_arn` must carry exactly `external_id`."""
        return self.call(
            "POST", "sts/require-external-id", {"role_arn": role_arn, "external_id": external_id}
        )

    def allow_role(self, role_arn):
        """Drops the STS rules of `role_arn`."""
        return self.call("POST", "sts/allow-role", {"role_arn": role_arn})

    def sts_operations(self):
        return self.call("GET", "sts/operations")


def _record_violations(http_response, model, **_):
    if http_response is None:
        return
    headers = {k.lower(): v for k, v in http_response.headers.items()}
    found = model_check.check_response(
        model, http_response.status_code, headers, http_response.content
    )
    VIOLATIONS.extend(found)


def _record_sts_violations(http_response, model, **_):
    if http_response is None:
        return
    headers = {k.lower(): v for k, v in http_response.headers.items()}
    found = sts_model_check.check_response(
        model, http_response.status_code, headers, http_response.content
    )
    VIOLATIONS.extend(found)


def make_session_client(endpoint, service, credentials, validate=True, check=True):
    """A boto3 `sts` or `backup` client for `endpoint` signing with
    `credentials` (an STS Credentials dict, or None for no credentials at
    all, so only unsigned operations work); no retries. Its answers are
    checked against the model."""
    assert endpoint.startswith("http://127.0.0.1:"), endpoint
    cfg = botocore.config.Config(
        region_name="us-east-1",
        retries={"total_max_attempts": 1, "mode": "standard"},
        parameter_validation=validate,
        connect_timeout=5,
        read_timeout=30,
    )
    if credentials is None:
        cfg = cfg.merge(botocore.config.Config(signature_version=botocore.UNSIGNED))
        session = boto3.session.Session(region_name="us-east-1")
    else:
        session = boto3.session.Session(
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials.get("SessionToken"),
            region_name="us-east-1",
        )
    client = session.client(service, endpoint_url=endpoint, config=cfg)
    if check:
        hook = _record_sts_violations if service == "sts" else _record_violations
        client.meta.events.register(f"after-call.{service}", hook)
    return client


_CLIENTS = {}


def make_client(endpoint, region="us-east-1", access_key="testing", validate=True, check=True, attempts=1):
    """A boto3 `backup` client for `endpoint` (127.0.0.1 only); no retries
    unless `attempts` > 1. Clients hold no state, so they are reused."""
    assert endpoint.startswith("http://127.0.0.1:"), endpoint
    key = (endpoint, region, access_key, validate, check, attempts)
    if key not in _CLIENTS:
        _CLIENTS[key] = _new_client(*key)
    return _CLIENTS[key]


def _new_client(endpoint, region, access_key, validate, check, attempts):
    cfg = botocore.config.Config(
        region_name=region,
        retries={"total_max_attempts": attempts, "mode": "standard"},
        parameter_validation=validate,
        connect_timeout=5,
        read_timeout=30,
    )
    client = boto3.session.Session(
        aws_access_key_id=access_key,
        aws_secret_access_key="testing-secret",
        region_name=region,
    ).client("backup", endpoint_url=endpoint, config=cfg)
    if check:
        client.meta.events.register("after-call.backup", _record_violations)
    return client


def _read_line(proc, timeout):
    box = []
    t = threading.Thread(target=lambda: box.append(proc.stdout.readline()), daemon=True)
    t.start()
    t.join(timeout)
    return box[0] if box else None


@pytest.fixture(scope="session")
def emulator_endpoint():
    binary = os.environ.get("BACKUP_EMULATOR_BIN")
    if not binary or not os.access(binary, os.X_OK):
        pytest.fail("BACKUP_EMULATOR_BIN must name the built backup-emulator (run.sh sets it)")
    proc = subprocess.Popen(
        [binary, "--port", "0"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "RUST_LOG": "warn"},
    )
    try:
        line = _read_line(proc, 30)
        prefix = "listening on http://127.0.0.1:"
        if not line or not line.startswith(prefix):
            pytest.fail(f"emulator did not announce its address: {line!r}")
        yield line.strip()[len("listening on ") :]
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def admin(emulator_endpoint):
    return Admin(emulator_endpoint)


@pytest.fixture(autouse=True)
def _fresh_emulator(admin):
    admin.reset()
    yield


@pytest.fixture
def client(emulator_endpoint):
    """boto3 client for the emulator, default account and us-east-1."""
    return make_client(emulator_endpoint)


@pytest.fixture
def raw_client(emulator_endpoint):
    """boto3 client for the emulator with boto3's parameter validation off."""
    return make_client(emulator_endpoint, validate=False)


@pytest.fixture
def sts_client(emulator_endpoint):
    """boto3 `sts` client for the emulator, default account's base keys."""
    return make_session_client(
        emulator_endpoint, "sts", {"AccessKeyId": "testing", "SecretAccessKey": "testing-secret"}
    )


@pytest.fixture
def client_factory(emulator_endpoint):
    def factory(**kw):
        return make_client(emulator_endpoint, **kw)

    return factory


@pytest.fixture(scope="session")
def moto_endpoint():
    exe = os.path.join(os.path.dirname(sys.executable), "moto_server")
    if not os.access(exe, os.X_OK):
        exe = shutil.which("moto_server")
    if not exe:
        pytest.fail("moto_server is not installed in the venv")
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [exe, "-H", "127.0.0.1", "-p", str(port)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _ = _http("POST", endpoint + "/moto-api/reset")
                if status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("moto_server did not start")
            time.sleep(0.1)
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def moto_client(moto_endpoint):
    status, _ = _http("POST", moto_endpoint + "/moto-api/reset")
    assert status == 200
    # moto is not held to the model: it is the object of comparison.
    return make_client(moto_endpoint, check=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    VIOLATIONS.clear()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    if VIOLATIONS:
        found = list(dict.fromkeys(VIOLATIONS))
        VIOLATIONS.clear()
        raise AssertionError(
            "emulator responses violate the botocore model:\n  " + "\n  ".join(found)
        )
    return result
