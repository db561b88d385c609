#!/usr/bin/env bash
# Coffer conformance suite, AWS CLI (v1) edition.
#
# Drives the main Secrets Manager scenarios through `aws secretsmanager ...` and checks the results against
# what real AWS does (see /work/shared/reference/aws-secrets-manager.md, §3 semantics and §4 exact errors).
# Every check prints `ok - <description>` or `not ok - <description>`; the script exits 1 if any check failed.
#
# Normally started by conformance/run.sh, which starts a server and exports AWS_ENDPOINT_URL, credentials,
# AWS_DEFAULT_REGION=us-east-1 and AWS_PAGER="". It can also be pointed at any running Coffer by hand.
#
# No `set -e`: many commands here are expected to fail, and one failed check must not stop the others.
set -uo pipefail

if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  echo "cli.sh: AWS_ENDPOINT_URL is not set; run conformance/run.sh (or export the server's endpoint and credentials)" >&2
  exit 2
fi
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""

WORK=$(mktemp -d "${TMPDIR:-/tmp}/coffer-cli-conf.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ERRF="$WORK/stderr"

# Unique names per run.
P="conf-cli-$(python3 -c 'import secrets; print(secrets.token_hex(4))')"
echo "# cli.sh: endpoint $AWS_ENDPOINT_URL, region $AWS_DEFAULT_REGION, name prefix $P"

PASSED=0
FAILED=0

ok() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
notok() {
  FAILED=$((FAILED + 1))
  echo "not ok - $1"
  if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/#   /'; fi
}

# run_aws SERVICE ARGS...: run `aws SERVICE ARGS...`; sets OUT (stdout), ERR (stderr), RC.
run_aws() {
  OUT=$(aws "$@" 2>"$ERRF")
  RC=$?
  ERR=$(cat "$ERRF")
}
# sm ARGS...: run `aws secretsmanager ARGS...`.
sm() { run_aws secretsmanager "$@"; }

# jx EXPR JSON: evaluate a Python expression over `d` (the parsed JSON); strings print raw, anything else as
# sorted compact JSON; a missing key prints <error: ...> so that comparisons fail instead of the script.
jx() {
  python3 - "$1" "$2" <<'PY'
import json, sys
try:
    d = json.loads(sys.argv[2])
    r = eval(sys.argv[1], {"json": json}, {"d": d})
    print(r if isinstance(r, str) else json.dumps(r, sort_keys=True, separators=(",", ":")))
except Exception as e:  # noqa: BLE001
    print("<error: %s: %s>" % (type(e).__name__, e))
PY
}

# canon JSON: the same JSON with sorted keys, compact (to compare objects regardless of key order).
canon() { jx d "$1"; }

# check_eq DESC EXPECTED ACTUAL
check_eq() {
  if [ "$3" == "$2" ]; then ok "$1"; else notok "$1" "expected: [$2]"$'\n'"actual:   [$3]"; fi
}

# check_match DESC REGEX ACTUAL (bash ERE)
check_match() {
  if [[ "$3" =~ $2 ]]; then ok "$1"; else notok "$1" "expected to match: $2"$'\n'"actual: [$3]"; fi
}

# check_true DESC PYTHON-EXPR-OVER-d JSON
check_true() {
  local r
  r=$(jx "bool($2)" "$3")
  if [ "$r" == "true" ]; then ok "$1"; else notok "$1" "condition: $2 -> $r"$'\n'"json: $(printf '%s' "$3" | head -c 1500)"; fi
}

# must_succeed DESC ARGS...: run the command and record whether it succeeded (OUT holds the JSON).
must_succeed() {
  local desc=$1
  shift
  sm "$@" --output json
  if [ "$RC" -eq 0 ]; then ok "$desc"; else notok "$desc" "exit $RC: $ERR"; fi
}

# expect_error DESC CODE OPERATION MESSAGE ARGS...: the command must fail and its stderr must carry
# `An error occurred (CODE) when calling the OPERATION operation: MESSAGE` (MESSAGE empty = any message).
expect_error() { expect_aws_error secretsmanager "$@"; }
# expect_aws_error SERVICE DESC CODE OPERATION MESSAGE ARGS...: expect_error for `aws SERVICE`.
expect_aws_error() {
  local service=$1 desc=$2 code=$3 op=$4 msg=$5 line expected
  shift 5
  run_aws "$service" "$@" --output json
  line=$(printf '%s\n' "$ERR" | grep -m1 '^An error occurred' || true)
  expected="An error occurred ($code) when calling the $op operation:"
  if [ "$RC" -eq 0 ]; then
    notok "$desc" "expected $code but the command succeeded: $OUT"
  elif [ -n "$msg" ]; then
    check_eq "$desc" "$expected $msg" "$line"
  elif [[ "$line" == "$expected"* ]]; then
    ok "$desc"
  else
    notok "$desc" "expected: [$expected ...]"$'\n'"actual:   [$line]"$'\n'"stderr: $ERR"
  fi
}

ARN_RE='^arn:aws:secretsmanager:us-east-1:[0-9]{12}:secret:'

# ---------------------------------------------------------------------------------------------------------
echo "# create-secret"
S="$P-str"
must_succeed "create-secret with a SecretString" create-secret --name "$S" --secret-string "value-1" --description "first description"
CREATE_OUT=$OUT
ARN=$(jx "d['ARN']" "$CREATE_OUT")
V1=$(jx "d['VersionId']" "$CREATE_OUT")
check_eq "create-secret returns the Name" "$S" "$(jx "d['Name']" "$CREATE_OUT")"
check_match "create-secret ARN is arn:aws:secretsmanager:us-east-1:<account>:secret:<name>-<6 alphanumerics>" "${ARN_RE}${S}-[A-Za-z0-9]{6}\$" "$ARN"
check_match "create-secret returns a VersionId" '^[A-Za-z0-9-]{32,64}$' "$V1"

B="$P-bin"
printf '\x00\x01\x02\xff' >"$WORK/blob.bin"
must_succeed "create-secret with a SecretBinary from fileb://" create-secret --name "$B" --secret-binary "fileb://$WORK/blob.bin"
must_succeed "get-secret-value of the binary secret" get-secret-value --secret-id "$B"
check_eq "binary secret round-trips (SecretBinary base64 AAEC/w== = 00 01 02 ff)" "AAEC/w==" "$(jx "d.get('SecretBinary')" "$OUT")"
check_eq "binary secret has no SecretString" "false" "$(jx "'SecretString' in d" "$OUT")"

expect_error "create-secret of an existing name: ResourceExistsException" ResourceExistsException CreateSecret \
  "The operation failed because the secret $S already exists." \
  create-secret --name "$S" --secret-string "other"
expect_error "create-secret 'bad name!': ValidationException" ValidationException CreateSecret \
  "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!" \
  create-secret --name "bad name!" --secret-string "x"

# ---------------------------------------------------------------------------------------------------------
echo "# get-secret-value by name, full ARN and partial ARN"
sm get-secret-value --secret-id "$S" --query SecretString --output text
check_eq "get-secret-value by name" "value-1" "$OUT"
sm get-secret-value --secret-id "$S" --query 'VersionStages' --output json
check_eq "get-secret-value by name returns VersionStages [AWSCURRENT]" '["AWSCURRENT"]' "$(jx d "$OUT")"
sm get-secret-value --secret-id "$ARN" --query SecretString --output text
check_eq "get-secret-value by full ARN" "value-1" "$OUT"
PARTIAL="${ARN%-??????}"
sm get-secret-value --secret-id "$PARTIAL" --query SecretString --output text
check_eq "get-secret-value by partial ARN (without the -XXXXXX suffix)" "value-1" "$OUT"
sm get-secret-value --secret-id "$PARTIAL" --query ARN --output text
check_eq "get-secret-value by partial ARN returns the full ARN" "$ARN" "$OUT"

expect_error "get-secret-value of a missing secret: ResourceNotFoundException" ResourceNotFoundException GetSecretValue \
  "Secrets Manager can't find the specified secret." \
  get-secret-value --secret-id "$P-does-not-exist"
expect_error "describe-secret of a missing secret: ResourceNotFoundException" ResourceNotFoundException DescribeSecret \
  "Secrets Manager can't find the specified secret." \
  describe-secret --secret-id "$P-does-not-exist"
expect_error "put-secret-value on a missing secret: ResourceNotFoundException (never creates it)" ResourceNotFoundException PutSecretValue \
  "Secrets Manager can't find the specified secret." \
  put-secret-value --secret-id "$P-does-not-exist" --secret-string "x"
expect_error "get-secret-value 'bad name!': ValidationException" ValidationException GetSecretValue \
  "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!" \
  get-secret-value --secret-id "bad name!"
expect_error "get-secret-value with a staging label on no version: ResourceNotFoundException" ResourceNotFoundException GetSecretValue \
  "Secrets Manager can't find the specified secret value for staging label: NOSUCHSTAGE" \
  get-secret-value --secret-id "$S" --version-stage NOSUCHSTAGE

# ---------------------------------------------------------------------------------------------------------
echo "# put-secret-value: AWSCURRENT / AWSPREVIOUS movement"
must_succeed "put-secret-value (v2)" put-secret-value --secret-id "$S" --secret-string "value-2"
V2=$(jx "d['VersionId']" "$OUT")
check_eq "put-secret-value response VersionStages is [AWSCURRENT]" '["AWSCURRENT"]' "$(jx "d.get('VersionStages')" "$OUT")"
check_eq "put-secret-value response ARN is the secret ARN" "$ARN" "$(jx "d.get('ARN')" "$OUT")"
sm get-secret-value --secret-id "$S" --query SecretString --output text
check_eq "AWSCURRENT now returns the new value" "value-2" "$OUT"
sm get-secret-value --secret-id "$S" --version-stage AWSPREVIOUS --query '[SecretString,VersionId]' --output text
check_eq "AWSPREVIOUS moved to the old version" "value-1	$V1" "$OUT"
sm get-secret-value --secret-id "$S" --version-id "$V1" --query SecretString --output text
check_eq "get-secret-value --version-id of the old version" "value-1" "$OUT"
must_succeed "describe-secret after put" describe-secret --secret-id "$S"
check_eq "VersionIdsToStages: v1 [AWSPREVIOUS], v2 [AWSCURRENT]" \
  "$(canon "{\"$V1\":[\"AWSPREVIOUS\"],\"$V2\":[\"AWSCURRENT\"]}")" "$(jx "d.get('VersionIdsToStages')" "$OUT")"

must_succeed "put-secret-value (v3)" put-secret-value --secret-id "$S" --secret-string "value-3"
V3=$(jx "d['VersionId']" "$OUT")
must_succeed "describe-secret after second put" describe-secret --secret-id "$S"
check_eq "after v3: v2 [AWSPREVIOUS], v3 [AWSCURRENT], v1 deprecated (not listed)" \
  "$(canon "{\"$V2\":[\"AWSPREVIOUS\"],\"$V3\":[\"AWSCURRENT\"]}")" "$(jx "d.get('VersionIdsToStages')" "$OUT")"

# ---------------------------------------------------------------------------------------------------------
echo "# list-secret-version-ids"
must_succeed "list-secret-version-ids" list-secret-version-ids --secret-id "$S"
check_eq "list-secret-version-ids hides deprecated versions" \
  "$(printf '%s\n' "$V2" "$V3" | sort | paste -sd, -)" "$(jx "','.join(sorted(v['VersionId'] for v in d['Versions']))" "$OUT")"
check_eq "list-secret-version-ids returns Name and ARN" "$S $ARN" "$(jx "d.get('Name','') + ' ' + d.get('ARN','')" "$OUT")"
must_succeed "list-secret-version-ids --include-deprecated" list-secret-version-ids --secret-id "$S" --include-deprecated
check_eq "--include-deprecated lists all three versions" \
  "$(printf '%s\n' "$V1" "$V2" "$V3" | sort | paste -sd, -)" "$(jx "','.join(sorted(v['VersionId'] for v in d['Versions']))" "$OUT")"
check_eq "the deprecated version has no VersionStages key at all" "false" \
  "$(jx "'VersionStages' in [v for v in d['Versions'] if v['VersionId'] == '$V1'][0]" "$OUT")"
check_true "every listed version has a CreatedDate" "all('CreatedDate' in v for v in d['Versions'])" "$OUT"

# ---------------------------------------------------------------------------------------------------------
echo "# update-secret description"
must_succeed "update-secret --description" update-secret --secret-id "$S" --description "second description"
check_eq "update-secret (description only) returns no VersionId" "false" "$(jx "'VersionId' in d" "$OUT")"
check_eq "update-secret returns the ARN" "$ARN" "$(jx "d.get('ARN')" "$OUT")"
sm describe-secret --secret-id "$S" --query Description --output text
check_eq "describe-secret shows the new description" "second description" "$OUT"
sm get-secret-value --secret-id "$S" --query VersionId --output text
check_eq "a description-only update creates no new version" "$V3" "$OUT"

# ---------------------------------------------------------------------------------------------------------
echo "# describe-secret fields"
NOW=$(date +%s)
must_succeed "describe-secret" describe-secret --secret-id "$S"
D=$OUT
check_eq "describe-secret ARN" "$ARN" "$(jx "d.get('ARN')" "$D")"
check_eq "describe-secret Name" "$S" "$(jx "d.get('Name')" "$D")"
check_true "describe-secret CreatedDate is an epoch timestamp within the last hour" "isinstance(d.get('CreatedDate'), (int, float)) and abs(d['CreatedDate'] - $NOW) < 3600" "$D"
check_true "describe-secret LastChangedDate >= CreatedDate" "d['LastChangedDate'] >= d['CreatedDate']" "$D"
check_true "describe-secret LastAccessedDate present after get-secret-value, date resolution (midnight UTC)" "'LastAccessedDate' in d and d['LastAccessedDate'] % 86400 == 0" "$D"
check_eq "describe-secret has no Tags before any tagging" "false" "$(jx "'Tags' in d" "$D")"
check_eq "describe-secret has no KmsKeyId for the default key" "false" "$(jx "'KmsKeyId' in d" "$D")"
check_eq "describe-secret has no DeletedDate for a live secret" "false" "$(jx "'DeletedDate' in d" "$D")"

# ---------------------------------------------------------------------------------------------------------
echo "# update-secret-version-stage"
must_succeed "put-secret-value v4 with --version-stages MYLABEL" put-secret-value --secret-id "$S" --secret-string "value-4" --version-stages MYLABEL
V4=$(jx "d['VersionId']" "$OUT")
check_eq "put with explicit stages returns only those stages" '["MYLABEL"]' "$(jx "d.get('VersionStages')" "$OUT")"
sm get-secret-value --secret-id "$S" --query SecretString --output text
check_eq "put with explicit stages leaves AWSCURRENT where it was" "value-3" "$OUT"
must_succeed "update-secret-version-stage: move MYLABEL from v4 to v3" update-secret-version-stage --secret-id "$S" \
  --version-stage MYLABEL --remove-from-version-id "$V4" --move-to-version-id "$V3"
check_eq "update-secret-version-stage returns ARN and Name" "$ARN $S" "$(jx "d.get('ARN','') + ' ' + d.get('Name','')" "$OUT")"
sm describe-secret --secret-id "$S" --output json
check_eq "after moving MYLABEL: v3 [AWSCURRENT, MYLABEL], v2 [AWSPREVIOUS], v4 unlabelled" \
  "$(canon "{\"$V2\":[\"AWSPREVIOUS\"],\"$V3\":[\"AWSCURRENT\",\"MYLABEL\"]}")" "$(jx "{k: sorted(v) for k, v in d.get('VersionIdsToStages', {}).items()}" "$OUT")"
expect_error "moving AWSCURRENT without --remove-from-version-id: InvalidParameterException" InvalidParameterException UpdateSecretVersionStage \
  "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version $V3, so you must explicitly reference that version in RemoveFromVersionId." \
  update-secret-version-stage --secret-id "$S" --version-stage AWSCURRENT --move-to-version-id "$V4"
must_succeed "update-secret-version-stage: move AWSCURRENT from v3 to v4 with --remove-from-version-id" update-secret-version-stage --secret-id "$S" \
  --version-stage AWSCURRENT --remove-from-version-id "$V3" --move-to-version-id "$V4"
sm describe-secret --secret-id "$S" --output json
check_eq "after moving AWSCURRENT: v4 [AWSCURRENT], v3 [AWSPREVIOUS, MYLABEL], v2 unlabelled" \
  "$(canon "{\"$V3\":[\"AWSPREVIOUS\",\"MYLABEL\"],\"$V4\":[\"AWSCURRENT\"]}")" "$(jx "{k: sorted(v) for k, v in d.get('VersionIdsToStages', {}).items()}" "$OUT")"
sm get-secret-value --secret-id "$S" --query SecretString --output text
check_eq "get-secret-value follows AWSCURRENT to v4" "value-4" "$OUT"
must_succeed "update-secret-version-stage: remove MYLABEL (no --move-to-version-id)" update-secret-version-stage --secret-id "$S" \
  --version-stage MYLABEL --remove-from-version-id "$V3"
sm describe-secret --secret-id "$S" --output json
check_eq "MYLABEL removed, v3 keeps AWSPREVIOUS" "[\"AWSPREVIOUS\"]" "$(jx "d.get('VersionIdsToStages', {}).get('$V3')" "$OUT")"

# ---------------------------------------------------------------------------------------------------------
echo "# tag-resource / untag-resource"
sm describe-secret --secret-id "$S" --query Tags --output json
check_eq "Tags absent before tagging" "null" "$OUT"
must_succeed "tag-resource Env=dev Team=core" tag-resource --secret-id "$S" --tags Key=Env,Value=dev Key=Team,Value=core
check_eq "tag-resource prints nothing (empty response)" "" "$OUT"
sm describe-secret --secret-id "$S" --output json
check_eq "describe-secret shows both tags" '[["Env","dev"],["Team","core"]]' "$(jx "sorted([t['Key'], t['Value']] for t in d.get('Tags', []))" "$OUT")"
must_succeed "tag-resource overwrites an existing key" tag-resource --secret-id "$S" --tags Key=Env,Value=prod
sm describe-secret --secret-id "$S" --output json
check_eq "Env overwritten, Team kept" '[["Env","prod"],["Team","core"]]' "$(jx "sorted([t['Key'], t['Value']] for t in d.get('Tags', []))" "$OUT")"
must_succeed "untag-resource Env" untag-resource --secret-id "$S" --tag-keys Env
sm describe-secret --secret-id "$S" --output json
check_eq "only Team remains" '[["Team","core"]]' "$(jx "sorted([t['Key'], t['Value']] for t in d.get('Tags', []))" "$OUT")"
must_succeed "untag-resource Team and a key that is not there" untag-resource --secret-id "$S" --tag-keys Team NotThere
sm describe-secret --secret-id "$S" --query Tags --output json
check_eq "Tags is [] (not absent) after removing all tags" "[]" "$OUT"
expect_error "tag-resource on a missing secret: ResourceNotFoundException" ResourceNotFoundException TagResource \
  "Secrets Manager can't find the specified secret." \
  tag-resource --secret-id "$P-does-not-exist" --tags Key=a,Value=b

# ---------------------------------------------------------------------------------------------------------
echo "# list-secrets: name filter and pagination"
for x in a b c; do
  sm create-secret --name "$P-list-$x" --secret-string "list-$x" --output json
  [ "$RC" -eq 0 ] || notok "create-secret $P-list-$x" "$ERR"
done
must_succeed "list-secrets --filters Key=name,Values=$P-list-" list-secrets --filters "Key=name,Values=$P-list-"
check_eq "name filter (prefix) returns exactly the three secrets" "$P-list-a,$P-list-b,$P-list-c" "$(jx "','.join(sorted(s['Name'] for s in d['SecretList']))" "$OUT")"
check_true "list entries carry ARN and SecretVersionsToStages (not VersionIdsToStages)" \
  "all(s['ARN'].startswith('arn:aws:secretsmanager:') and 'SecretVersionsToStages' in s and 'VersionIdsToStages' not in s for s in d['SecretList'])" "$OUT"
must_succeed "list-secrets name filter is case-sensitive" list-secrets --filters "Key=name,Values=$(printf '%s' "$P-LIST-" | tr '[:lower:]' '[:upper:]')"
check_eq "upper-cased prefix matches nothing" "0" "$(jx "len(d['SecretList'])" "$OUT")"
must_succeed "list-secrets with a name prefix and a negated name filter" list-secrets --filters "Key=name,Values=$P-list-" "Key=name,Values=!$P-list-a"
check_eq "filters are ANDed and '!' negates" "$P-list-b,$P-list-c" "$(jx "','.join(sorted(s['Name'] for s in d['SecretList']))" "$OUT")"
must_succeed "list-secrets --max-items 2 (first page)" list-secrets --filters "Key=name,Values=$P-list-" --max-items 2
PAGE1=$(jx "sorted(s['Name'] for s in d['SecretList'])" "$OUT")
TOKEN=$(jx "d.get('NextToken', '')" "$OUT")
check_eq "--max-items 2 returns 2 secrets" "2" "$(jx "len(d['SecretList'])" "$OUT")"
check_match "--max-items 2 returns a NextToken" '.+' "$TOKEN"
must_succeed "list-secrets --starting-token (second page)" list-secrets --filters "Key=name,Values=$P-list-" --max-items 2 --starting-token "$TOKEN"
check_eq "second page holds the remaining secret" "1" "$(jx "len(d['SecretList'])" "$OUT")"
check_eq "second page has no NextToken" "false" "$(jx "'NextToken' in d" "$OUT")"
check_eq "the two pages together are the three secrets" "$P-list-a,$P-list-b,$P-list-c" \
  "$(jx "','.join(sorted(json.loads('$PAGE1') + [s['Name'] for s in d['SecretList']]))" "$OUT")"
must_succeed "list-secrets --page-size 1 (the CLI follows server NextTokens)" list-secrets --filters "Key=name,Values=$P-list-" --page-size 1
check_eq "--page-size 1 still collects all three secrets" "$P-list-a,$P-list-b,$P-list-c" "$(jx "','.join(sorted(s['Name'] for s in d['SecretList']))" "$OUT")"
# Server-side paging seen directly: --no-paginate exposes MaxResults / NextToken as sent on the wire.
must_succeed "list-secrets --no-paginate --max-results 2" list-secrets --no-paginate --max-results 2 --filters "Key=name,Values=$P-list-"
RAW1=$(jx "sorted(s['Name'] for s in d['SecretList'])" "$OUT")
RAWTOKEN=$(jx "d.get('NextToken', '')" "$OUT")
check_eq "MaxResults 2 returns exactly 2 secrets" "2" "$(jx "len(d['SecretList'])" "$OUT")"
check_match "MaxResults 2 returns a server NextToken" '.+' "$RAWTOKEN"
must_succeed "list-secrets --no-paginate --next-token" list-secrets --no-paginate --max-results 2 --next-token "$RAWTOKEN" --filters "Key=name,Values=$P-list-"
check_eq "the NextToken page holds the remaining secret" "$P-list-a,$P-list-b,$P-list-c" \
  "$(jx "','.join(sorted(json.loads('$RAW1') + [s['Name'] for s in d['SecretList']]))" "$OUT")"

# ---------------------------------------------------------------------------------------------------------
echo "# get-random-password"
sm get-random-password --query RandomPassword --output text
check_eq "default password length is 32" "32" "${#OUT}"
check_true "default password includes upper, lower, digit and punctuation" \
  "any(c.isupper() for c in d) and any(c.islower() for c in d) and any(c.isdigit() for c in d) and any(not c.isalnum() for c in d) and ' ' not in d" \
  "$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$OUT")"
sm get-random-password --password-length 50 --query RandomPassword --output text
check_eq "--password-length 50" "50" "${#OUT}"
sm get-random-password --password-length 120 --exclude-characters 'xyzDje@?!.' --query RandomPassword --output text
check_eq "--password-length 120 with exclusions has length 120" "120" "${#OUT}"
check_match "--exclude-characters 'xyzDje@?!.' are all absent" '^[^xyzDje@?!.]+$' "$OUT"
sm get-random-password --password-length 64 --exclude-punctuation --exclude-numbers --exclude-uppercase --query RandomPassword --output text
check_match "--exclude-punctuation --exclude-numbers --exclude-uppercase leaves only lowercase" '^[a-z]{64}$' "$OUT"

# ---------------------------------------------------------------------------------------------------------
echo "# delete-secret with a recovery window, then restore-secret"
R="$P-restore"
sm create-secret --name "$R" --secret-string "keep-me" --output json
[ "$RC" -eq 0 ] || notok "create-secret $R" "$ERR"
NOW=$(date +%s)
must_succeed "delete-secret --recovery-window-in-days 7" delete-secret --secret-id "$R" --recovery-window-in-days 7
check_eq "delete-secret returns the Name" "$R" "$(jx "d.get('Name')" "$OUT")"
check_true "DeletionDate is request time + 7 days" "abs(d['DeletionDate'] - ($NOW + 7 * 86400)) < 600" "$OUT"
must_succeed "describe-secret of a secret scheduled for deletion still works" describe-secret --secret-id "$R"
check_eq "describe-secret shows DeletedDate" "true" "$(jx "'DeletedDate' in d" "$OUT")"
expect_error "get-secret-value of a secret marked for deletion: InvalidRequestException" InvalidRequestException GetSecretValue \
  "You can't perform this operation on the secret because it was marked for deletion." \
  get-secret-value --secret-id "$R"
expect_error "put-secret-value on a secret marked for deletion: InvalidRequestException" InvalidRequestException PutSecretValue \
  "You can't perform this operation on the secret because it was marked for deletion." \
  put-secret-value --secret-id "$R" --secret-string "nope"
expect_error "create-secret with the name of a scheduled secret: InvalidRequestException" InvalidRequestException CreateSecret \
  "You can't create this secret because a secret with this name is already scheduled for deletion." \
  create-secret --name "$R" --secret-string "again"
sm list-secrets --filters "Key=name,Values=$R" --query 'SecretList[].Name' --output text
check_eq "list-secrets hides a scheduled secret" "" "$OUT"
sm list-secrets --filters "Key=name,Values=$R" --include-planned-deletion --query 'SecretList[].Name' --output text
check_eq "list-secrets --include-planned-deletion shows it" "$R" "$OUT"
must_succeed "restore-secret" restore-secret --secret-id "$R"
check_eq "restore-secret returns Name" "$R" "$(jx "d.get('Name')" "$OUT")"
sm describe-secret --secret-id "$R" --output json
check_eq "DeletedDate gone after restore" "false" "$(jx "'DeletedDate' in d" "$OUT")"
sm get-secret-value --secret-id "$R" --query SecretString --output text
check_eq "get-secret-value works again after restore" "keep-me" "$OUT"

echo "# delete-secret errors"
expect_error "delete-secret --recovery-window-in-days 3: InvalidParameterException" InvalidParameterException DeleteSecret "" \
  delete-secret --secret-id "$R" --recovery-window-in-days 3
expect_error "delete-secret --recovery-window-in-days 31: InvalidParameterException" InvalidParameterException DeleteSecret "" \
  delete-secret --secret-id "$R" --recovery-window-in-days 31
expect_error "delete-secret with both a window and --force-delete-without-recovery: InvalidParameterException" InvalidParameterException DeleteSecret "" \
  delete-secret --secret-id "$R" --recovery-window-in-days 7 --force-delete-without-recovery
sm describe-secret --secret-id "$R" --output json
check_eq "a rejected delete-secret leaves the secret live" "false" "$(jx "'DeletedDate' in d" "$OUT")"

# ---------------------------------------------------------------------------------------------------------
echo "# delete-secret --force-delete-without-recovery"
must_succeed "delete-secret --force-delete-without-recovery" delete-secret --secret-id "$R" --force-delete-without-recovery
check_eq "force delete returns the Name and a DeletionDate" "$R true" "$(jx "d.get('Name', '') + ' ' + json.dumps('DeletionDate' in d)" "$OUT")"
# AWS finishes a forced deletion asynchronously (seconds); allow up to ~10 s before the secret must be gone.
for _ in $(seq 1 20); do
  sm describe-secret --secret-id "$R" --output json
  [ "$RC" -ne 0 ] && break
  sleep 0.5
done
expect_error "after a forced deletion the secret is gone: ResourceNotFoundException" ResourceNotFoundException DescribeSecret \
  "Secrets Manager can't find the specified secret." \
  describe-secret --secret-id "$R"
must_succeed "force delete of a secret that does not exist succeeds (AWS answers 200)" delete-secret --secret-id "$P-never-existed" --force-delete-without-recovery
check_eq "force delete of a missing secret echoes the Name" "$P-never-existed" "$(jx "d.get('Name')" "$OUT")"

# ---------------------------------------------------------------------------------------------------------
echo "# aws iam / aws sts"
IU="$P-cli-user"
OUT=$(aws iam create-user --user-name "$IU" --output json 2>"$ERRF"); RC=$?
if [ "$RC" -eq 0 ]; then ok "iam create-user"; else notok "iam create-user" "$(cat "$ERRF")"; fi
check_eq "iam create-user returns the user's ARN" "arn:aws:iam::000000000000:user/$IU" "$(jx "d['User']['Arn']" "$OUT")"
KEY=$(aws iam create-access-key --user-name "$IU" --output json 2>"$ERRF")
check_match "iam create-access-key returns an AKIA key id" '^AKIA[A-Z0-9]{16}$' "$(jx "d['AccessKey']['AccessKeyId']" "$KEY")"
KID=$(jx "d['AccessKey']['AccessKeyId']" "$KEY")
KSECRET=$(jx "d['AccessKey']['SecretAccessKey']" "$KEY")
POLICY='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:*:*:secret:'"$S"'-*"}]}'
if aws iam put-user-policy --user-name "$IU" --policy-name read --policy-document "$POLICY" 2>"$ERRF"; then ok "iam put-user-policy"; else notok "iam put-user-policy" "$(cat "$ERRF")"; fi
OUT=$(aws iam get-user-policy --user-name "$IU" --policy-name read --output json 2>"$ERRF")
check_eq "iam get-user-policy returns the document (decoded by the CLI)" "secretsmanager:GetSecretValue" "$(jx "d['PolicyDocument']['Statement'][0]['Action']" "$OUT")"
OUT=$(AWS_ACCESS_KEY_ID="$KID" AWS_SECRET_ACCESS_KEY="$KSECRET" aws sts get-caller-identity --output json 2>"$ERRF")
check_eq "sts get-caller-identity with the new key names the user" "arn:aws:iam::000000000000:user/$IU" "$(jx "d['Arn']" "$OUT")"
OUT=$(AWS_ACCESS_KEY_ID="$KID" AWS_SECRET_ACCESS_KEY="$KSECRET" aws secretsmanager get-secret-value --secret-id "$S" --query SecretString --output text 2>"$ERRF")
check_eq "the user's policy lets it read the allowed secret" "$(aws secretsmanager get-secret-value --secret-id "$S" --query SecretString --output text)" "$OUT"
ERR=$(AWS_ACCESS_KEY_ID="$KID" AWS_SECRET_ACCESS_KEY="$KSECRET" aws secretsmanager get-secret-value --secret-id "$B" 2>&1 >/dev/null)
check_match "and denies the others with AccessDeniedException" "An error occurred \(AccessDeniedException\) when calling the GetSecretValue operation: User: arn:aws:iam::000000000000:user/$IU is not authorized" "$ERR"
ERR=$(aws iam get-user --user-name "$P-nobody" 2>&1 >/dev/null)
check_eq "iam get-user of a missing user: NoSuchEntity" "An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name $P-nobody cannot be found." "$(printf '%s\n' "$ERR" | grep -m1 '^An error occurred')"
aws iam delete-access-key --user-name "$IU" --access-key-id "$KID" && aws iam delete-user-policy --user-name "$IU" --policy-name read && aws iam delete-user --user-name "$IU" \
  && ok "iam delete-access-key, delete-user-policy, delete-user" || notok "iam cleanup"

# ---------------------------------------------------------------------------------------------------------
echo "# aws iam managed policies"
MPU="$P-mp-user"
MPDOC='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:*:*:secret:'"$S"'-*"}]}'
OUT=$(aws iam create-policy --policy-name "$P-read" --path /conf/ --policy-document "$MPDOC" --output json 2>"$ERRF"); RC=$?
if [ "$RC" -eq 0 ]; then ok "iam create-policy"; else notok "iam create-policy" "$(cat "$ERRF")"; fi
MPARN="arn:aws:iam::000000000000:policy/conf/$P-read"
check_eq "iam create-policy returns the policy's ARN and v1 as default" "$MPARN v1" "$(jx "d['Policy']['Arn'] + ' ' + d['Policy']['DefaultVersionId']" "$OUT")"
check_match "iam create-policy returns an ANPA policy id" '^ANPA[A-Z0-9]{17}$' "$(jx "d['Policy']['PolicyId']" "$OUT")"
aws iam create-user --user-name "$MPU" >/dev/null 2>&1
KEY=$(aws iam create-access-key --user-name "$MPU" --output json 2>"$ERRF")
MPKID=$(jx "d['AccessKey']['AccessKeyId']" "$KEY")
MPKSECRET=$(jx "d['AccessKey']['SecretAccessKey']" "$KEY")
ERR=$(AWS_ACCESS_KEY_ID="$MPKID" AWS_SECRET_ACCESS_KEY="$MPKSECRET" aws secretsmanager get-secret-value --secret-id "$S" 2>&1 >/dev/null)
check_match "a user without policies is denied" "An error occurred \(AccessDeniedException\) when calling the GetSecretValue operation" "$ERR"
if aws iam attach-user-policy --user-name "$MPU" --policy-arn "$MPARN" 2>"$ERRF"; then ok "iam attach-user-policy"; else notok "iam attach-user-policy" "$(cat "$ERRF")"; fi
OUT=$(aws iam list-attached-user-policies --user-name "$MPU" --output json 2>"$ERRF")
check_eq "iam list-attached-user-policies names the attached policy" "[[\"$P-read\",\"$MPARN\"]]" "$(jx "[[p['PolicyName'], p['PolicyArn']] for p in d['AttachedPolicies']]" "$OUT")"
OUT=$(aws iam get-policy-version --policy-arn "$MPARN" --version-id v1 --output json 2>"$ERRF")
check_eq "iam get-policy-version returns the document (decoded by the CLI)" "secretsmanager:GetSecretValue true" "$(jx "d['PolicyVersion']['Document']['Statement'][0]['Action'] + ' ' + str(d['PolicyVersion']['IsDefaultVersion']).lower()" "$OUT")"
OUT=$(AWS_ACCESS_KEY_ID="$MPKID" AWS_SECRET_ACCESS_KEY="$MPKSECRET" aws secretsmanager get-secret-value --secret-id "$S" --query SecretString --output text 2>"$ERRF")
check_eq "the attached managed policy lets the user read the secret" "$(aws secretsmanager get-secret-value --secret-id "$S" --query SecretString --output text)" "$OUT"
ERR=$(aws iam delete-policy --policy-arn "$MPARN" 2>&1 >/dev/null)
check_eq "iam delete-policy of an attached policy: DeleteConflict" "An error occurred (DeleteConflict) when calling the DeletePolicy operation: Cannot delete a policy attached to entities." "$(printf '%s\n' "$ERR" | grep -m1 '^An error occurred')"
ERR=$(aws iam get-policy --policy-arn "arn:aws:iam::000000000000:policy/$P-nope" 2>&1 >/dev/null)
check_eq "iam get-policy of a missing policy: NoSuchEntity" "An error occurred (NoSuchEntity) when calling the GetPolicy operation: Policy arn:aws:iam::000000000000:policy/$P-nope was not found." "$(printf '%s\n' "$ERR" | grep -m1 '^An error occurred')"
aws iam detach-user-policy --user-name "$MPU" --policy-arn "$MPARN" && aws iam delete-access-key --user-name "$MPU" --access-key-id "$MPKID" \
  && aws iam delete-user --user-name "$MPU" && aws iam delete-policy --policy-arn "$MPARN" \
  && ok "iam detach-user-policy, delete-user, delete-policy" || notok "iam managed policy cleanup"

# ---------------------------------------------------------------------------------------------------------
echo "# aws iam simulate-principal-policy / simulate-custom-policy"
SU="$P-sim-user"
SIM_POLICY='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:*:*:secret:prod/*"}]}'
if aws iam create-user --user-name "$SU" >/dev/null 2>"$ERRF" && aws iam put-user-policy --user-name "$SU" --policy-name prod-reader --policy-document "$SIM_POLICY" 2>"$ERRF"; then
  ok "iam create-user + put-user-policy for the simulator"
else
  notok "iam create-user + put-user-policy for the simulator" "$(cat "$ERRF")"
fi
OUT=$(aws iam simulate-principal-policy --policy-source-arn "arn:aws:iam::000000000000:user/$SU" --action-names secretsmanager:GetSecretValue \
  --resource-arns "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-AbCdEf" "arn:aws:secretsmanager:us-east-1:000000000000:secret:dev/db-AbCdEf" \
  --output json 2>"$ERRF")
check_eq "iam simulate-principal-policy: allowed on prod, implicitDeny on dev" '["allowed","implicitDeny"]' "$(jx "[r['EvalDecision'] for r in d['EvaluationResults']]" "$OUT")"
check_eq "iam simulate-principal-policy names the inline policy and its statement's position" \
  "[{\"EndPosition\":{\"Column\":151,\"Line\":1},\"SourcePolicyId\":\"user_${SU}_prod-reader\",\"SourcePolicyType\":\"IAM Policy\",\"StartPosition\":{\"Column\":38,\"Line\":1}}]" \
  "$(jx "d['EvaluationResults'][0]['MatchedStatements']" "$OUT")"
ERR=$(aws iam simulate-principal-policy --policy-source-arn "arn:aws:iam::000000000000:user/$P-nobody" --action-names secretsmanager:GetSecretValue 2>&1 >/dev/null)
check_eq "iam simulate-principal-policy of a missing user: NoSuchEntity" \
  "An error occurred (NoSuchEntity) when calling the SimulatePrincipalPolicy operation: The user with name $P-nobody cannot be found." \
  "$(printf '%s\n' "$ERR" | grep -m1 '^An error occurred')"
DATE_POLICY='{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}'
OUT=$(aws iam simulate-custom-policy --policy-input-list "$DATE_POLICY" --action-names dynamodb:CreateBackup \
  --context-entries "ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date" --output json 2>"$ERRF")
check_eq "iam simulate-custom-policy: the AWS CLI documentation's example, positions included" \
  '[{"EvalActionName":"dynamodb:CreateBackup","EvalDecision":"allowed","EvalResourceName":"*","MatchedStatements":[{"EndPosition":{"Column":167,"Line":1},"SourcePolicyId":"PolicyInputList.1","SourcePolicyType":"IAM Policy","StartPosition":{"Column":38,"Line":1}}],"MissingContextValues":[]}]' \
  "$(jx "d['EvaluationResults']" "$OUT")"
OUT=$(aws iam simulate-custom-policy --policy-input-list "$DATE_POLICY" --action-names dynamodb:CreateBackup --output json 2>"$ERRF")
check_eq "iam simulate-custom-policy without the date: implicitDeny, aws:CurrentTime missing" '["implicitDeny",["aws:CurrentTime"]]' \
  "$(jx "[d['EvaluationResults'][0]['EvalDecision'], d['EvaluationResults'][0]['MissingContextValues']]" "$OUT")"
aws iam delete-user-policy --user-name "$SU" --policy-name prod-reader && aws iam delete-user --user-name "$SU" \
  && ok "iam cleanup of the simulator user" || notok "iam cleanup of the simulator user"

# ---------------------------------------------------------------------------------------------------------
echo "# aws sts get-session-token, aws iam tag-user / list-user-tags, aws iam get-access-key-last-used"
TU="$P-cli-tags"
aws iam create-user --user-name "$TU" >/dev/null 2>"$ERRF" || notok "iam create-user $TU" "$(cat "$ERRF")"
KEY=$(aws iam create-access-key --user-name "$TU" --output json 2>"$ERRF")
TKID=$(jx "d['AccessKey']['AccessKeyId']" "$KEY")
TKSECRET=$(jx "d['AccessKey']['SecretAccessKey']" "$KEY")
OUT=$(aws iam get-access-key-last-used --access-key-id "$TKID" --output json 2>"$ERRF")
check_eq "iam get-access-key-last-used before any use: N/A, no date" '{"AccessKeyLastUsed":{"Region":"N/A","ServiceName":"N/A"},"UserName":"'"$TU"'"}' "$(jx "d" "$OUT")"
OUT=$(AWS_ACCESS_KEY_ID="$TKID" AWS_SECRET_ACCESS_KEY="$TKSECRET" aws sts get-session-token --duration-seconds 900 --output json 2>"$ERRF")
check_match "sts get-session-token returns ASIA credentials" '^ASIA[A-Z0-9]{16}$' "$(jx "d['Credentials']['AccessKeyId']" "$OUT")"
SKID=$(jx "d['Credentials']['AccessKeyId']" "$OUT")
SKSECRET=$(jx "d['Credentials']['SecretAccessKey']" "$OUT")
STOKEN=$(jx "d['Credentials']['SessionToken']" "$OUT")
OUT=$(AWS_ACCESS_KEY_ID="$SKID" AWS_SECRET_ACCESS_KEY="$SKSECRET" AWS_SESSION_TOKEN="$STOKEN" aws sts get-caller-identity --output json 2>"$ERRF")
check_eq "the session token credentials act as the user" "arn:aws:iam::000000000000:user/$TU" "$(jx "d['Arn']" "$OUT")"
ERR=$(AWS_ACCESS_KEY_ID="$SKID" AWS_SECRET_ACCESS_KEY="$SKSECRET" AWS_SESSION_TOKEN="$STOKEN" aws sts get-session-token 2>&1 >/dev/null)
check_eq "sts get-session-token with session credentials: AccessDenied" \
  "An error occurred (AccessDenied) when calling the GetSessionToken operation: Cannot call GetSessionToken with session credentials" \
  "$(printf '%s\n' "$ERR" | grep -m1 '^An error occurred')"
ERR=$(AWS_ACCESS_KEY_ID="$SKID" AWS_SECRET_ACCESS_KEY="$SKSECRET" AWS_SESSION_TOKEN="$STOKEN" aws iam list-users 2>&1 >/dev/null)
check_match "session token credentials cannot call IAM" "An error occurred \(AccessDenied\) when calling the ListUsers operation: User: arn:aws:iam::000000000000:user/$TU is not authorized to perform: iam:ListUsers" "$ERR"
USED=""
for _ in $(seq 1 50); do
  OUT=$(aws iam get-access-key-last-used --access-key-id "$TKID" --output json 2>"$ERRF")
  USED=$(jx "d['AccessKeyLastUsed']['ServiceName'] + ' ' + d['AccessKeyLastUsed']['Region'] + ' ' + str('LastUsedDate' in d['AccessKeyLastUsed'])" "$OUT")
  [ "$USED" != "N/A N/A False" ] && break
  sleep 0.05
done
check_eq "iam get-access-key-last-used after use: sts, the region, a date" "sts $AWS_DEFAULT_REGION True" "$USED"
if aws iam tag-user --user-name "$TU" --tags Key=team,Value=payments Key=Env,Value=dev 2>"$ERRF"; then ok "iam tag-user"; else notok "iam tag-user" "$(cat "$ERRF")"; fi
OUT=$(aws iam list-user-tags --user-name "$TU" --output json 2>"$ERRF")
check_eq "iam list-user-tags lists the tags sorted by key" '[{"Key":"Env","Value":"dev"},{"Key":"team","Value":"payments"}]' "$(jx "d['Tags']" "$OUT")"
aws iam tag-user --user-name "$TU" --tags Key=TEAM,Value=ops 2>"$ERRF" || notok "iam tag-user TEAM=ops" "$(cat "$ERRF")"
OUT=$(aws iam list-user-tags --user-name "$TU" --output json 2>"$ERRF")
check_eq "iam tag keys are case-insensitive on users: TEAM=ops replaces team" '[{"Key":"Env","Value":"dev"},{"Key":"team","Value":"ops"}]' "$(jx "d['Tags']" "$OUT")"
ERR=$(aws iam list-user-tags --user-name "$P-nobody" 2>&1 >/dev/null)
check_eq "iam list-user-tags of a missing user: NoSuchEntity" "An error occurred (NoSuchEntity) when calling the ListUserTags operation: The user with name $P-nobody cannot be found." "$(printf '%s\n' "$ERR" | grep -m1 '^An error occurred')"
aws iam untag-user --user-name "$TU" --tag-keys team Env && aws iam delete-access-key --user-name "$TU" --access-key-id "$TKID" && aws iam delete-user --user-name "$TU" \
  && ok "iam untag-user, delete-access-key, delete-user" || notok "iam tags cleanup"

# ---------------------------------------------------------------------------------------------------------
echo "# aws kms create-key / encrypt / decrypt / create-alias / list-aliases / describe-key"
# kms ARGS...: run `aws kms ARGS...`.
kms() { run_aws kms "$@"; }
# kms_error DESC CODE OPERATION MESSAGE ARGS...: like expect_error, for `aws kms` (MESSAGE empty = any message).
kms_error() { expect_aws_error kms "$@"; }
kms create-key --description "conformance $P" --output json
if [ "$RC" -eq 0 ]; then ok "kms create-key"; else notok "kms create-key" "exit $RC: $ERR"; fi
KID=$(jx "d['KeyMetadata']['KeyId']" "$OUT")
KARN=$(jx "d['KeyMetadata']['Arn']" "$OUT")
check_eq "kms create-key: an enabled, customer managed, symmetric encryption key" '["ENCRYPT_DECRYPT","SYMMETRIC_DEFAULT","Enabled","CUSTOMER","AWS_KMS",true]' \
  "$(jx "list(map(d['KeyMetadata'].get, ('KeyUsage','KeySpec','KeyState','KeyManager','Origin','Enabled')))" "$OUT")"
check_match "kms create-key: the key ARN" "^arn:aws:kms:us-east-1:[0-9]{12}:key/$KID\$" "$KARN"
kms encrypt --key-id "$KID" --plaintext "conformance plaintext" --encryption-context purpose=cli --output json
check_eq "kms encrypt: the key ARN and SYMMETRIC_DEFAULT" "$KARN SYMMETRIC_DEFAULT" "$(jx "d['KeyId'] + ' ' + d['EncryptionAlgorithm']" "$OUT")"
python3 -c 'import base64, json, sys; sys.stdout.buffer.write(base64.b64decode(json.loads(sys.argv[1])["CiphertextBlob"]))' "$OUT" >"$WORK/kms.ct" \
  || notok "kms encrypt returned a base64 CiphertextBlob" "$OUT"
kms decrypt --ciphertext-blob "fileb://$WORK/kms.ct" --encryption-context purpose=cli --output json
check_eq "kms decrypt: the plaintext, with the key ARN" "conformance plaintext|$KARN" "$(jx "__import__('base64').b64decode(d['Plaintext']).decode() + '|' + d['KeyId']" "$OUT")"
kms_error "kms decrypt with another encryption context: InvalidCiphertextException" InvalidCiphertextException Decrypt "" \
  decrypt --ciphertext-blob "fileb://$WORK/kms.ct" --encryption-context purpose=other
kms create-alias --alias-name "alias/$P" --target-key-id "$KID"
if [ "$RC" -eq 0 ]; then ok "kms create-alias"; else notok "kms create-alias" "exit $RC: $ERR"; fi
kms list-aliases --key-id "$KID" --output json
check_eq "kms list-aliases --key-id: the alias, its ARN and target" '[["alias/'"$P"'","arn:aws:kms:us-east-1:000000000000:alias/'"$P"'","'"$KID"'"]]' \
  "$(jx "[[a['AliasName'], a['AliasArn'], a['TargetKeyId']] for a in d['Aliases']]" "$OUT")"
kms describe-key --key-id "alias/$P" --output json
check_eq "kms describe-key by alias: the key" "$KID" "$(jx "d['KeyMetadata']['KeyId']" "$OUT")"
kms encrypt --key-id "alias/$P" --plaintext "via alias" --query CiphertextBlob --output text
check_match "kms encrypt through the alias" '^[A-Za-z0-9+/]+=*$' "$OUT"
kms_error "kms create-alias of an existing alias: AlreadyExistsException" AlreadyExistsException CreateAlias \
  "An alias with the name arn:aws:kms:us-east-1:000000000000:alias/$P already exists" create-alias --alias-name "alias/$P" --target-key-id "$KID"
kms_error "kms create-alias under alias/aws/: NotAuthorizedException" NotAuthorizedException CreateAlias "" \
  create-alias --alias-name "alias/aws/$P" --target-key-id "$KID"
kms_error "kms describe-key of a missing key: NotFoundException" NotFoundException DescribeKey \
  "Key 'arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000' does not exist" describe-key --key-id 00000000-0000-0000-0000-000000000000
kms delete-alias --alias-name "alias/$P"
if [ "$RC" -eq 0 ]; then ok "kms delete-alias"; else notok "kms delete-alias" "exit $RC: $ERR"; fi
kms schedule-key-deletion --key-id "$KID" --pending-window-in-days 7 --output json
check_eq "kms schedule-key-deletion: PendingDeletion in 7 days" "$KARN PendingDeletion 7" "$(jx "d['KeyId'] + ' ' + d['KeyState'] + ' ' + str(d['PendingWindowInDays'])" "$OUT")"

# ---------------------------------------------------------------------------------------------------------
echo "# aws cloudtrail lookup-events"
# ct ARGS...: run `aws cloudtrail ARGS...`.
ct() { run_aws cloudtrail "$@"; }
# ct_error DESC CODE MESSAGE ARGS...: `aws cloudtrail lookup-events ARGS...` must fail with exactly this error.
ct_error() {
  local desc=$1 code=$2 msg=$3
  shift 3
  expect_aws_error cloudtrail "$desc" "$code" LookupEvents "$msg" lookup-events "$@"
}
BY_NAME=(--lookup-attributes AttributeKey=EventName,AttributeValue=GetSecretValue)
sm get-secret-value --secret-id "$S" --query SecretString --output text
AUDITED_VALUE=$OUT
ct lookup-events "${BY_NAME[@]}" --max-items 1 --output json
if [ "$RC" -eq 0 ]; then ok "cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=GetSecretValue"; else notok "cloudtrail lookup-events EventName=GetSecretValue" "exit $RC: $ERR"; fi
NEWEST=$OUT
check_eq "the newest GetSecretValue event: the root's read, its access key, read-only, from Secrets Manager" \
  "GetSecretValue secretsmanager.amazonaws.com true root $AWS_ACCESS_KEY_ID" \
  "$(jx "' '.join(map(d['Events'][0].get, ('EventName', 'EventSource', 'ReadOnly', 'Username', 'AccessKeyId')))" "$NEWEST")"
check_eq "its Resources: the secret's ARN as an AWS::SecretsManager::Secret" "[[\"AWS::SecretsManager::Secret\",\"$ARN\"]]" \
  "$(jx "[[r['ResourceType'], r['ResourceName']] for r in d['Events'][0]['Resources']]" "$NEWEST")"
check_eq "its CloudTrailEvent: Root identity, source IP, aws-cli user agent, requestParameters, null responseElements" \
  "[\"Root\",\"127.0.0.1\",true,{\"secretId\":\"$S\"},null,\"AwsApiCall\",\"1.11\",\"us-east-1\"]" \
  "$(jx "(lambda r: [r['userIdentity']['type'], r['sourceIPAddress'], r['userAgent'].startswith('aws-cli/'), r['requestParameters'], r['responseElements'], r['eventType'], r['eventVersion'], r['awsRegion']])(json.loads(d['Events'][0]['CloudTrailEvent']))" "$NEWEST")"
if [ -n "$AUDITED_VALUE" ] && [[ "$NEWEST" != *"$AUDITED_VALUE"* ]]; then ok "the event does not contain the secret value"; else notok "the event does not contain the secret value" "value: [$AUDITED_VALUE]"; fi

AU="$P-audit"
aws iam create-user --user-name "$AU" >/dev/null 2>"$ERRF" || notok "iam create-user $AU" "$(cat "$ERRF")"
AKEY=$(aws iam create-access-key --user-name "$AU" --output json 2>"$ERRF")
AKID=$(jx "d['AccessKey']['AccessKeyId']" "$AKEY")
ERR=$(AWS_ACCESS_KEY_ID="$AKID" AWS_SECRET_ACCESS_KEY="$(jx "d['AccessKey']['SecretAccessKey']" "$AKEY")" aws secretsmanager get-secret-value --secret-id "$S" 2>&1 >/dev/null)
check_match "a user without permission is denied get-secret-value" "AccessDeniedException" "$ERR"
ct lookup-events --lookup-attributes "AttributeKey=AccessKeyId,AttributeValue=$AKID" --output json
check_eq "lookup-events AccessKeyId=<the user's key>: one GetSecretValue by the user, AccessDeniedException with its message" \
  "[[\"GetSecretValue\",\"$AU\",\"AccessDeniedException\",true]]" \
  "$(jx "[[e['EventName'], e['Username'], json.loads(e['CloudTrailEvent']).get('errorCode'), 'is not authorized to perform: secretsmanager:GetSecretValue' in json.loads(e['CloudTrailEvent']).get('errorMessage', '')] for e in d['Events']]" "$OUT")"

ct lookup-events "${BY_NAME[@]}" --output json
ALL_IDS=$(jx "[e['EventId'] for e in d['Events']]" "$OUT")
check_true "lookup-events EventName=GetSecretValue returns only GetSecretValue events, newest first" \
  "len(d['Events']) >= 3 and all(e['EventName'] == 'GetSecretValue' for e in d['Events']) and [e['EventTime'] for e in d['Events']] == sorted((e['EventTime'] for e in d['Events']), reverse=True)" "$OUT"
ct lookup-events "${BY_NAME[@]}" --page-size 2 --output json
check_eq "--page-size 2 (the CLI follows NextToken page by page) visits the same events once each" "$ALL_IDS" "$(jx "[e['EventId'] for e in d['Events']]" "$OUT")"
ct lookup-events "${BY_NAME[@]}" --page-size 1 --max-items 2 --output json
FIRST_TWO=$(jx "[e['EventId'] for e in d['Events']]" "$OUT")
TOKEN=$(jx "d['NextToken']" "$OUT")
ct lookup-events "${BY_NAME[@]}" --page-size 1 --max-items 1 --starting-token "$TOKEN" --output json
THIRD=$(jx "[e['EventId'] for e in d['Events']]" "$OUT")
check_eq "--starting-token continues where --max-items stopped" "$(jx "d[:3]" "$ALL_IDS")" "$(jx "d + $THIRD" "$FIRST_TWO")"
WHEN=$(jx "d['Events'][0]['EventTime']" "$NEWEST")
ct lookup-events "${BY_NAME[@]}" --start-time "$WHEN" --end-time "$WHEN" --output json
check_true "--start-time and --end-time both at an event's EventTime find that event" "'$(jx "d['Events'][0]['EventId']" "$NEWEST")' in [e['EventId'] for e in d['Events']]" "$OUT"

ct_error "lookup-events with two lookup attributes: InvalidLookupAttributesException" InvalidLookupAttributesException \
  "You cannot specify more than one lookup attribute." \
  --lookup-attributes AttributeKey=EventName,AttributeValue=GetSecretValue AttributeKey=Username,AttributeValue=root
ct_error "lookup-events --page-size 51 (MaxResults 51): InvalidMaxResultsException" InvalidMaxResultsException \
  "Value for MaxResults is invalid. It must be between 1 and 50." --page-size 51
ct_error "lookup-events with a start after the end: InvalidTimeRangeException" InvalidTimeRangeException \
  "Start time should not be after end time." --start-time 2030-01-01T00:00:00Z --end-time 2020-01-01T00:00:00Z
ct_error "lookup-events with the NextToken of another query: InvalidNextTokenException" InvalidNextTokenException \
  "Invalid NextToken. The NextToken must be used with the same parameters as the request that returned it." \
  --lookup-attributes AttributeKey=EventSource,AttributeValue=iam.amazonaws.com --page-size 1 --max-items 1 --starting-token "$TOKEN"
aws iam delete-access-key --user-name "$AU" --access-key-id "$AKID" && aws iam delete-user --user-name "$AU" \
  && ok "cloudtrail section cleanup: delete-access-key, delete-user" || notok "cloudtrail section cleanup"

# ---------------------------------------------------------------------------------------------------------
echo "# cleanup"
for n in "$S" "$B" "$P-list-a" "$P-list-b" "$P-list-c"; do
  aws secretsmanager delete-secret --secret-id "$n" --force-delete-without-recovery >/dev/null 2>&1 || echo "# cleanup of $n failed (ignored)"
done

echo "# cli.sh: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
