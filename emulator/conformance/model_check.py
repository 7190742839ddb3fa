"""The AWS Backup service model, loaded from the pinned botocore package, and a
recursive validator of raw wire responses against the model's shapes.

Why: the emulator must answer exactly what the model says (member names,
types, enums, lengths, patterns, timestamps as epoch seconds), and this is
checked on every response any test observes, not just on hand-picked ones.
"""

import json
import re

import botocore
import botocore.session

PINNED_BOTOCORE = "1.44.5"

# Errors every AWS service may answer although the service model does not
# list them per operation (AWS "Common Errors" documentation).
COMMON_ERRORS = {
    "AccessDeniedException",
    "IncompleteSignature",
    "IncompleteSignatureException",
    "MissingAuthenticationTokenException",
    "ThrottlingException",
    "ServiceUnavailableException",
    "UnrecognizedClientException",
}

# Values the model's own documentation names although they break the shape's
# pattern: real AWS wins over the pattern. The ResourceType documentation
# (e.g. boto3 reference for list_backup_jobs, describe_region_settings) lists
# "Storage Gateway", "SAP HANA on Amazon EC2" and "Redshift Serverless"
# (with spaces) as resource types, AWS answers them in
# DescribeRegionSettings and accepts them in UpdateRegionSettings
# (AWS-BACKUP-FACTS.md quirk 12). Only these three names are excused.
DOCUMENTED_PATTERN_EXCEPTIONS = {
    "ResourceType": {"Storage Gateway", "SAP HANA on Amazon EC2", "Redshift Serverless"}
}

# Errors AWS answers for one operation although the model does not declare
# them there. DeleteRestoreTestingPlan declares only InvalidRequestException,
# but terraform-provider-aws (internal/service/backup/restore_testing_plan.go,
# Delete) treats ResourceNotFoundException from exactly this call as "already
# gone": AWS answers a missing plan with it (KNOWN_DIFFERENCES.md).
UNDECLARED_ERRORS = {"DeleteRestoreTestingPlan": {"ResourceNotFoundException"}}

_SESSION = None


def service_model():
    """The `backup` service model from the installed (pinned) botocore."""
    global _SESSION
    if botocore.__version__ != PINNED_BOTOCORE:
        raise RuntimeError(
            f"botocore {botocore.__version__} is installed, the suite pins {PINNED_BOTOCORE}"
        )
    if _SESSION is None:
        _SESSION = botocore.session.get_session()
    return _SESSION.get_service_model("backup")


def _compiled(pattern):
    try:
        return re.compile(pattern, re.DOTALL)
    except re.error:
        return None


def validate(shape, value, path, out):
    """Append a violation string to `out` for every way `value` (decoded JSON)
    departs from `shape` (a botocore Shape)."""
    t = shape.type_name
    meta = shape.metadata
    if value is None:
        out.append(f"{path}: null is never sent by AWS ({shape.name})")
        return
    if t == "structure":
        if not isinstance(value, dict):
            out.append(f"{path}: expected object ({shape.name}), got {type(value).__name__}")
            return
        wire = {}
        for name, member in shape.members.items():
            loc = member.serialization.get("location")
            if loc in ("header", "headers", "statusCode", "uri", "querystring"):
                continue
            wire[member.serialization.get("name", name)] = (name, member)
        for key, v in value.items():
            if key not in wire:
                out.append(f"{path}: member {key!r} is not in {shape.name}")
                continue
            validate(wire[key][1], v, f"{path}.{key}", out)
        for req in shape.required_members:
            member = shape.members[req]
            if member.serialization.get("location") in ("header", "headers", "statusCode"):
                continue
            if member.serialization.get("name", req) not in value:
                out.append(f"{path}: required member {req!r} of {shape.name} missing")
    elif t == "list":
        if not isinstance(value, list):
            out.append(f"{path}: expected array ({shape.name}), got {type(value).__name__}")
            return
        _bounds(meta, len(value), path, "length", out)
        for i, item in enumerate(value):
            validate(shape.member, item, f"{path}[{i}]", out)
    elif t == "map":
        if not isinstance(value, dict):
            out.append(f"{path}: expected object map ({shape.name}), got {type(value).__name__}")
            return
        _bounds(meta, len(value), path, "size", out)
        for k, v in value.items():
            validate(shape.key, k, f"{path}<key {k!r}>", out)
            validate(shape.value, v, f"{path}[{k!r}]", out)
    elif t == "string":
        if not isinstance(value, str):
            out.append(f"{path}: expected string ({shape.name}), got {value!r}")
            return
        if shape.enum and value not in shape.enum:
            out.append(f"{path}: {value!r} is not one of enum {shape.name}")
        _bounds(meta, len(value), path, "length", out)
        pat = meta.get("pattern")
        if pat:
            rx = _compiled(pat)
            documented = value in DOCUMENTED_PATTERN_EXCEPTIONS.get(shape.name, ())
            if rx is not None and not rx.search(value) and not documented:
                out.append(f"{path}: {value!r} does not match pattern {pat!r}")
    elif t in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            out.append(f"{path}: expected integer ({shape.name}), got {value!r}")
            return
        _bounds(meta, value, path, "value", out)
    elif t in ("double", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            out.append(f"{path}: expected number ({shape.name}), got {value!r}")
    elif t == "boolean":
        if not isinstance(value, bool):
            out.append(f"{path}: expected boolean ({shape.name}), got {value!r}")
    elif t == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "unixTimestamp")
        if fmt == "unixTimestamp":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                out.append(f"{path}: expected epoch-seconds timestamp, got {value!r}")
        elif not isinstance(value, str):
            out.append(f"{path}: expected {fmt} timestamp string, got {value!r}")
    elif t == "blob":
        if not isinstance(value, str):
            out.append(f"{path}: expected base64 string (blob), got {value!r}")
    else:
        out.append(f"{path}: validator does not know shape type {t}")


def _bounds(meta, n, path, what, out):
    lo, hi = meta.get("min"), meta.get("max")
    if lo is not None and n < lo:
        out.append(f"{path}: {what} {n} below model min {lo}")
    if hi is not None and n > hi:
        out.append(f"{path}: {what} {n} above model max {hi}")


def check_response(operation_model, status, headers, body):
    """All violations of one raw HTTP response (status, headers dict with
    lower-case keys, body bytes) against `operation_model`."""
    out = []
    op = operation_model.name
    # Protocol, not model: every AWS answer carries a request id, and JSON.
    if not headers.get("x-amzn-requestid"):
        out.append(f"{op}: HTTP {status} without an x-amzn-RequestId header")
    if body and not headers.get("content-type", "").startswith("application/"):
        out.append(f"{op}: body with content-type {headers.get('content-type')!r}")
    try:
        doc = json.loads(body) if body else None
    except ValueError:
        return [f"{op}: body is not JSON: {body[:200]!r}"]
    if status >= 300:
        code = headers.get("x-amzn-errortype", "").split(":")[0]
        if not code:
            out.append(f"{op}: HTTP {status} without an x-amzn-ErrorType header")
            return out
        declared = {s.name for s in operation_model.error_shapes}
        declared |= UNDECLARED_ERRORS.get(op, set())
        if code not in declared and code not in COMMON_ERRORS:
            out.append(f"{op}: error {code} is neither declared for the operation nor a common AWS error")
        if not isinstance(doc, dict):
            out.append(f"{op}: error body is not a JSON object: {body[:200]!r}")
            return out
        if not isinstance(doc.get("message", doc.get("Message")), str):
            out.append(f"{op}: error body has no message string")
        try:
            eshape = operation_model.service_model.shape_for(code)
        except Exception:
            eshape = None
        if eshape is not None:
            allowed = set(eshape.members) | {"message", "__type"}
            for k in doc:
                if k not in allowed:
                    out.append(f"{op}: error {code} body member {k!r} not in the model")
            for k, member in eshape.members.items():
                if k in doc:
                    validate(member, doc[k], f"{op}!{code}.{k}", out)
        err_status = (eshape.metadata.get("error") or {}).get("httpStatusCode") if eshape else None
        if err_status and err_status != status:
            out.append(f"{op}: error {code} with HTTP {status}, model says {err_status}")
        return out
    want = operation_model.http.get("responseCode", 200)
    if status != want:
        out.append(f"{op}: HTTP {status}, model says {want}")
    shape = operation_model.output_shape
    if shape is None:
        if doc not in (None, {}):
            out.append(f"{op}: model has no output but body is {body[:200]!r}")
        return out
    if doc is None:
        doc = {}
    validate(shape, doc, op, out)
    return out
