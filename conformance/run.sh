#!/usr/bin/env bash
# Coffer conformance run: start a throw-away dev server, drive it with the real AWS CLI and boto3, stop it.
#
#   bash conformance/run.sh        (or: npm run conformance)
#
# Needs a built dist/ (run `npm run build` first; this script builds nothing), node, python3, the AWS CLI and
# boto3. If the AWS CLI or boto3 is missing the run is SKIPPED (exit 0), unless CI=true, where that is a failure.
# Exit status: 0 only if both suites ran and every check passed. The last line is `N passed, M failed`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE="$ROOT/conformance"
cd "$ROOT"

die() {
  echo "conformance: $*" >&2
  exit 1
}

# --- prerequisites ---------------------------------------------------------------------------------------
[ -f "$ROOT/dist/cli/main.js" ] || die "dist/ is missing or incomplete ($ROOT/dist/cli/main.js not found); run \`npm run build\` first"
command -v node >/dev/null 2>&1 || die "node is not installed"

missing=()
command -v aws >/dev/null 2>&1 || missing+=("the AWS CLI (aws)")
if ! command -v python3 >/dev/null 2>&1; then
  missing+=("python3")
elif ! python3 -c 'import boto3' >/dev/null 2>&1; then
  missing+=("boto3 (python3 -m pip install boto3)")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  what=$(printf '%s, ' "${missing[@]}")
  what=${what%, }
  if [ "${CI:-}" = "true" ]; then
    echo "!!!!!!!! conformance: FAIL: CI=true and not installed: $what !!!!!!!!" >&2
    echo "0 passed, 0 failed"
    exit 1
  fi
  echo "!!!!!!!! SKIP: conformance suites NOT RUN: not installed: $what (set CI=true to make this an error) !!!!!!!!"
  echo "0 passed, 0 failed"
  exit 0
fi

# --- server ----------------------------------------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/coffer-conformance.XXXXXX")
SERVER_PID=""

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "conformance: server $SERVER_PID ignored SIGTERM for 5 s; sending SIGKILL" >&2
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  stop_server
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# health URL -> 0 when GET answers 200
healthy() {
  python3 - "$1" <<'PY' >/dev/null 2>&1
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
    sys.exit(0 if r.status == 200 else 1)
PY
}

# Start the server on a free port; retry (new port, fresh data dir) if it dies early, e.g. the port was taken
# between picking it and binding it.
PORT=""
for attempt in 1 2 3; do
  PORT=$(free_port)
  DATA_DIR="$TMP/data-$attempt"
  mkdir -p "$DATA_DIR"
  SERVER_LOG="$TMP/server-$attempt.log"
  node "$ROOT/bin/coffer.js" dev --port "$PORT" --data-dir "$DATA_DIR" --log-level warn >"$TMP/server-$attempt.out" 2>"$SERVER_LOG" &
  SERVER_PID=$!
  up=no
  deadline=$((SECONDS + 20))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    if healthy "http://127.0.0.1:$PORT/health"; then
      up=yes
      break
    fi
    sleep 0.2
  done
  [ "$up" = yes ] && break
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "conformance: server did not answer GET /health within 20 s; its log:" >&2
    sed 's/^/  server: /' "$SERVER_LOG" >&2 || true
    die "server failed to become healthy"
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  echo "conformance: server exited during start-up (attempt $attempt, port $PORT); its log:" >&2
  sed 's/^/  server: /' "$SERVER_LOG" >&2 || true
  [ "$attempt" -lt 3 ] || die "server failed to start"
done

CREDS="$DATA_DIR/root-credentials.json"
[ -f "$CREDS" ] || die "server is up but $CREDS does not exist"
read -r ACCESS_KEY SECRET_KEY < <(python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); print(c["accessKeyId"], c["secretAccessKey"])' "$CREDS")
[ -n "$ACCESS_KEY" ] && [ -n "$SECRET_KEY" ] || die "could not read accessKeyId/secretAccessKey from $CREDS"

# --- environment for the clients: only this server, only these credentials -------------------------------
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_ENDPOINT_URL_SECRETS_MANAGER \
  AWS_IGNORE_CONFIGURED_ENDPOINT_URLS AWS_CA_BUNDLE AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE
export AWS_CONFIG_FILE="$TMP/aws-config-none"
export AWS_SHARED_CREDENTIALS_FILE="$TMP/aws-credentials-none"
export AWS_EC2_METADATA_DISABLED=true
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT"
export AWS_ACCESS_KEY_ID="$ACCESS_KEY"
export AWS_SECRET_ACCESS_KEY="$SECRET_KEY"
export AWS_DEFAULT_REGION=us-east-1
export AWS_REGION=us-east-1
export AWS_PAGER=""
export PYTHONUNBUFFERED=1
echo "# conformance: Coffer dev server pid $SERVER_PID at $AWS_ENDPOINT_URL (data dir $DATA_DIR)"

# --- suites ----------------------------------------------------------------------------------------------
TOTAL_PASSED=0
TOTAL_FAILED=0
OVERALL=0

# run_suite NAME COMMAND...: run it, echo its output, count `ok - ` / `not ok - ` lines.
run_suite() {
  local name=$1 rc=0 passed failed
  shift
  local log="$TMP/$name.log"
  echo "# ==== $name ===="
  "$@" 2>&1 | tee "$log" || rc=$?
  passed=$(grep -c '^ok - ' "$log" || true)
  failed=$(grep -c '^not ok - ' "$log" || true)
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "not ok - $name exited with status $rc without reporting a failed check (crashed?)"
    failed=1
  fi
  if [ "$rc" -eq 0 ] && [ "$failed" -ne 0 ]; then
    echo "# $name reported $failed failed checks but exited 0"
    rc=1
  fi
  if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    echo "not ok - $name ran no checks"
    failed=1
    rc=1
  fi
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  [ "$rc" -eq 0 ] || OVERALL=1
}

run_suite cli.sh bash "$HERE/cli.sh"
run_suite boto3_conformance.py python3 "$HERE/boto3_conformance.py"

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "not ok - the server was still running at the end of the suites"
  TOTAL_FAILED=$((TOTAL_FAILED + 1))
  OVERALL=1
fi
if [ "$OVERALL" -ne 0 ] && [ -s "$SERVER_LOG" ]; then
  echo "# last lines of the server log (stderr, level warn):"
  tail -n 30 "$SERVER_LOG" | sed 's/^/#   server: /'
fi

echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
exit "$OVERALL"
