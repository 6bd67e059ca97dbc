#!/usr/bin/env bash
# Production smoke test: start the app the way docs/operations.md deploys it and fetch the main
# pages. DEBUG=0, a random SECRET_KEY, ALLOWED_HOSTS, a temporary VAR_DIR (SQLite there unless
# DATABASE_URL is set, e.g. PostgreSQL), collectstatic with the hashed manifest, migrate, a little
# demo data (SMOKE_DEMO_ENTERPRISES, default 40; 0 = none), gunicorn on 127.0.0.1 on a free port.
# (SMOKE_PORT picks the port.) Requests carry "X-Forwarded-Proto: https" as the TLS-terminating
# proxy would; every HTML page must also carry the Content-Security-Policy header.
# Prints URL → status and exits non-zero if any answer is not 200. Always stops gunicorn.
# Needs `make setup` (or `make install assets messages`) first; `make smoke` does both.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=.venv/bin/python

SMOKE_VAR=$(mktemp -d "${TMPDIR:-/tmp}/shanglian-smoke.XXXXXX")
GUNICORN_PID=""
cleanup() {
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$GUNICORN_PID" 2>/dev/null
  fi
  rm -rf "$SMOKE_VAR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export DJANGO_SETTINGS_MODULE=shanglian.settings
export VAR_DIR="$SMOKE_VAR" DEBUG=0 TESTING=0
export SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export SITE_URL=https://127.0.0.1 LOG_LEVEL=WARNING
# Production refuses the console SMS sender; the smoke test sends no SMS (the discard port).
export SMS_BACKEND=shanglian.festival.sms.HttpSender SMS_HTTP_URL=http://127.0.0.1:9/
# No mail server in the smoke test: the demo data's notification e-mails stay in memory.
export EMAIL_BACKEND="${SMOKE_EMAIL_BACKEND:-django.core.mail.backends.locmem.EmailBackend}"
unset TASKS_BACKEND REDIS_URL
if [ -n "${DATABASE_URL:-}" ]; then db="${DATABASE_URL%%://*}"; else db="sqlite (${SMOKE_VAR})"; fi

step() { printf '\n--> %s\n' "$*"; }
step "production smoke test on ${db}"
step "collectstatic"
$PY manage.py collectstatic --noinput -v0 || { echo "collectstatic failed" >&2; exit 1; }
step "migrate"
$PY manage.py migrate --noinput -v0 || { echo "migrate failed" >&2; exit 1; }
if [ "${SMOKE_DEMO_ENTERPRISES:-40}" != 0 ]; then
  step "demo data (${SMOKE_DEMO_ENTERPRISES:-40} enterprises)"
  $PY manage.py demo --enterprises "${SMOKE_DEMO_ENTERPRISES:-40}" -v0 >"$SMOKE_VAR/demo.log" 2>&1 \
    || { cat "$SMOKE_VAR/demo.log" >&2; echo "demo data failed" >&2; exit 1; }
fi
$PY manage.py check --deploy --fail-level WARNING -v0 || { echo "check --deploy failed" >&2; exit 1; }

PORT=${SMOKE_PORT:-$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
step "gunicorn on 127.0.0.1:${PORT}"
.venv/bin/gunicorn shanglian.wsgi -w 2 -b "127.0.0.1:${PORT}" --log-level warning \
  --error-logfile "$SMOKE_VAR/gunicorn.log" &
GUNICORN_PID=$!

$PY - "$PORT" "$SMOKE_VAR/static/staticfiles.json" "$SMOKE_VAR/gunicorn.log" <<'PY'
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

port, manifest, log = sys.argv[1], sys.argv[2], sys.argv[3]
base = f"http://127.0.0.1:{port}"
HEADERS = {"X-Forwarded-Proto": "https", "User-Agent": "shanglian-smoke"}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def fetch(path: str) -> tuple[int, str, bytes, dict]:
    """GET path, following same-site redirects (at most 5); returns (status, chain, body, headers)."""
    chain = []
    for _ in range(6):
        try:
            with opener.open(urllib.request.Request(base + path, headers=HEADERS), timeout=30) as r:
                chain.append(str(r.status))
                return r.status, " → ".join(chain), r.read(), r.headers
        except urllib.error.HTTPError as e:
            chain.append(str(e.code))
            if e.code in (301, 302, 303, 307, 308) and e.headers.get("Location"):
                target = urllib.parse.urlsplit(e.headers["Location"])
                path = target.path + (f"?{target.query}" if target.query else "")
                continue
            return e.code, " → ".join(chain), e.read(), e.headers
        except OSError as e:
            return 0, f"{type(e).__name__}: {e}", b"", {}
    return 0, " → ".join(chain) + " (too many redirects)", b"", {}


deadline = time.monotonic() + 60
while fetch("/healthz")[0] != 200:
    if time.monotonic() > deadline:
        print("gunicorn did not answer /healthz within 60 s", file=sys.stderr)
        print(open(log, encoding="utf-8", errors="replace").read()[-4000:], file=sys.stderr)
        sys.exit(1)
    time.sleep(0.5)

import django  # noqa: E402  (the environment above is the production one)

django.setup()
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import translation  # noqa: E402


def login_path() -> str:
    for name in ("account_login", "login"):  # django-allauth's name first, Django's otherwise
        try:
            return reverse(name)
        except NoReverseMatch:
            pass
    raise SystemExit("no login URL")


paths = ["/healthz"]
for lang in ("zh-hant", "zh-hans", "en"):
    with translation.override(lang):
        login = login_path()
    paths += [f"/{lang}/", f"/{lang}/directory/", f"/{lang}/matching/", f"/{lang}/events/",
              f"/{lang}/festival/", f"/{lang}/festival/offers/", login]
paths += ["/api/docs", "/api/v1/docs", "/api/v1/openapi.json"]
static = json.load(open(manifest, encoding="utf-8"))["paths"]
for name in ("core/site.css", "vendor/htmx.org/dist/htmx.min.js", "vendor/chart.js/dist/chart.umd.min.js"):
    paths.append("/static/" + static[name])

failures = 0
rows = []
for path in paths:
    status, chain, body, headers = fetch(path)
    verdict = "ok" if status == 200 else "FAIL"
    if status == 200 and path == "/api/v1/openapi.json" and "paths" not in json.loads(body):
        verdict = "FAIL (not an OpenAPI document)"
    if status == 200 and headers.get("Content-Type", "").startswith("text/html") \
            and "script-src 'self'" not in headers.get("Content-Security-Policy", ""):
        verdict = "FAIL (no Content-Security-Policy)"
    failures += verdict != "ok"
    rows.append((path, chain, verdict))
width = max(len(p) for p, _, _ in rows)
print(f"\n{'URL'.ljust(width)}  status        result")
for path, chain, verdict in rows:
    print(f"{path.ljust(width)}  {chain.ljust(12)}  {verdict}")
print(f"\n{len(rows) - failures}/{len(rows)} answered 200")
if failures:
    print(open(log, encoding="utf-8", errors="replace").read()[-4000:], file=sys.stderr)
sys.exit(1 if failures else 0)
PY
rc=$?
[ $rc = 0 ] && echo "smoke test passed" || echo "smoke test FAILED" >&2
exit $rc
