"""The emulator's STS operations checked against botocore's STS model
(2011-06-15, pinned botocore): each is in the model, a request serialized by
botocore reaches exactly that operation, missing required members and
signatures are refused with the errors AWS uses; and the XML validator
itself (sts_model_check) catches each kind of departure from the model.
"""

import botocore
import pytest
from botocore.exceptions import ClientError

import sts_model_check
from conftest import make_session_client
from test_boto3_sts import ROLE, oidc_token

MODEL = sts_model_check.service_model()
KEYS = {"AccessKeyId": "testing", "SecretAccessKey": "testing-secret"}

EXAMPLES = {
    "GetCallerIdentity": {},
    "AssumeRole": {"RoleArn": ROLE, "RoleSessionName": "model"},
    "AssumeRoleWithWebIdentity": {
        "RoleArn": ROLE,
        "RoleSessionName": "model",
        "WebIdentityToken": oidc_token(),
    },
}


def test_model_is_the_pinned_botocore_sts():
    assert MODEL.api_version == "2011-06-15"
    assert MODEL.metadata["protocol"] == "query"
    assert MODEL.signing_name == "sts"


def test_every_emulated_sts_operation_is_in_the_model(admin):
    emulated = admin.sts_operations()
    assert sorted(emulated) == sorted(EXAMPLES)
    assert not set(emulated) - set(MODEL.operation_names)
    # Unsigned in the emulator exactly where the model says no auth.
    assert MODEL.operation_model("AssumeRoleWithWebIdentity").auth_type == "none"


@pytest.mark.parametrize("op", sorted(EXAMPLES))
def test_model_request_reaches_exactly_that_operation(op, emulator_endpoint, admin):
    creds = None if MODEL.operation_model(op).auth_type == "none" else KEYS
    client = make_session_client(emulator_endpoint, "sts", creds)
    admin.call("POST", "counters/reset")
    response = getattr(client, botocore.xform_name(op))(**EXAMPLES[op])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    counters = {k: v for k, v in admin.counters().items() if v}
    assert counters == {op: 1}


@pytest.mark.parametrize("op,missing", [
    ("AssumeRole", "RoleArn"),
    ("AssumeRole", "RoleSessionName"),
    ("AssumeRoleWithWebIdentity", "WebIdentityToken"),
])
def test_missing_required_member_is_a_validation_error(op, missing, emulator_endpoint):
    creds = None if MODEL.operation_model(op).auth_type == "none" else KEYS
    raw = make_session_client(emulator_endpoint, "sts", creds, validate=False)
    assert missing in MODEL.operation_model(op).input_shape.required_members
    args = {k: v for k, v in EXAMPLES[op].items() if k != missing}
    with pytest.raises(ClientError) as e:
        getattr(raw, botocore.xform_name(op))(**args)
    err = e.value.response["Error"]
    assert err["Code"] == "ValidationError"
    field = missing[0].lower() + missing[1:]
    assert f"Value null at '{field}' failed to satisfy constraint: Member must not be null" in err["Message"]


def test_unsigned_assume_role_is_refused(emulator_endpoint):
    unsigned = make_session_client(emulator_endpoint, "sts", None)
    with pytest.raises(ClientError) as e:
        unsigned.assume_role(**EXAMPLES["AssumeRole"])
    r = e.value.response
    assert (r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]) == ("MissingAuthenticationToken", 403)


# ---- the validator itself -------------------------------------------------

NS = "https://sts.amazonaws.com/doc/2011-06-15/"
HEADERS = {"x-amzn-requestid": "r-1", "content-type": "text/xml"}
GOOD_RESULT = (
    "<Credentials><AccessKeyId>ASIA222222222222ABCD</AccessKeyId><SecretAccessKey>s</SecretAccessKey>"
    "<SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>"
    "<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:s1</AssumedRoleId>"
    "<Arn>arn:aws:sts::222222222222:assumed-role/r/s1</Arn></AssumedRoleUser>"
)


def answer(result, op="AssumeRole", root=None):
    root = root or f"{op}Response"
    return (
        f'<{root} xmlns="{NS}"><{op}Result>{result}</{op}Result>'
        f"<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></{root}>"
    ).encode()


def check(body, status=200, headers=HEADERS, op="AssumeRole"):
    return sts_model_check.check_response(MODEL.operation_model(op), status, headers, body)


def test_good_answer_passes():
    assert check(answer(GOOD_RESULT)) == []


@pytest.mark.parametrize(
    "body,needle",
    [
        (answer(GOOD_RESULT + "<Extra>1</Extra>"), "'Extra' is not in AssumeRoleResponse"),
        (answer(GOOD_RESULT.replace("<SessionToken>t</SessionToken>", "")), "required member 'SessionToken'"),
        (answer(GOOD_RESULT.replace("2030-01-01T00:00:00Z", "soon")), "not an ISO 8601 timestamp"),
        (answer(GOOD_RESULT + "<PackedPolicySize>many</PackedPolicySize>"), "expected integer"),
        (answer(GOOD_RESULT.replace("ASIA222222222222ABCD", "ASIA")), "below model min 16"),
        (answer(GOOD_RESULT, root="AssumeRoleReply"), "root element"),
        (b"not xml", "not XML"),
    ],
)
def test_each_violation_is_caught(body, needle):
    found = check(body)
    assert any(needle in f for f in found), found


def error_body(code, kind="Sender"):
    return (
        f'<ErrorResponse xmlns="{NS}"><Error><Type>{kind}</Type><Code>{code}</Code>'
        f"<Message>m</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"
    ).encode()


def test_errors_are_checked():
    assert check(error_body("AccessDenied"), status=403) == []
    assert check(error_body("ExpiredTokenException"), status=400) == []
    assert any("neither declared" in f for f in check(error_body("NoSuchThing"), status=400))
    assert any("model says 403" in f for f in check(error_body("RegionDisabledException"), status=400))
    assert any("want Sender" in f for f in check(error_body("ValidationError", "Receiver"), status=400))
    assert any("content-type" in f for f in check(answer(GOOD_RESULT), headers={"x-amzn-requestid": "r"}))
