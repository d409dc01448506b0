#!/usr/bin/env bash
# Checks the test Keycloak end to end, the way the Gatehouse proxy will use it: starts it
# (deploy/keycloak.sh start, twice: the second must be a no-op), then logs in to realm
# "gatehouse" as dev with a real authorization-code + PKCE flow in curl, and checks the ID token
# and the client's refusals. Leaves Keycloak running; `deploy/keycloak.sh stop` stops it.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KC=$("$HERE/../keycloak.sh" url)
CALLBACK=https://127.0.0.1:43117/v1/webapi/sso/callback
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
# The payload (middle part) of a JWT, as JSON.
jwt_payload() {
  local p
  p=$(cut -d. -f2 <<<"$1" | tr '_-' '/+')
  while [ $(( ${#p} % 4 )) -ne 0 ]; do p+="="; done
  base64 -d <<<"$p"
}
# GETs the authorization endpoint of realm $1 with extra query parameters; prints the HTTP status.
authorize() {
  local realm=$1; shift
  curl -sS -c "$WORK/cookies" -b "$WORK/cookies" -o "$WORK/page" -D "$WORK/headers" -w '%{http_code}' \
    -G "$KC/realms/$realm/protocol/openid-connect/auth" --data-urlencode response_type=code \
    --data-urlencode client_id=gatehouse --data-urlencode scope=openid "$@"
}

"$HERE/../keycloak.sh" start
out=$("$HERE/../keycloak.sh" start)
grep -q "already running" <<<"$out" || fail "second start was not a no-op: $out"
ok "second start is a no-op"
for realm in gatehouse other; do
  iss=$(curl -fsS "$KC/realms/$realm/.well-known/openid-configuration" | jq -r .issuer)
  [ "$iss" = "$KC/realms/$realm" ] || fail "realm $realm: issuer $iss"
  ok "discovery of realm $realm (issuer $iss)"
done

verifier=$(head -c 48 /dev/urandom | b64url)
challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | b64url)
state=$(head -c 16 /dev/urandom | b64url)
nonce=$(head -c 16 /dev/urandom | b64url)
status=$(authorize gatehouse --data-urlencode "redirect_uri=$CALLBACK" --data-urlencode "state=$state" \
  --data-urlencode "nonce=$nonce" --data-urlencode "code_challenge=$challenge" \
  --data-urlencode code_challenge_method=S256)
[ "$status" = 200 ] || fail "authorization endpoint answered $status"
action=$(grep -o 'id="kc-form-login"[^>]*action="[^"]*"' "$WORK/page" | sed 's/.*action="//; s/"$//; s/&amp;/\&/g')
[ -n "$action" ] || fail "no login form in the authorization page"
ok "login form shown"

curl -sS -c "$WORK/cookies" -b "$WORK/cookies" -o /dev/null -D "$WORK/headers" "$action" \
  --data-urlencode username=dev --data-urlencode password=dev-password
location=$(tr -d '\r' < "$WORK/headers" | awk 'tolower($1)=="location:" {print $2}')
[[ $location == "$CALLBACK?"* ]] || fail "login did not redirect to the callback: ${location:-none}"
[[ $location == *"state=$state"* ]] || fail "callback without our state: $location"
code=$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<<"$location")
[ -n "$code" ] || fail "callback without a code: $location"
ok "login redirected to $CALLBACK with state and code"

curl -sS -o "$WORK/tokens" "$KC/realms/gatehouse/protocol/openid-connect/token" \
  -u gatehouse:gatehouse-test-secret --data-urlencode grant_type=authorization_code \
  --data-urlencode "code=$code" --data-urlencode "redirect_uri=$CALLBACK" \
  --data-urlencode "code_verifier=$verifier"
id_token=$(jq -r '.id_token // empty' "$WORK/tokens")
[ -n "$id_token" ] || fail "token exchange failed: $(cat "$WORK/tokens")"
claims=$(jwt_payload "$id_token")
echo "ID token claims:"; jq . <<<"$claims"
jq -e --arg nonce "$nonce" --arg iss "$KC/realms/gatehouse" '
  .groups == ["developers"] and .nonce == $nonce and .iss == $iss
  and (.aud == "gatehouse" or .aud == ["gatehouse"]) and .preferred_username == "dev"' <<<"$claims" \
  >/dev/null || fail "unexpected ID token claims"
ok "ID token: groups [developers], our nonce, iss $KC/realms/gatehouse, aud gatehouse"

status=$(authorize gatehouse --data-urlencode redirect_uri=https://evil.example/v1/webapi/sso/callback \
  --data-urlencode "code_challenge=$challenge" --data-urlencode code_challenge_method=S256)
[ "$status" = 400 ] && grep -q 'Invalid parameter: redirect_uri' "$WORK/page" \
  || fail "a redirect_uri on another host was not refused (HTTP $status)"
ok "redirect_uri on another host refused (HTTP 400, Invalid parameter: redirect_uri)"

authorize gatehouse --data-urlencode "redirect_uri=$CALLBACK" --data-urlencode "state=$state" >/dev/null
location=$(tr -d '\r' < "$WORK/headers" | awk 'tolower($1)=="location:" {print $2}')
[[ $location == "$CALLBACK?"*"error=invalid_request"* ]] \
  || fail "a request without code_challenge was not refused: ${location:-no redirect}"
ok "request without code_challenge refused: ${location#*\?}"
echo "smoke test passed"
