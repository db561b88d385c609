#!/usr/bin/env python3
"""Coffer conformance suite, boto3 edition.

Drives Secrets Manager scenarios through boto3's client('secretsmanager') and checks the results against what
real AWS does (see /work/shared/reference/aws-secrets-manager.md, §3 semantics and §4 exact errors).
Every check prints `ok - <description>` or `not ok - <description>`; the script exits 1 if any check failed.

Normally started by conformance/run.sh, which starts a server and exports AWS_ENDPOINT_URL, credentials and
AWS_DEFAULT_REGION=us-east-1 (boto3 reads all three from the environment).
"""
import contextlib
import json
import os
import re
import secrets
import sys
import time
import traceback
import urllib.error
import urllib.request
import uuid

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

if not os.environ.get("AWS_ENDPOINT_URL"):
    sys.exit("boto3_conformance.py: AWS_ENDPOINT_URL is not set; run conformance/run.sh (or export the server's endpoint and credentials)")

REGION = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
OTHER_REGION = "eu-west-1"
P = "conf-py-" + secrets.token_hex(4)

# No retries: a conformance run must see the server's first answer.
_config = Config(retries={"max_attempts": 1, "mode": "standard"})
sm = boto3.client("secretsmanager", region_name=REGION, config=_config)
sm_other = boto3.client("secretsmanager", region_name=OTHER_REGION, config=_config)

PASSED = 0
FAILED = 0

NOT_FOUND = "Secrets Manager can't find the specified secret."
MARKED_FOR_DELETION = "You can't perform this operation on the secret because it was marked for deletion."
INVALID_NAME = "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!"


@contextlib.contextmanager
def check(description):
    """One check: the body's asserts (or any exception) decide ok / not ok; failures never stop the suite."""
    global PASSED, FAILED
    try:
        yield
    except AssertionError as e:
        FAILED += 1
        print(f"not ok - {description}")
        detail = str(e) or traceback.format_exc(limit=1).strip().splitlines()[-1]
        for line in detail.splitlines():
            print(f"#   {line}")
    except Exception as e:  # noqa: BLE001 - an unexpected exception is a failed check, not a crashed suite
        FAILED += 1
        print(f"not ok - {description}")
        print(f"#   unexpected {type(e).__name__}: {e}")
    else:
        PASSED += 1
        print(f"ok - {description}")
    sys.stdout.flush()


def eq(actual, expected, what=""):
    assert actual == expected, f"{what + ': ' if what else ''}expected {expected!r}, got {actual!r}"


def client_error(fn, *args, **kwargs):
    """Call fn, which must raise ClientError; return the parsed error response."""
    try:
        result = fn(*args, **kwargs)
    except ClientError as e:
        return e.response
    raise AssertionError(f"expected an error, but the call succeeded: {result!r}")


def assert_error(resp, code, message=None):
    """Error code, exact message (if given) and HTTP 400 (real AWS answers every client error with 400)."""
    err = resp.get("Error", {})
    eq(err.get("Code"), code, "Error.Code")
    if message is not None:
        eq(err.get("Message"), message, "Error.Message")
    eq(resp["ResponseMetadata"].get("HTTPStatusCode"), 400, "HTTPStatusCode")


def labels(secret_id, client=sm):
    """VersionIdsToStages with sorted label lists."""
    d = client.describe_secret(SecretId=secret_id)
    return {k: sorted(v) for k, v in d.get("VersionIdsToStages", {}).items()}


CREATED = []


def create(name, client=sm, **kwargs):
    r = client.create_secret(Name=name, **kwargs)
    CREATED.append((client, name))
    return r


print(f"# boto3_conformance.py: endpoint {os.environ['AWS_ENDPOINT_URL']}, region {REGION}, name prefix {P}")

# ----------------------------------------------------------------------------------------------------------
print("# CreateSecret / GetSecretValue (name, full ARN, partial ARN)")
S = f"{P}-str"
ARN = V1 = None
with check("create_secret with a SecretString returns ARN, Name, VersionId"):
    r = create(S, SecretString="value-1", Description="first description")
    ARN, V1 = r["ARN"], r["VersionId"]
    eq(r["Name"], S)
    assert re.fullmatch(rf"arn:aws:secretsmanager:{REGION}:\d{{12}}:secret:{re.escape(S)}-[A-Za-z0-9]{{6}}", ARN), ARN
    assert 32 <= len(V1) <= 64, V1

with check("get_secret_value by name"):
    r = sm.get_secret_value(SecretId=S)
    eq(r["SecretString"], "value-1")
    eq(r["VersionId"], V1)
    eq(r["VersionStages"], ["AWSCURRENT"])
    eq(r["ARN"], ARN)
    assert "SecretBinary" not in r, "a string secret must not carry SecretBinary"
    assert r["CreatedDate"].tzinfo is not None

with check("get_secret_value by full ARN"):
    eq(sm.get_secret_value(SecretId=ARN)["SecretString"], "value-1")

with check("get_secret_value by partial ARN (no -XXXXXX suffix)"):
    r = sm.get_secret_value(SecretId=ARN[:-7])
    eq(r["SecretString"], "value-1")
    eq(r["ARN"], ARN)

with check("x-amzn-requestid header is present and surfaces as ResponseMetadata.RequestId"):
    md1 = sm.get_secret_value(SecretId=S)["ResponseMetadata"]
    md2 = sm.get_secret_value(SecretId=S)["ResponseMetadata"]
    assert md1["HTTPHeaders"].get("x-amzn-requestid"), md1["HTTPHeaders"]
    eq(md1.get("RequestId"), md1["HTTPHeaders"]["x-amzn-requestid"], "RequestId")
    assert md1["RequestId"] != md2["RequestId"], "two calls got the same request id"
    eq(md1["HTTPStatusCode"], 200)

with check("error responses carry x-amzn-requestid too"):
    resp = client_error(sm.get_secret_value, SecretId=f"{P}-missing")
    assert resp["ResponseMetadata"]["HTTPHeaders"].get("x-amzn-requestid"), resp["ResponseMetadata"]
    assert resp["ResponseMetadata"].get("RequestId")

# ----------------------------------------------------------------------------------------------------------
print("# errors: codes, exact messages, HTTP 400")
with check("get_secret_value of a missing secret: ResourceNotFoundException"):
    assert_error(client_error(sm.get_secret_value, SecretId=f"{P}-missing"), "ResourceNotFoundException", NOT_FOUND)

with check("describe_secret of a missing secret: ResourceNotFoundException"):
    assert_error(client_error(sm.describe_secret, SecretId=f"{P}-missing"), "ResourceNotFoundException", NOT_FOUND)

with check("put_secret_value on a missing secret: ResourceNotFoundException"):
    assert_error(client_error(sm.put_secret_value, SecretId=f"{P}-missing", SecretString="x"), "ResourceNotFoundException", NOT_FOUND)

with check("modeled exception class: sm.exceptions.ResourceNotFoundException"):
    try:
        sm.get_secret_value(SecretId=f"{P}-missing")
        raise AssertionError("no exception")
    except sm.exceptions.ResourceNotFoundException:
        pass

with check("create_secret duplicate name: ResourceExistsException"):
    assert_error(client_error(sm.create_secret, Name=S, SecretString="other"),
                 "ResourceExistsException", f"The operation failed because the secret {S} already exists.")

with check("create_secret 'bad name!': ValidationException"):
    assert_error(client_error(sm.create_secret, Name="bad name!", SecretString="x"), "ValidationException", INVALID_NAME)

with check("get_secret_value 'bad name!': ValidationException"):
    assert_error(client_error(sm.get_secret_value, SecretId="bad name!"), "ValidationException", INVALID_NAME)

with check("describe_secret ' Inv*Name? ': ValidationException"):
    assert_error(client_error(sm.describe_secret, SecretId=" Inv*Name? "), "ValidationException", INVALID_NAME)

with check("get_secret_value unknown VersionStage: ResourceNotFoundException"):
    assert_error(client_error(sm.get_secret_value, SecretId=S, VersionStage="NOSUCHSTAGE"), "ResourceNotFoundException",
                 "Secrets Manager can't find the specified secret value for staging label: NOSUCHSTAGE")

with check("get_secret_value unknown VersionId: ResourceNotFoundException"):
    vid = str(uuid.uuid4())
    assert_error(client_error(sm.get_secret_value, SecretId=S, VersionId=vid), "ResourceNotFoundException",
                 f"Secrets Manager can't find the specified secret value for VersionId: {vid}")

with check("get_secret_value VersionId + VersionStage that don't match: InvalidRequestException"):
    assert_error(client_error(sm.get_secret_value, SecretId=S, VersionId=V1, VersionStage="AWSPREVIOUS"), "InvalidRequestException",
                 "You provided a VersionStage that is not associated to the provided VersionId.")

# ----------------------------------------------------------------------------------------------------------
print("# binary values")
B = f"{P}-bin"
RAW = b"\x00\x01\x02\xff"
with check("create_secret with SecretBinary b'\\x00\\x01\\x02\\xff' round-trips exactly"):
    create(B, SecretBinary=RAW)
    r = sm.get_secret_value(SecretId=B)
    eq(r["SecretBinary"], RAW)
    assert "SecretString" not in r, "a binary secret must not carry SecretString"

with check("put_secret_value with SecretBinary round-trips exactly"):
    sm.put_secret_value(SecretId=B, SecretBinary=RAW[::-1])
    eq(sm.get_secret_value(SecretId=B)["SecretBinary"], RAW[::-1])
    eq(sm.get_secret_value(SecretId=B, VersionStage="AWSPREVIOUS")["SecretBinary"], RAW)

with check("update_secret with SecretBinary round-trips exactly"):
    sm.update_secret(SecretId=B, SecretBinary=RAW + RAW)
    eq(sm.get_secret_value(SecretId=B)["SecretBinary"], RAW + RAW)

with check("binary of every byte value (0..255) round-trips"):
    allbytes = bytes(range(256))
    sm.put_secret_value(SecretId=B, SecretBinary=allbytes)
    eq(sm.get_secret_value(SecretId=B)["SecretBinary"], allbytes)

# ----------------------------------------------------------------------------------------------------------
print("# PutSecretValue / UpdateSecret: AWSCURRENT and AWSPREVIOUS movement")
V2 = V3 = None
with check("put_secret_value moves AWSCURRENT to the new version and AWSPREVIOUS to the old one"):
    r = sm.put_secret_value(SecretId=S, SecretString="value-2")
    V2 = r["VersionId"]
    eq(r["VersionStages"], ["AWSCURRENT"])
    eq(r["ARN"], ARN)
    eq(r["Name"], S)
    eq(sm.get_secret_value(SecretId=S)["SecretString"], "value-2")
    eq(sm.get_secret_value(SecretId=S, VersionStage="AWSPREVIOUS")["VersionId"], V1)
    eq(labels(S), {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]})

with check("update_secret with a new value moves AWSCURRENT too; the old AWSPREVIOUS becomes deprecated"):
    r = sm.update_secret(SecretId=S, SecretString="value-3")
    V3 = r["VersionId"]
    assert V3 and V3 not in (V1, V2), r
    eq(labels(S), {V2: ["AWSPREVIOUS"], V3: ["AWSCURRENT"]})

with check("update_secret description only: no VersionId in the response, no new version"):
    r = sm.update_secret(SecretId=S, Description="second description")
    assert "VersionId" not in r, r
    eq(r["ARN"], ARN)
    d = sm.describe_secret(SecretId=S)
    eq(d["Description"], "second description")
    eq(sm.get_secret_value(SecretId=S)["VersionId"], V3)

with check("list_secret_version_ids hides deprecated versions; IncludeDeprecated shows them without VersionStages"):
    r = sm.list_secret_version_ids(SecretId=S)
    eq(sorted(v["VersionId"] for v in r["Versions"]), sorted([V2, V3]))
    eq(r["ARN"], ARN)
    eq(r["Name"], S)
    r = sm.list_secret_version_ids(SecretId=S, IncludeDeprecated=True)
    byid = {v["VersionId"]: v for v in r["Versions"]}
    eq(sorted(byid), sorted([V1, V2, V3]))
    assert "VersionStages" not in byid[V1], byid[V1]
    eq(byid[V3]["VersionStages"], ["AWSCURRENT"])
    assert all("CreatedDate" in v for v in r["Versions"])

with check("put_secret_value with a label already on another version moves it there"):
    r = sm.put_secret_value(SecretId=S, SecretString="v4", VersionStages=["one", "two", "three"])
    v4 = r["VersionId"]
    eq(sorted(r["VersionStages"]), ["one", "three", "two"])
    r = sm.put_secret_value(SecretId=S, SecretString="v5", VersionStages=["one", "two", "four"])
    v5 = r["VersionId"]
    got = labels(S)
    eq(got.get(v4), ["three"], "old version keeps only the label not re-used")
    eq(got.get(v5), ["four", "one", "two"])
    eq(got.get(V3), ["AWSCURRENT"], "AWSCURRENT untouched")
    eq(sm.get_secret_value(SecretId=S)["SecretString"], "value-3")

# ----------------------------------------------------------------------------------------------------------
print("# UpdateSecretVersionStage")
U = f"{P}-stages"
with check("update_secret_version_stage moves a custom label and AWSCURRENT (with RemoveFromVersionId)"):
    u1 = create(U, SecretString="u1")["VersionId"]
    u2 = sm.put_secret_value(SecretId=U, SecretString="u2", VersionStages=["AWSPENDING"])["VersionId"]
    eq(labels(U), {u1: ["AWSCURRENT"], u2: ["AWSPENDING"]})
    # custom label onto u1 then back
    sm.put_secret_value(SecretId=U, SecretString="u3", VersionStages=["CUSTOM"])
    u3 = sm.list_secret_version_ids(SecretId=U)["Versions"]
    u3 = [v["VersionId"] for v in u3 if "CUSTOM" in v.get("VersionStages", [])][0]
    r = sm.update_secret_version_stage(SecretId=U, VersionStage="CUSTOM", RemoveFromVersionId=u3, MoveToVersionId=u1)
    eq((r["ARN"].rsplit(":", 1)[-1][:-7], r["Name"]), (U, U))
    eq(labels(U), {u1: ["AWSCURRENT", "CUSTOM"], u2: ["AWSPENDING"]})
    # AWSCURRENT -> u2: AWSPENDING stays on u2, u1 keeps CUSTOM and gains AWSPREVIOUS
    sm.update_secret_version_stage(SecretId=U, VersionStage="AWSCURRENT", RemoveFromVersionId=u1, MoveToVersionId=u2)
    eq(labels(U), {u1: ["AWSPREVIOUS", "CUSTOM"], u2: ["AWSCURRENT", "AWSPENDING"]})
    eq(sm.get_secret_value(SecretId=U)["SecretString"], "u2")

with check("update_secret_version_stage AWSCURRENT without RemoveFromVersionId: InvalidParameterException (exact message)"):
    cur = sm.get_secret_value(SecretId=U)["VersionId"]
    other = [k for k in labels(U) if k != cur][0]
    assert_error(client_error(sm.update_secret_version_stage, SecretId=U, VersionStage="AWSCURRENT", MoveToVersionId=other),
                 "InvalidParameterException",
                 f"The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version {cur}, "
                 "so you must explicitly reference that version in RemoveFromVersionId.")

with check("update_secret_version_stage without MoveToVersionId removes the label"):
    cur = sm.get_secret_value(SecretId=U)["VersionId"]
    sm.update_secret_version_stage(SecretId=U, VersionStage="AWSPENDING", RemoveFromVersionId=cur)
    eq(labels(U)[cur], ["AWSCURRENT"])

# ----------------------------------------------------------------------------------------------------------
print("# empty secret (no value)")
E = f"{P}-empty"
with check("create_secret without a value: no VersionId; describe has no VersionIdsToStages"):
    r = create(E, Description="")
    assert "VersionId" not in r, r
    d = sm.describe_secret(SecretId=E)
    assert "VersionIdsToStages" not in d, d
    assert "Description" not in d, "an empty Description must be omitted"

with check("get_secret_value of an empty secret: ResourceNotFoundException for staging label AWSCURRENT"):
    assert_error(client_error(sm.get_secret_value, SecretId=E), "ResourceNotFoundException",
                 "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT")

with check("first put_secret_value on an empty secret gets AWSCURRENT"):
    r = sm.put_secret_value(SecretId=E, SecretString="first")
    eq(r["VersionStages"], ["AWSCURRENT"])
    eq(sm.get_secret_value(SecretId=E)["SecretString"], "first")

# ----------------------------------------------------------------------------------------------------------
print("# ClientRequestToken idempotency")
T = f"{P}-token"
tok = str(uuid.uuid4())
T_ARN = None
with check("create_secret with the same name, token and value twice: same response, no error"):
    r1 = create(T, SecretString="tok-value", ClientRequestToken=tok)
    r2 = sm.create_secret(Name=T, SecretString="tok-value", ClientRequestToken=tok)
    T_ARN = r1["ARN"]
    eq(r1["VersionId"], tok)
    eq((r2["ARN"], r2["Name"], r2["VersionId"]), (r1["ARN"], r1["Name"], tok))
    eq(len(sm.list_secret_version_ids(SecretId=T, IncludeDeprecated=True)["Versions"]), 1)

with check("create_secret same name + same token + different value: ResourceExistsException (exact message)"):
    assert_error(client_error(sm.create_secret, Name=T, SecretString="other-value", ClientRequestToken=tok), "ResourceExistsException",
                 f"You can't use ClientRequestToken {tok} because that value is already in use for a version of secret {T_ARN}.")

with check("create_secret existing name with a fresh (SDK-generated) token: ResourceExistsException"):
    assert_error(client_error(sm.create_secret, Name=T, SecretString="tok-value"), "ResourceExistsException",
                 f"The operation failed because the secret {T} already exists.")

tok2 = str(uuid.uuid4())
with check("put_secret_value same token + same value: same VersionId, VersionStages [AWSCURRENT], no new version"):
    r1 = sm.put_secret_value(SecretId=T, SecretString="put-value", ClientRequestToken=tok2)
    n = len(sm.list_secret_version_ids(SecretId=T, IncludeDeprecated=True)["Versions"])
    r2 = sm.put_secret_value(SecretId=T, SecretString="put-value", ClientRequestToken=tok2)
    eq(r1["VersionId"], tok2)
    eq(r2["VersionId"], tok2)
    eq(r2["VersionStages"], ["AWSCURRENT"])
    eq(len(sm.list_secret_version_ids(SecretId=T, IncludeDeprecated=True)["Versions"]), n, "version count")
    eq(labels(T), {tok: ["AWSPREVIOUS"], tok2: ["AWSCURRENT"]})

with check("put_secret_value same token + different value: ResourceExistsException (exact message)"):
    assert_error(client_error(sm.put_secret_value, SecretId=T, SecretString="different", ClientRequestToken=tok2), "ResourceExistsException",
                 f"You can't use ClientRequestToken {tok2} because that value is already in use for a version of secret {T_ARN}.")
    eq(sm.get_secret_value(SecretId=T)["SecretString"], "put-value")

tok3 = str(uuid.uuid4())
with check("update_secret same token + same value: VersionId == token, no new version"):
    r1 = sm.update_secret(SecretId=T, SecretString="upd-value", ClientRequestToken=tok3)
    n = len(sm.list_secret_version_ids(SecretId=T, IncludeDeprecated=True)["Versions"])
    r2 = sm.update_secret(SecretId=T, SecretString="upd-value", ClientRequestToken=tok3)
    eq(r1["VersionId"], tok3)
    eq(r2["VersionId"], tok3)
    eq(len(sm.list_secret_version_ids(SecretId=T, IncludeDeprecated=True)["Versions"]), n, "version count")

with check("update_secret same token + different value: ResourceExistsException (exact message)"):
    assert_error(client_error(sm.update_secret, SecretId=T, SecretString="nope", ClientRequestToken=tok3), "ResourceExistsException",
                 f"You can't use ClientRequestToken {tok3} because that value is already in use for a version of secret {T_ARN}.")

# ----------------------------------------------------------------------------------------------------------
print("# DescribeSecret fields and tags")
with check("describe_secret fields: ARN, Name, Description, dates; no Tags/KmsKeyId/DeletedDate"):
    sm.get_secret_value(SecretId=S)
    d = sm.describe_secret(SecretId=S)
    eq(d["ARN"], ARN)
    eq(d["Name"], S)
    eq(d["Description"], "second description")
    assert d["LastChangedDate"] >= d["CreatedDate"], d
    assert abs(time.time() - d["CreatedDate"].timestamp()) < 3600, d["CreatedDate"]
    assert "LastAccessedDate" in d, "LastAccessedDate must be set after GetSecretValue"
    eq(d["LastAccessedDate"].timestamp() % 86400, 0, "LastAccessedDate has date resolution (midnight UTC)")
    for absent in ("Tags", "KmsKeyId", "DeletedDate"):
        assert absent not in d, f"{absent} must be absent: {d.get(absent)!r}"

with check("Tags: absent before tagging, set by tag_resource, overwritten by key, [] after removing all"):
    assert "Tags" not in sm.describe_secret(SecretId=S)
    r = sm.tag_resource(SecretId=S, Tags=[{"Key": "Env", "Value": "dev"}, {"Key": "Team", "Value": "core"}])
    eq({k: v for k, v in r.items() if k != "ResponseMetadata"}, {})
    eq(sorted((t["Key"], t["Value"]) for t in sm.describe_secret(SecretId=S)["Tags"]), [("Env", "dev"), ("Team", "core")])
    sm.tag_resource(SecretId=S, Tags=[{"Key": "Env", "Value": "prod"}])
    eq(sorted((t["Key"], t["Value"]) for t in sm.describe_secret(SecretId=S)["Tags"]), [("Env", "prod"), ("Team", "core")])
    r = sm.untag_resource(SecretId=S, TagKeys=["Env", "NotThere"])
    eq({k: v for k, v in r.items() if k != "ResponseMetadata"}, {})
    eq(sm.describe_secret(SecretId=S)["Tags"], [{"Key": "Team", "Value": "core"}])
    sm.untag_resource(SecretId=S, TagKeys=["Team"])
    eq(sm.describe_secret(SecretId=S).get("Tags", "<absent>"), [])

with check("create_secret with Tags: describe and list_secrets show them"):
    TG = f"{P}-tagged"
    create(TG, SecretString="x", Tags=[{"Key": "k1", "Value": "v1"}])
    eq(sm.describe_secret(SecretId=TG)["Tags"], [{"Key": "k1", "Value": "v1"}])
    entry = sm.list_secrets(Filters=[{"Key": "name", "Values": [TG]}])["SecretList"]
    eq([e["Tags"] for e in entry], [[{"Key": "k1", "Value": "v1"}]])

# ----------------------------------------------------------------------------------------------------------
print("# ListSecrets: filters and pagination")
PAGE_NAMES = [f"{P}-page-{i:02d}" for i in range(25)]
with check("create 25 secrets for pagination"):
    for n in PAGE_NAMES:
        create(n, SecretString=n)

with check("list_secrets name filter (prefix): exactly the 25, with SecretVersionsToStages"):
    names, token = [], None
    while True:
        kw = {"NextToken": token} if token else {}
        r = sm.list_secrets(Filters=[{"Key": "name", "Values": [f"{P}-page-"]}], MaxResults=100, **kw)
        names += [s["Name"] for s in r["SecretList"]]
        for s in r["SecretList"]:
            assert "SecretVersionsToStages" in s and "VersionIdsToStages" not in s, s
        token = r.get("NextToken")
        if not token:
            break
    eq(sorted(names), PAGE_NAMES)

with check("get_paginator('list_secrets') with PageSize 10: pages of <= 10, all 25 exactly once"):
    pages = list(sm.get_paginator("list_secrets").paginate(
        Filters=[{"Key": "name", "Values": [f"{P}-page-"]}], PaginationConfig={"PageSize": 10}))
    sizes = [len(p["SecretList"]) for p in pages]
    assert all(s <= 10 for s in sizes), sizes
    assert len(pages) >= 3, sizes
    names = [s["Name"] for p in pages for s in p["SecretList"]]
    eq(len(names), 25, "no duplicates across pages")
    eq(sorted(names), PAGE_NAMES)
    assert "NextToken" not in pages[-1], "the last page must not carry a NextToken"

with check("get_paginator('list_secrets') with MaxItems 12 / StartingToken resumes where it stopped"):
    pag = sm.get_paginator("list_secrets")
    flt = [{"Key": "name", "Values": [f"{P}-page-"]}]
    first = pag.paginate(Filters=flt, PaginationConfig={"PageSize": 10, "MaxItems": 12}).build_full_result()
    eq(len(first["SecretList"]), 12)
    assert first.get("NextToken"), first.keys()
    rest = pag.paginate(Filters=flt, PaginationConfig={"PageSize": 10, "StartingToken": first["NextToken"]}).build_full_result()
    eq(sorted([s["Name"] for s in first["SecretList"]] + [s["Name"] for s in rest["SecretList"]]), PAGE_NAMES)

with check("list_secrets name filter is case-sensitive and '!' negates; filters AND"):
    eq(sm.list_secrets(Filters=[{"Key": "name", "Values": [f"{P}-PAGE-".upper()]}])["SecretList"], [])
    r = sm.list_secrets(Filters=[{"Key": "name", "Values": [f"{P}-page-0"]}, {"Key": "name", "Values": [f"!{P}-page-00"]}], MaxResults=100)
    eq(sorted(s["Name"] for s in r["SecretList"]), PAGE_NAMES[1:10])

with check("list_secrets description filter: case-insensitive word prefix"):
    DN = f"{P}-desc"
    create(DN, SecretString="x", Description="Alpha Bravo charlie")
    r = sm.list_secrets(Filters=[{"Key": "name", "Values": [P]}, {"Key": "description", "Values": ["bra"]}])
    eq([s["Name"] for s in r["SecretList"]], [DN])
    r = sm.list_secrets(Filters=[{"Key": "name", "Values": [P]}, {"Key": "description", "Values": ["ravo"]}])
    eq(r["SecretList"], [])

with check("list_secrets tag-key filter"):
    r = sm.list_secrets(Filters=[{"Key": "tag-key", "Values": ["k1"]}, {"Key": "name", "Values": [P]}])
    eq([s["Name"] for s in r["SecretList"]], [f"{P}-tagged"])

# ----------------------------------------------------------------------------------------------------------
print("# BatchGetSecretValue")
with check("batch_get_secret_value with SecretIdList (name, ARN, missing id): values plus an Errors entry"):
    missing = f"{P}-batch-missing"
    r = sm.batch_get_secret_value(SecretIdList=[PAGE_NAMES[0], ARN, missing])
    eq(r["ResponseMetadata"]["HTTPStatusCode"], 200)
    vals = {v["Name"]: v for v in r["SecretValues"]}
    eq(sorted(vals), sorted([PAGE_NAMES[0], S]))
    eq(vals[PAGE_NAMES[0]]["SecretString"], PAGE_NAMES[0])
    eq(vals[S]["SecretString"], "value-3")
    eq(vals[S]["ARN"], ARN)
    eq(vals[S]["VersionStages"], ["AWSCURRENT"])
    assert vals[S].get("VersionId") and vals[S].get("CreatedDate"), vals[S]
    errs = r.get("Errors", [])
    eq(len(errs), 1, "Errors entries")
    eq(errs[0].get("SecretId"), missing)
    eq(errs[0].get("ErrorCode"), "ResourceNotFoundException")
    assert errs[0].get("Message"), errs[0]

with check("batch_get_secret_value with a binary secret returns bytes"):
    r = sm.batch_get_secret_value(SecretIdList=[B])
    eq(r["SecretValues"][0]["SecretBinary"], bytes(range(256)))

# ----------------------------------------------------------------------------------------------------------
print("# GetRandomPassword")
PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
with check("get_random_password default: 32 chars, every type present, no space"):
    pw = sm.get_random_password()["RandomPassword"]
    eq(len(pw), 32)
    assert any(c.isupper() for c in pw) and any(c.islower() for c in pw) and any(c.isdigit() for c in pw) and any(c in PUNCT for c in pw), pw
    assert " " not in pw, pw

with check("get_random_password PasswordLength=120, ExcludeCharacters='xyzDje@?!.'"):
    pw = sm.get_random_password(PasswordLength=120, ExcludeCharacters="xyzDje@?!.")["RandomPassword"]
    eq(len(pw), 120)
    assert not set(pw) & set("xyzDje@?!."), pw

with check("get_random_password excluding punctuation, numbers and lowercase"):
    pw = sm.get_random_password(PasswordLength=64, ExcludePunctuation=True, ExcludeNumbers=True, ExcludeLowercase=True)["RandomPassword"]
    assert re.fullmatch(r"[A-Z]{64}", pw), pw

with check("get_random_password PasswordLength=4096 (the maximum) is allowed"):
    pw = sm.get_random_password(PasswordLength=4096)["RandomPassword"]
    eq(len(pw), 4096)

with check("get_random_password PasswordLength=4097: ValidationException"):
    assert_error(client_error(sm.get_random_password, PasswordLength=4097), "ValidationException")

# ----------------------------------------------------------------------------------------------------------
print("# DeleteSecret / RestoreSecret")
R = f"{P}-restore"
R_ARN = None
with check("delete_secret RecoveryWindowInDays=7: DeletionDate = now + 7 days"):
    R_ARN = create(R, SecretString="keep-me")["ARN"]
    r = sm.delete_secret(SecretId=R, RecoveryWindowInDays=7)
    eq(r["Name"], R)
    assert r["ARN"].startswith(f"arn:aws:secretsmanager:{REGION}:"), r["ARN"]
    assert abs(r["DeletionDate"].timestamp() - (time.time() + 7 * 86400)) < 600, r["DeletionDate"]

with check("describe_secret of a scheduled secret: 200 with DeletedDate and VersionIdsToStages"):
    d = sm.describe_secret(SecretId=R)
    assert "DeletedDate" in d and "VersionIdsToStages" in d, d

for op, kwargs in [
    ("get_secret_value", {}),
    ("put_secret_value", {"SecretString": "nope"}),
    ("update_secret", {"SecretString": "nope"}),
    ("tag_resource", {"Tags": [{"Key": "a", "Value": "b"}]}),
    ("untag_resource", {"TagKeys": ["a"]}),
]:
    with check(f"{op} on a secret marked for deletion: InvalidRequestException"):
        assert_error(client_error(getattr(sm, op), SecretId=R, **kwargs), "InvalidRequestException", MARKED_FOR_DELETION)

with check("create_secret with the name of a scheduled secret: InvalidRequestException"):
    assert_error(client_error(sm.create_secret, Name=R, SecretString="again"), "InvalidRequestException",
                 "You can't create this secret because a secret with this name is already scheduled for deletion.")

with check("delete_secret (non-forced) on an already scheduled secret: InvalidRequestException"):
    assert_error(client_error(sm.delete_secret, SecretId=R, RecoveryWindowInDays=7), "InvalidRequestException")

with check("list_secrets hides scheduled secrets unless IncludePlannedDeletion"):
    eq(sm.list_secrets(Filters=[{"Key": "name", "Values": [R]}])["SecretList"], [])
    r = sm.list_secrets(Filters=[{"Key": "name", "Values": [R]}], IncludePlannedDeletion=True)["SecretList"]
    eq([s["Name"] for s in r], [R])
    assert "DeletedDate" in r[0], r[0]

with check("restore_secret: ARN and Name; DeletedDate gone; value readable again"):
    r = sm.restore_secret(SecretId=R)
    eq(r["Name"], R)
    assert "DeletedDate" not in sm.describe_secret(SecretId=R)
    eq(sm.get_secret_value(SecretId=R)["SecretString"], "keep-me")

with check("delete_secret RecoveryWindowInDays=3: InvalidParameterException"):
    assert_error(client_error(sm.delete_secret, SecretId=R, RecoveryWindowInDays=3), "InvalidParameterException")

with check("delete_secret RecoveryWindowInDays=31: InvalidParameterException"):
    assert_error(client_error(sm.delete_secret, SecretId=R, RecoveryWindowInDays=31), "InvalidParameterException")

with check("delete_secret with both RecoveryWindowInDays and ForceDeleteWithoutRecovery: InvalidParameterException"):
    assert_error(client_error(sm.delete_secret, SecretId=R, RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True), "InvalidParameterException")
    assert "DeletedDate" not in sm.describe_secret(SecretId=R)

with check("force delete of a scheduled secret succeeds; then the secret is gone (ResourceNotFoundException)"):
    sm.delete_secret(SecretId=R, RecoveryWindowInDays=30)
    r = sm.delete_secret(SecretId=R, ForceDeleteWithoutRecovery=True)
    eq(r["Name"], R)
    assert "DeletionDate" in r, r
    deadline = time.time() + 10  # AWS completes a forced deletion asynchronously, within seconds
    while True:
        try:
            sm.describe_secret(SecretId=R)
        except ClientError as e:
            assert_error(e.response, "ResourceNotFoundException", NOT_FOUND)
            break
        assert time.time() < deadline, "secret still visible 10 s after a forced deletion"
        time.sleep(0.5)

with check("re-created secret gets a new ARN suffix"):
    deadline = time.time() + 10
    while True:
        try:
            r = create(R, SecretString="new")
            break
        except ClientError as e:  # AWS may refuse for a few seconds after a forced deletion
            assert time.time() < deadline, e
            time.sleep(0.5)
    assert R_ARN and r["ARN"] != R_ARN, f"same ARN as the deleted secret: {r['ARN']}"
    eq(r["ARN"][:-7], R_ARN[:-7], "same ARN apart from the suffix")

with check("force delete of a non-existent secret: 200 with Name and DeletionDate"):
    r = sm.delete_secret(SecretId=f"{P}-never-existed", ForceDeleteWithoutRecovery=True)
    eq(r["Name"], f"{P}-never-existed")
    assert "DeletionDate" in r and r.get("ARN"), r

# ----------------------------------------------------------------------------------------------------------
print("# protocol and authentication")
with check("raw CreateSecret without ClientRequestToken: 400 {__type: InvalidRequestException, Message: ...}"):
    creds = botocore.session.get_session().get_credentials()
    url = os.environ["AWS_ENDPOINT_URL"].rstrip("/") + "/"
    body = json.dumps({"Name": f"{P}-raw", "SecretString": "v"})
    req = botocore.awsrequest.AWSRequest(method="POST", url=url, data=body, headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "secretsmanager.CreateSecret"})
    botocore.auth.SigV4Auth(creds, "secretsmanager", REGION).add_auth(req)
    prepared = req.prepare()
    raw = urllib.request.Request(url, data=body.encode(), headers=dict(prepared.headers), method="POST")
    try:
        urllib.request.urlopen(raw, timeout=10)
        raise AssertionError("CreateSecret without ClientRequestToken succeeded")
    except urllib.error.HTTPError as e:
        eq(e.code, 400, "HTTP status")
        eq(json.loads(e.read()), {"__type": "InvalidRequestException",
                                  "Message": "You must provide a ClientRequestToken value. We recommend a UUID-type value."})
        assert e.headers.get("x-amzn-RequestId"), dict(e.headers)
    assert_error(client_error(sm.describe_secret, SecretId=f"{P}-raw"), "ResourceNotFoundException", NOT_FOUND)

with check("wrong secret access key: InvalidSignatureException (400, exact message)"):
    key = boto3.Session().get_credentials().access_key
    bad = boto3.client("secretsmanager", region_name=REGION, config=_config, aws_access_key_id=key, aws_secret_access_key="wrong" * 8)
    assert_error(client_error(bad.list_secrets), "InvalidSignatureException",
                 "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key "
                 "and signing method. Consult the service documentation for details.")

with check("unknown access key id: UnrecognizedClientException (400, exact message)"):
    bad = boto3.client("secretsmanager", region_name=REGION, config=_config, aws_access_key_id="AKIA" + "Z" * 16, aws_secret_access_key="x" * 40)
    assert_error(client_error(bad.list_secrets), "UnrecognizedClientException", "The security token included in the request is invalid.")

# ----------------------------------------------------------------------------------------------------------
print("# region isolation")
with check(f"a secret created in {REGION} is invisible from {OTHER_REGION}"):
    assert_error(client_error(sm_other.describe_secret, SecretId=S), "ResourceNotFoundException", NOT_FOUND)
    assert_error(client_error(sm_other.get_secret_value, SecretId=S), "ResourceNotFoundException", NOT_FOUND)
    eq(sm_other.list_secrets(Filters=[{"Key": "name", "Values": [P]}])["SecretList"], [])
    r = sm_other.batch_get_secret_value(SecretIdList=[S])
    eq(r.get("SecretValues"), [])
    eq([e.get("ErrorCode") for e in r.get("Errors", [])], ["ResourceNotFoundException"])

with check(f"the same name can be created independently in {OTHER_REGION}"):
    r = create(S, client=sm_other, SecretString="other-region")
    assert r["ARN"].startswith(f"arn:aws:secretsmanager:{OTHER_REGION}:"), r["ARN"]
    eq(sm_other.get_secret_value(SecretId=S)["SecretString"], "other-region")
    eq(sm.get_secret_value(SecretId=S)["SecretString"], "value-3")

with check("ARN suffixes are 6 characters drawn from mixed-case letters and digits (over every ARN created here)"):
    arns = [client.describe_secret(SecretId=name)["ARN"] for client, name in CREATED if name not in (R,)]
    suffixes = [a.rsplit("-", 1)[-1] for a in arns]
    assert len(suffixes) >= 30, len(suffixes)
    assert all(re.fullmatch(r"[A-Za-z0-9]{6}", x) for x in suffixes), suffixes
    pool = "".join(suffixes)
    # With a 62-character alphabet, 30 suffixes (180 chars) all lacking digits has probability < 1e-13.
    assert any(c.isdigit() for c in pool), f"no digit in any suffix (AWS uses letters and digits): {suffixes}"
    assert any(c.isupper() for c in pool) and any(c.islower() for c in pool), suffixes

# ----------------------------------------------------------------------------------------------------------
print("# IAM users, access keys and policies; STS")
iam = boto3.client("iam", region_name=REGION, config=_config)
sts = boto3.client("sts", region_name=REGION, config=_config)
U = f"{P}-user"
UKEY = {}

with check("iam create_user / get_user / list_users"):
    u = iam.create_user(UserName=U)["User"]
    eq(u["UserName"], U)
    eq(u["Arn"], f"arn:aws:iam::000000000000:user/{U}")
    assert re.fullmatch(r"AIDA[A-Z0-9]{17}", u["UserId"]), u["UserId"]
    eq(iam.get_user(UserName=U)["User"]["UserId"], u["UserId"])
    assert U in [x["UserName"] for x in iam.list_users()["Users"]]

with check("iam create_access_key returns the secret once; list_access_keys never does"):
    k = iam.create_access_key(UserName=U)["AccessKey"]
    UKEY.update(aws_access_key_id=k["AccessKeyId"], aws_secret_access_key=k["SecretAccessKey"])
    listed = iam.list_access_keys(UserName=U)["AccessKeyMetadata"]
    eq([x["AccessKeyId"] for x in listed], [k["AccessKeyId"]])
    assert all("SecretAccessKey" not in x for x in listed)

with check("sts get_caller_identity as root and as the user"):
    eq(sts.get_caller_identity()["Arn"], "arn:aws:iam::000000000000:root")
    me = boto3.client("sts", region_name=REGION, config=_config, **UKEY).get_caller_identity()
    eq(me["Arn"], f"arn:aws:iam::000000000000:user/{U}")

with check("a user without policies is denied with AccessDeniedException"):
    user_sm = boto3.client("secretsmanager", region_name=REGION, config=_config, **UKEY)
    create(f"{P}/iam/prod", SecretString="p")
    assert_error(client_error(user_sm.get_secret_value, SecretId=f"{P}/iam/prod"), "AccessDeniedException")

with check("put_user_policy allowing one prefix: allowed there, denied elsewhere; get_user_policy decodes"):
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": f"arn:aws:secretsmanager:*:*:secret:{P}/iam/*"}]}
    iam.put_user_policy(UserName=U, PolicyName="reader", PolicyDocument=json.dumps(doc))
    eq(user_sm.get_secret_value(SecretId=f"{P}/iam/prod")["SecretString"], "p")
    create(f"{P}/other", SecretString="o")
    assert_error(client_error(user_sm.get_secret_value, SecretId=f"{P}/other"), "AccessDeniedException")
    eq(iam.get_user_policy(UserName=U, PolicyName="reader")["PolicyDocument"], doc)

with check("iam errors: NoSuchEntity (404), DeleteConflict (409), MalformedPolicyDocument (400)"):
    r = client_error(iam.get_user, UserName=f"{P}-nobody")
    eq((r["Error"]["Code"], r["Error"]["Message"]), ("NoSuchEntity", f"The user with name {P}-nobody cannot be found."))
    eq(r["ResponseMetadata"]["HTTPStatusCode"], 404)
    r = client_error(iam.delete_user, UserName=U)
    eq(r["Error"]["Code"], "DeleteConflict")
    eq(r["ResponseMetadata"]["HTTPStatusCode"], 409)
    r = client_error(iam.put_user_policy, UserName=U, PolicyName="bad", PolicyDocument="{")
    eq((r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]), ("MalformedPolicyDocument", 400))

with check("iam create_role + sts assume_role: the session acts as the role, and sees only what the role allows"):
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::000000000000:user/{U}"}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName=f"{P}-role", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    eq(iam.get_role(RoleName=f"{P}-role")["Role"]["AssumeRolePolicyDocument"], trust)
    iam.put_role_policy(RoleName=f"{P}-role", PolicyName="read", PolicyDocument=json.dumps(doc))
    c = boto3.client("sts", region_name=REGION, config=_config, **UKEY).assume_role(RoleArn=role["Arn"], RoleSessionName="conf")["Credentials"]
    session = dict(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
    eq(boto3.client("sts", region_name=REGION, config=_config, **session).get_caller_identity()["Arn"], f"arn:aws:sts::000000000000:assumed-role/{P}-role/conf")
    role_sm = boto3.client("secretsmanager", region_name=REGION, config=_config, **session)
    eq(role_sm.get_secret_value(SecretId=f"{P}/iam/prod")["SecretString"], "p")
    assert_error(client_error(role_sm.get_secret_value, SecretId=f"{P}/other"), "AccessDeniedException")
    iam.delete_role_policy(RoleName=f"{P}-role", PolicyName="read")
    iam.delete_role(RoleName=f"{P}-role")

with check("an inactive key is refused; cleanup deletes key, policy and user"):
    iam.update_access_key(UserName=U, AccessKeyId=UKEY["aws_access_key_id"], Status="Inactive")
    assert_error(client_error(user_sm.get_secret_value, SecretId=f"{P}/iam/prod"), "UnrecognizedClientException")
    iam.delete_access_key(UserName=U, AccessKeyId=UKEY["aws_access_key_id"])
    iam.delete_user_policy(UserName=U, PolicyName="reader")
    iam.delete_user(UserName=U)
    eq(client_error(iam.get_user, UserName=U)["Error"]["Code"], "NoSuchEntity")

# ----------------------------------------------------------------------------------------------------------
print("# IAM managed policies")
MPU = f"{P}-mp-user"
MP_DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": f"arn:aws:secretsmanager:*:*:secret:{P}/iam/*"}]}
MP_ARN = f"arn:aws:iam::000000000000:policy/conf/{P}-read"

with check("iam create_policy / get_policy / get_policy_version: ARN with path, ANPA id, v1 default, document decoded"):
    p = iam.create_policy(PolicyName=f"{P}-read", Path="/conf/", PolicyDocument=json.dumps(MP_DOC), Description="conformance")["Policy"]
    eq((p["Arn"], p["DefaultVersionId"], p["AttachmentCount"], p["IsAttachable"]), (MP_ARN, "v1", 0, True))
    assert re.fullmatch(r"ANPA[A-Z0-9]{17}", p["PolicyId"]), p["PolicyId"]
    eq(iam.get_policy(PolicyArn=MP_ARN)["Policy"]["Description"], "conformance")
    v = iam.get_policy_version(PolicyArn=MP_ARN, VersionId="v1")["PolicyVersion"]
    eq((v["Document"], v["IsDefaultVersion"]), (MP_DOC, True))

with check("attach_user_policy grants the policy; list_attached_user_policies names it; detaching takes it away"):
    iam.create_user(UserName=MPU)
    k = iam.create_access_key(UserName=MPU)["AccessKey"]
    mp_sm = boto3.client("secretsmanager", region_name=REGION, config=_config, aws_access_key_id=k["AccessKeyId"], aws_secret_access_key=k["SecretAccessKey"])
    assert_error(client_error(mp_sm.get_secret_value, SecretId=f"{P}/iam/prod"), "AccessDeniedException")
    iam.attach_user_policy(UserName=MPU, PolicyArn=MP_ARN)
    eq(iam.list_attached_user_policies(UserName=MPU)["AttachedPolicies"], [{"PolicyName": f"{P}-read", "PolicyArn": MP_ARN}])
    eq(mp_sm.get_secret_value(SecretId=f"{P}/iam/prod")["SecretString"], "p")
    iam.detach_user_policy(UserName=MPU, PolicyArn=MP_ARN)
    assert_error(client_error(mp_sm.get_secret_value, SecretId=f"{P}/iam/prod"), "AccessDeniedException")
    iam.delete_access_key(UserName=MPU, AccessKeyId=k["AccessKeyId"])

with check("policy versions: a new default version, at most 5, the default cannot be deleted"):
    iam.create_policy_version(PolicyArn=MP_ARN, PolicyDocument=json.dumps(MP_DOC), SetAsDefault=True)
    for _ in range(3):
        iam.create_policy_version(PolicyArn=MP_ARN, PolicyDocument=json.dumps(MP_DOC))
    eq([v["VersionId"] for v in iam.list_policy_versions(PolicyArn=MP_ARN)["Versions"]], ["v5", "v4", "v3", "v2", "v1"])
    r = client_error(iam.create_policy_version, PolicyArn=MP_ARN, PolicyDocument=json.dumps(MP_DOC))
    eq((r["Error"]["Code"], r["Error"]["Message"], r["ResponseMetadata"]["HTTPStatusCode"]),
       ("LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.", 409))
    r = client_error(iam.delete_policy_version, PolicyArn=MP_ARN, VersionId="v2")
    eq((r["Error"]["Code"], r["Error"]["Message"]), ("DeleteConflict", "Cannot delete the default version of a policy."))

with check("iam errors: missing policy (404), detach of a policy not attached (404); cleanup"):
    r = client_error(iam.get_policy, PolicyArn=f"arn:aws:iam::000000000000:policy/{P}-nope")
    eq((r["Error"]["Code"], r["Error"]["Message"], r["ResponseMetadata"]["HTTPStatusCode"]),
       ("NoSuchEntity", f"Policy arn:aws:iam::000000000000:policy/{P}-nope was not found.", 404))
    r = client_error(iam.detach_user_policy, UserName=MPU, PolicyArn=MP_ARN)
    eq((r["Error"]["Code"], r["Error"]["Message"]), ("NoSuchEntity", f"Policy {MP_ARN} was not found."))
    for v in ["v1", "v3", "v4", "v5"]:
        iam.delete_policy_version(PolicyArn=MP_ARN, VersionId=v)
    iam.delete_policy(PolicyArn=MP_ARN)
    iam.delete_user(UserName=MPU)

with check("iam simulate_principal_policy / simulate_custom_policy: decisions, statement positions, context keys, errors"):
    su = f"{P}-sim"
    iam.create_user(UserName=su)
    # Pretty-printed: the statement array opens on line 3 (column 16) and the statement closes on line 8 (column 5).
    sim_doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:*:*:secret:prod/*"}]}
    iam.put_user_policy(UserName=su, PolicyName="prod-reader", PolicyDocument=json.dumps(sim_doc, indent=2))
    prod = "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-AbCdEf"
    dev = "arn:aws:secretsmanager:us-east-1:000000000000:secret:dev/db-AbCdEf"
    r = iam.simulate_principal_policy(PolicySourceArn=f"arn:aws:iam::000000000000:user/{su}", ActionNames=["secretsmanager:GetSecretValue"], ResourceArns=[prod, dev])
    eq([x["EvalDecision"] for x in r["EvaluationResults"]], ["allowed", "implicitDeny"])
    eq(r["EvaluationResults"][0]["MatchedStatements"], [{
        "SourcePolicyId": f"user_{su}_prod-reader", "SourcePolicyType": "IAM Policy",
        "StartPosition": {"Line": 3, "Column": 17}, "EndPosition": {"Line": 8, "Column": 6},
    }])
    eq(r["EvaluationResults"][0]["ResourceSpecificResults"][0]["EvalResourceDecision"], "allowed")
    ip_doc = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]})
    ip = lambda a: [{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": [a], "ContextKeyType": "ip"}]  # noqa: E731
    eq(iam.simulate_custom_policy(PolicyInputList=[ip_doc], ActionNames=["secretsmanager:ListSecrets"], ContextEntries=ip("10.9.8.7"))["EvaluationResults"][0]["EvalDecision"], "allowed")
    eq(iam.simulate_custom_policy(PolicyInputList=[ip_doc], ActionNames=["secretsmanager:ListSecrets"], ContextEntries=ip("172.16.0.1"))["EvaluationResults"][0]["EvalDecision"], "implicitDeny")
    eq(iam.simulate_custom_policy(PolicyInputList=[ip_doc], ActionNames=["secretsmanager:ListSecrets"])["EvaluationResults"][0]["MissingContextValues"], ["aws:SourceIp"])
    eq(iam.get_context_keys_for_custom_policy(PolicyInputList=[ip_doc])["ContextKeyNames"], ["aws:SourceIp"])
    r = client_error(iam.simulate_principal_policy, PolicySourceArn=f"arn:aws:iam::000000000000:user/{P}-nobody", ActionNames=["secretsmanager:ListSecrets"])
    eq((r["Error"]["Code"], r["Error"]["Message"], r["ResponseMetadata"]["HTTPStatusCode"]), ("NoSuchEntity", f"The user with name {P}-nobody cannot be found.", 404))
    r = client_error(iam.simulate_custom_policy, PolicyInputList=["{"], ActionNames=["secretsmanager:ListSecrets"])
    assert_error(r, "InvalidInput", "Syntax errors in policy.")
    iam.delete_user_policy(UserName=su, PolicyName="prod-reader")
    iam.delete_user(UserName=su)

# ----------------------------------------------------------------------------------------------------------
print("# STS GetSessionToken and session tags; IAM user and role tags; GetAccessKeyLastUsed")
TU = f"{P}-tags-user"
TR = f"{P}-tags-role"
TKEY = {}


def error_of(r):
    return (r["Error"]["Code"], r["Error"]["Message"], r["ResponseMetadata"]["HTTPStatusCode"])


with check("iam get_access_key_last_used: N/A and no date before the key is used"):
    iam.create_user(UserName=TU)
    k = iam.create_access_key(UserName=TU)["AccessKey"]
    TKEY.update(aws_access_key_id=k["AccessKeyId"], aws_secret_access_key=k["SecretAccessKey"])
    r = iam.get_access_key_last_used(AccessKeyId=k["AccessKeyId"])
    eq(r["UserName"], TU)
    eq(r["AccessKeyLastUsed"], {"ServiceName": "N/A", "Region": "N/A"})

with check("sts get_session_token: ASIA credentials acting as the user; no IAM with them; none from session credentials"):
    c = boto3.client("sts", region_name=REGION, config=_config, **TKEY).get_session_token(DurationSeconds=900)["Credentials"]
    assert re.fullmatch(r"ASIA[A-Z0-9]{16}", c["AccessKeyId"]), c["AccessKeyId"]
    session = dict(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
    eq(boto3.client("sts", region_name=REGION, config=_config, **session).get_caller_identity()["Arn"], f"arn:aws:iam::000000000000:user/{TU}")
    r = client_error(boto3.client("iam", region_name=REGION, config=_config, **session).list_users)
    eq((r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]), ("AccessDenied", 403))
    r = client_error(boto3.client("sts", region_name=REGION, config=_config, **session).get_session_token)
    eq(error_of(r), ("AccessDenied", "Cannot call GetSessionToken with session credentials", 403))

with check("iam get_access_key_last_used after use: service sts, the signing region, a date"):
    for _ in range(50):
        used = iam.get_access_key_last_used(AccessKeyId=TKEY["aws_access_key_id"])["AccessKeyLastUsed"]
        if used["ServiceName"] != "N/A":
            break
        time.sleep(0.02)
    eq((used["ServiceName"], used["Region"]), ("sts", REGION))
    assert abs(used["LastUsedDate"].timestamp() - time.time()) < 600, used

with check("iam tag_user / list_user_tags / untag_user: sorted by key, keys without regard to case, 50-tag quota"):
    iam.tag_user(UserName=TU, Tags=[{"Key": "team", "Value": "payments"}, {"Key": "Env", "Value": "dev"}])
    eq(iam.list_user_tags(UserName=TU)["Tags"], [{"Key": "Env", "Value": "dev"}, {"Key": "team", "Value": "payments"}])
    iam.tag_user(UserName=TU, Tags=[{"Key": "TEAM", "Value": "ops"}])
    eq(iam.list_user_tags(UserName=TU)["Tags"], [{"Key": "Env", "Value": "dev"}, {"Key": "team", "Value": "ops"}])
    iam.untag_user(UserName=TU, TagKeys=["env"])
    eq(iam.get_user(UserName=TU)["User"]["Tags"], [{"Key": "team", "Value": "ops"}])
    r = client_error(iam.tag_user, UserName=TU, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    eq(error_of(r), ("LimitExceeded", "Cannot exceed quota for TagsPerUser: 50", 409))
    r = client_error(iam.tag_user, UserName=TU, Tags=[{"Key": "a", "Value": "1"}, {"Key": "A", "Value": "2"}])
    eq(error_of(r), ("InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.", 400))

with check("iam create_role with tags, get_role / tag_role / list_role_tags; sts assume_role tags need sts:TagSession"):
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::000000000000:user/{TU}"}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName=TR, AssumeRolePolicyDocument=json.dumps(trust), Tags=[{"Key": "team", "Value": "payments"}])["Role"]
    eq(iam.get_role(RoleName=TR)["Role"]["Tags"], [{"Key": "team", "Value": "payments"}])
    iam.tag_role(RoleName=TR, Tags=[{"Key": "cost", "Value": "42"}])
    eq(iam.list_role_tags(RoleName=TR)["Tags"], [{"Key": "cost", "Value": "42"}, {"Key": "team", "Value": "payments"}])
    user_sts = boto3.client("sts", region_name=REGION, config=_config, **TKEY)
    r = client_error(user_sts.assume_role, RoleArn=role["Arn"], RoleSessionName="conf", Tags=[{"Key": "team", "Value": "x"}])
    eq(error_of(r), ("AccessDenied", f"User: arn:aws:iam::000000000000:user/{TU} is not authorized to perform: sts:TagSession on resource: {role['Arn']}", 403))
    trust["Statement"][0]["Action"] = ["sts:AssumeRole", "sts:TagSession"]
    iam.update_assume_role_policy(RoleName=TR, PolicyDocument=json.dumps(trust))
    r = user_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="conf", Tags=[{"Key": "team", "Value": "x"}], TransitiveTagKeys=["team"])
    assert re.fullmatch(r"ASIA[A-Z0-9]{16}", r["Credentials"]["AccessKeyId"]), r
    eq(r["PackedPolicySize"], 1)
    r = client_error(user_sts.assume_role, RoleArn=role["Arn"], RoleSessionName="conf", Tags=[{"Key": "team", "Value": "x"}], TransitiveTagKeys=["env"])
    eq(error_of(r), ("InvalidParameterValue", "The specified transitive tag key must be included in the requested tags.", 400))
    iam.untag_role(RoleName=TR, TagKeys=["cost", "team"])
    eq(iam.list_role_tags(RoleName=TR)["Tags"], [])
    iam.delete_role(RoleName=TR)
    iam.delete_access_key(UserName=TU, AccessKeyId=TKEY["aws_access_key_id"])
    iam.delete_user(UserName=TU)

# ----------------------------------------------------------------------------------------------------------
print("# KMS: keys, encrypt / decrypt, data keys, aliases")
kms = boto3.client("kms", region_name=REGION, config=_config)

with check("kms create_key / encrypt / decrypt round trip with an encryption context"):
    meta = kms.create_key(Description=f"conformance {P}")["KeyMetadata"]
    key_id, key_arn = meta["KeyId"], meta["Arn"]
    eq((meta["KeyUsage"], meta["KeySpec"], meta["KeyState"], meta["Enabled"]), ("ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", "Enabled", True))
    enc = kms.encrypt(KeyId=key_id, Plaintext=b"boto3 plaintext", EncryptionContext={"purpose": "boto3"})
    eq(enc["KeyId"], key_arn)
    dec = kms.decrypt(CiphertextBlob=enc["CiphertextBlob"], EncryptionContext={"purpose": "boto3"})
    eq((dec["Plaintext"], dec["KeyId"], dec["EncryptionAlgorithm"]), (b"boto3 plaintext", key_arn, "SYMMETRIC_DEFAULT"))
    r = client_error(kms.decrypt, CiphertextBlob=enc["CiphertextBlob"])
    assert_error(r, "InvalidCiphertextException")

with check("kms generate_data_key: a 32-byte key whose ciphertext decrypts to it"):
    dk = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    eq(len(dk["Plaintext"]), 32)
    eq(kms.decrypt(CiphertextBlob=dk["CiphertextBlob"])["Plaintext"], dk["Plaintext"])
    r = client_error(kms.generate_data_key, KeyId=key_id)
    assert_error(r, "ValidationException", "Please specify either number of bytes or key spec.")

with check("kms create_alias / update_alias / list_aliases / describe_key by alias"):
    second = kms.create_key()["KeyMetadata"]["KeyId"]
    alias = f"alias/{P}"
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    eq(kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"], key_id)
    kms.update_alias(AliasName=alias, TargetKeyId=second)
    eq(kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"], second)
    eq([a["TargetKeyId"] for a in kms.list_aliases(KeyId=second)["Aliases"]], [second])
    kms.delete_alias(AliasName=alias)
    r = client_error(kms.describe_key, KeyId=alias)
    assert_error(r, "NotFoundException", f"Alias arn:aws:kms:{REGION}:000000000000:{alias} is not found.")

with check("kms disable_key: DisabledException on encrypt; schedule_key_deletion / cancel_key_deletion"):
    kms.disable_key(KeyId=key_id)
    r = client_error(kms.encrypt, KeyId=key_id, Plaintext=b"x")
    assert_error(r, "DisabledException", f"{key_arn} is disabled.")
    kms.enable_key(KeyId=key_id)
    s = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    eq((s["KeyState"], s["PendingWindowInDays"]), ("PendingDeletion", 7))
    r = client_error(kms.encrypt, KeyId=key_id, Plaintext=b"x")
    assert_error(r, "KMSInvalidStateException", f"{key_arn} is pending deletion.")
    kms.cancel_key_deletion(KeyId=key_id)
    eq(kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"], "Disabled")
    for k in (key_id, second):
        kms.schedule_key_deletion(KeyId=k, PendingWindowInDays=7)

# ----------------------------------------------------------------------------------------------------------
print("# CloudTrail LookupEvents")
ct = boto3.client("cloudtrail", region_name=REGION, config=_config)
by_name = [{"AttributeKey": "EventName", "AttributeValue": "GetSecretValue"}]
AUDIT_VALUE = "audit-" + secrets.token_hex(8)

with check("cloudtrail lookup_events: a user's GetSecretValue with the user, access key, source IP and secret ARN, never the value"):
    audit_arn = create(f"{P}/audited", SecretString=AUDIT_VALUE)["ARN"]
    au = f"{P}-audit"
    iam.create_user(UserName=au)
    read = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": audit_arn}]}
    iam.put_user_policy(UserName=au, PolicyName="read", PolicyDocument=json.dumps(read))
    ak = iam.create_access_key(UserName=au)["AccessKey"]
    audit_sm = boto3.client("secretsmanager", region_name=REGION, config=_config, aws_access_key_id=ak["AccessKeyId"], aws_secret_access_key=ak["SecretAccessKey"])
    got = audit_sm.get_secret_value(SecretId=f"{P}/audited")
    eq(got["SecretString"], AUDIT_VALUE)
    events = ct.lookup_events(LookupAttributes=[{"AttributeKey": "AccessKeyId", "AttributeValue": ak["AccessKeyId"]}])["Events"]
    eq([(e["EventName"], e["Username"], e["AccessKeyId"], e["ReadOnly"], e["EventSource"]) for e in events],
       [("GetSecretValue", au, ak["AccessKeyId"], "true", "secretsmanager.amazonaws.com")])
    eq(events[0]["Resources"], [{"ResourceType": "AWS::SecretsManager::Secret", "ResourceName": audit_arn}])
    record = json.loads(events[0]["CloudTrailEvent"])
    eq(record["userIdentity"]["type"], "IAMUser")
    eq(record["userIdentity"]["userName"], au)
    eq(record["userIdentity"]["arn"], f"arn:aws:iam::000000000000:user/{au}")
    eq(record["sourceIPAddress"], "127.0.0.1")
    assert record["userAgent"].startswith("Boto3/"), record["userAgent"]
    eq((record["requestParameters"], record["responseElements"]), ({"secretId": f"{P}/audited"}, None))
    eq(record["requestID"], got["ResponseMetadata"]["RequestId"])
    assert AUDIT_VALUE not in json.dumps(events, default=str), "the secret value is in the event"
    iam.delete_access_key(UserName=au, AccessKeyId=ak["AccessKeyId"])
    iam.delete_user_policy(UserName=au, PolicyName="read")
    iam.delete_user(UserName=au)

with check("lookup_events paginator (PageSize 2) visits every GetSecretValue event once, newest first, while new ones arrive"):
    before = [e["EventId"] for page in ct.get_paginator("lookup_events").paginate(LookupAttributes=by_name) for e in page["Events"]]
    assert len(before) >= 5, before
    seen, sizes, new_request_ids = [], [], set()
    for page in ct.get_paginator("lookup_events").paginate(LookupAttributes=by_name, PaginationConfig={"PageSize": 2}):
        seen.extend(page["Events"])
        sizes.append(len(page["Events"]))
        new_request_ids.add(sm.get_secret_value(SecretId=S)["ResponseMetadata"]["RequestId"])
    eq([e["EventId"] for e in seen], before, "events visited")
    assert all(n == 2 for n in sizes[:-1]) and len(sizes) > 2, sizes
    assert not any(json.loads(e["CloudTrailEvent"])["requestID"] in new_request_ids for e in seen), "an event made while paging was visited"
    times = [e["EventTime"] for e in seen]
    eq(times, sorted(times, reverse=True), "EventTime order")
    after = [e["EventId"] for page in ct.get_paginator("lookup_events").paginate(LookupAttributes=by_name) for e in page["Events"]]
    eq(len(after), len(before) + len(new_request_ids), "events after paging")

with check("lookup_events errors: two attributes, MaxResults 51, start after end, a NextToken of another query"):
    two = by_name + [{"AttributeKey": "Username", "AttributeValue": "root"}]
    assert_error(client_error(ct.lookup_events, LookupAttributes=two), "InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.")
    assert_error(client_error(ct.lookup_events, MaxResults=51), "InvalidMaxResultsException", "Value for MaxResults is invalid. It must be between 1 and 50.")
    r = client_error(ct.lookup_events, StartTime=time.time() + 3600, EndTime=time.time() - 3600)
    assert_error(r, "InvalidTimeRangeException", "Start time should not be after end time.")
    token = ct.lookup_events(LookupAttributes=by_name, MaxResults=1)["NextToken"]
    r = client_error(ct.lookup_events, LookupAttributes=[{"AttributeKey": "EventSource", "AttributeValue": "iam.amazonaws.com"}], NextToken=token)
    assert_error(r, "InvalidNextTokenException", "Invalid NextToken. The NextToken must be used with the same parameters as the request that returned it.")

# ----------------------------------------------------------------------------------------------------------
print("# cleanup")
for client, name in CREATED:
    try:
        client.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
    except ClientError as e:
        print(f"# cleanup of {name} failed (ignored): {e}")

print(f"# boto3_conformance.py: {PASSED} passed, {FAILED} failed")
sys.exit(1 if FAILED else 0)
