"""The STS service model (API version 2011-06-15, AWS Query protocol), loaded
from the pinned botocore package (the same pin as model_check.PINNED_BOTOCORE,
botocore 1.44.5), and a validator of the emulator's raw XML answers against
it.

Why: backupctl reaches each target account through STS (AssumeRole,
AssumeRoleWithWebIdentity, GetCallerIdentity), so the emulator's STS answers
must be exactly what SDKs parse from AWS: the `<OpResponse>` root in STS's
namespace, the `<OpResult>` wrapper the model names, member names and types,
lengths and patterns, required members, ISO 8601 timestamps, and errors as
`<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>` with a
code the model declares (or a common Query-protocol error).

The XML is turned into plain values guided by the model's shapes, then
model_check.validate (the same recursive validator as for Backup) checks them.
"""

import datetime
import xml.etree.ElementTree as ET

import botocore
import botocore.session

import model_check

# Errors any Query-protocol AWS service may answer without the model listing
# them per operation (AWS "Common Errors" documentation).
COMMON_ERRORS = {
    "AccessDenied",
    "IncompleteSignature",
    "InvalidAction",
    "InvalidClientTokenId",
    "MissingAuthenticationToken",
    "SignatureDoesNotMatch",
    "Throttling",
    "ValidationError",
}

_MODEL = None


def service_model():
    """The `sts` service model from the installed (pinned) botocore."""
    global _MODEL
    if botocore.__version__ != model_check.PINNED_BOTOCORE:
        raise RuntimeError(
            f"botocore {botocore.__version__} is installed, the suite pins {model_check.PINNED_BOTOCORE}"
        )
    if _MODEL is None:
        _MODEL = botocore.session.get_session().get_service_model("sts", api_version="2011-06-15")
    return _MODEL


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _namespace(tag):
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else None


def to_value(shape, elem, path, out):
    """The plain value of `elem` read as `shape`; type problems the
    conversion meets are appended to `out`."""
    t = shape.type_name
    if t == "structure":
        value = {}
        wire = {m.serialization.get("name", n): n for n, m in shape.members.items()}
        for child in elem:
            name = _local(child.tag)
            if name not in wire:
                out.append(f"{path}: member {name!r} is not in {shape.name}")
                continue
            if name in value:
                out.append(f"{path}: member {name!r} repeated")
            value[name] = to_value(shape.members[wire[name]], child, f"{path}.{name}", out)
        return value
    if t == "list":
        return [to_value(shape.member, c, f"{path}[{i}]", out) for i, c in enumerate(elem)]
    if len(elem):
        out.append(f"{path}: scalar {shape.name} has child elements")
    text = elem.text or ""
    if t in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            return text
    if t == "boolean":
        return {"true": True, "false": False}.get(text, text)
    if t == "timestamp":
        # The Query protocol sends ISO 8601; model_check.validate expects the
        # epoch seconds of shapes without a timestampFormat, so convert.
        try:
            stamp = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            out.append(f"{path}: {text!r} is not an ISO 8601 timestamp")
            return 0
        if stamp.tzinfo is None:
            out.append(f"{path}: timestamp {text!r} has no time zone")
        return stamp.timestamp()
    return text


def check_response(operation_model, status, headers, body):
    """All violations of one raw STS HTTP response (status, headers dict
    with lower-case keys, body bytes) against `operation_model`."""
    out = []
    op = operation_model.name
    ns = operation_model.service_model.metadata["xmlNamespace"]
    if not headers.get("x-amzn-requestid"):
        out.append(f"{op}: HTTP {status} without an x-amzn-RequestId header")
    if not headers.get("content-type", "").startswith("text/xml"):
        out.append(f"{op}: content-type {headers.get('content-type')!r}, STS answers text/xml")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        return out + [f"{op}: body is not XML ({e}): {body[:200]!r}"]
    if status >= 300:
        return out + _check_error(operation_model, status, root)
    want = operation_model.http.get("responseCode", 200)
    if status != want:
        out.append(f"{op}: HTTP {status}, model says {want}")
    if _local(root.tag) != f"{op}Response" or _namespace(root.tag) != ns:
        out.append(f"{op}: root element {root.tag!r}, want {{{ns}}}{op}Response")
    shape = operation_model.output_shape
    wrapper = shape.serialization.get("resultWrapper")
    children = {_local(c.tag): c for c in root}
    meta = children.get("ResponseMetadata")
    if meta is None or not any(_local(c.tag) == "RequestId" and c.text for c in meta):
        out.append(f"{op}: no ResponseMetadata/RequestId")
    extra = set(children) - {wrapper, "ResponseMetadata"}
    if extra:
        out.append(f"{op}: unexpected elements {sorted(extra)} in {op}Response")
    result = children.get(wrapper)
    if result is None:
        out.append(f"{op}: no {wrapper} element")
        return out
    value = to_value(shape, result, op, out)
    model_check.validate(shape, value, op, out)
    return out


def _check_error(operation_model, status, root):
    op = operation_model.name
    out = []
    if _local(root.tag) != "ErrorResponse":
        return [f"{op}: error root element {root.tag!r}, want ErrorResponse"]
    parts = {_local(c.tag): c for c in root}
    error = parts.get("Error")
    if error is None:
        return [f"{op}: ErrorResponse without Error"]
    if not (parts.get("RequestId") is not None and parts["RequestId"].text):
        out.append(f"{op}: ErrorResponse without RequestId")
    fields = {_local(c.tag): (c.text or "") for c in error}
    code, kind = fields.get("Code", ""), fields.get("Type", "")
    if not fields.get("Message"):
        out.append(f"{op}: error {code} without a Message")
    want_kind = "Receiver" if status >= 500 else "Sender"
    if kind != want_kind:
        out.append(f"{op}: error {code} of HTTP {status} has Type {kind!r}, want {want_kind}")
    declared = {
        (s.metadata.get("error") or {}).get("code", s.name): s for s in operation_model.error_shapes
    }
    if code in declared:
        want = (declared[code].metadata.get("error") or {}).get("httpStatusCode")
        if want and want != status:
            out.append(f"{op}: error {code} with HTTP {status}, model says {want}")
    elif code not in COMMON_ERRORS:
        out.append(f"{op}: error {code!r} is neither declared for the operation nor a common error")
    return out
