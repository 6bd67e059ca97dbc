"""Production readiness: the client-address helper, safe redirects, settings refusals, the
Content-Security-Policy (header on pages, no inline script/style/handler left in templates) and
collectstatic's manifest storage."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from shanglian.core.http import client_ip, safe_next
from shanglian.festival import sms
from tests.core.test_settings import GOOD_SECRET, SETUP, run

ROOT = Path(__file__).resolve().parents[2]
rf = RequestFactory()


# ------------------------------------------------------------------ client_ip (X-Forwarded-For)
def ip_of(xff: str | None, count: int, remote: str = "10.0.0.9") -> str:
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    with override_settings(TRUSTED_PROXY_COUNT=count):
        return client_ip(rf.get("/", **meta))


def test_no_proxy_ignores_the_header():
    assert ip_of("1.2.3.4", 0) == "10.0.0.9"
    assert ip_of(None, 0) == "10.0.0.9"


def test_one_proxy_takes_the_rightmost_entry():
    # nginx appends the address it saw; everything left of it was sent by the client
    assert ip_of("203.0.113.7", 1) == "203.0.113.7"
    assert ip_of("6.6.6.6, 203.0.113.7", 1) == "203.0.113.7"
    assert ip_of("6.6.6.6,7.7.7.7,  203.0.113.7 ", 1) == "203.0.113.7"


def test_spoofed_left_entries_never_change_the_address():
    seen = {ip_of(f"{spoof}, 203.0.113.7", 1) for spoof in ("1.1.1.1", "2.2.2.2", "::1", "garbage")}
    assert seen == {"203.0.113.7"}


def test_count_is_respected_from_the_right():
    # client → CDN (appends client) → nginx (appends CDN): two proxies
    assert ip_of("6.6.6.6, 203.0.113.7, 198.51.100.2", 2) == "203.0.113.7"
    assert ip_of("203.0.113.7, 198.51.100.2", 2) == "203.0.113.7"
    assert ip_of("203.0.113.7, 198.51.100.2", 1) == "198.51.100.2"


def test_short_or_invalid_header_falls_back_safely():
    assert ip_of("203.0.113.7", 3) == "203.0.113.7"  # fewer entries than proxies: the farthest seen
    assert ip_of("not-an-ip", 1) == "10.0.0.9"
    assert ip_of(", ,", 1) == "10.0.0.9"
    assert ip_of("2001:db8::1", 1) == "2001:db8::1"
    assert ip_of("[2001:db8::1]:443", 1) == "2001:db8::1"
    assert ip_of(None, 0, remote="") == "unknown"


def test_festival_rate_limits_use_the_core_helper():
    from shanglian.festival import ratelimit

    assert ratelimit.client_ip is client_ip


# ------------------------------------------------------------------ safe_next
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example",
                                    "https:evil.example", "javascript:alert(1)", "http://testserver/x"])
def test_safe_next_refuses_other_sites_and_downgrades(target):
    secure = rf.post("/", {"next": target}, secure=True)
    assert safe_next(secure, "/fallback/") == "/fallback/"


def test_safe_next_keeps_local_paths_and_reads_the_query_string():
    assert safe_next(rf.post("/", {"next": "/zh-hant/events/"}), "/f/") == "/zh-hant/events/"
    assert safe_next(rf.get("/", {"next": "/en/festival/my/"}), "/f/") == "/en/festival/my/"
    assert safe_next(rf.get("/"), "/f/") == "/f/"


# ------------------------------------------------------------------ settings refusals
def test_production_refuses_the_console_sms_sender(tmp_path):
    env = {"DEBUG": "0", "SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "shanglian.example.org"}
    for extra in ({}, {"SMS_BACKEND": "shanglian.festival.sms.ConsoleSender"}):
        result = run(SETUP, tmp_path, **env, **extra)
        assert result.returncode != 0 and "started" not in result.stdout
        assert "ImproperlyConfigured" in result.stderr and "SMS_BACKEND" in result.stderr


def test_http_sms_sender_needs_a_url(tmp_path):
    env = {"DEBUG": "0", "SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "shanglian.example.org",
           "SMS_BACKEND": "shanglian.festival.sms.HttpSender"}
    for url in ("", "file:///etc/passwd"):
        result = run(SETUP, tmp_path, **env, SMS_HTTP_URL=url)
        assert result.returncode != 0 and "SMS_HTTP_URL" in result.stderr
    result = run(SETUP, tmp_path, **env, SMS_HTTP_URL="https://sms.example.org/send")
    assert result.returncode == 0, result.stderr


def test_negative_proxy_count_is_refused(tmp_path):
    result = run(SETUP, tmp_path, TRUSTED_PROXY_COUNT="-1")
    assert result.returncode != 0 and "TRUSTED_PROXY_COUNT" in result.stderr


def test_knobs_come_from_the_environment(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT, s.SMS_BACKEND)")
    result = run(["-c", code], tmp_path, TRUSTED_PROXY_COUNT="2", SMS_BACKEND="bench.sms_outbox.FileSender")
    assert result.stdout.split() == ["2", "2", "bench.sms_outbox.FileSender"], result.stderr


def test_rate_limits_from_the_environment(tmp_path):
    code = "import django; django.setup(); from django.conf import settings as s; print(s.FESTIVAL_RATE_LIMITS)"
    result = run(["-c", code], tmp_path, FESTIVAL_RATE_LIMITS="claim_ip=120/60, otp_phone=0/600")
    assert result.stdout.strip() == "{'claim_ip': (120, 60), 'otp_phone': (0, 600)}", result.stderr
    for bad in ("claim_ip=x", "claim_ip=5", "claim_ip=-1/60", "claim_ip=5/0"):
        result = run(["-c", code], tmp_path, FESTIVAL_RATE_LIMITS=bad)
        assert result.returncode != 0 and "FESTIVAL_RATE_LIMITS" in result.stderr


def test_console_sender_never_logs_phone_and_code_in_production(capsys):
    with override_settings(DEBUG=False):
        sms.ConsoleSender().send("+85291234567", "商聯驗證碼 482913")
    err = capsys.readouterr().err
    assert "482913" not in err and "91234567" not in err and "SMS" in err
    with override_settings(DEBUG=True):
        sms.ConsoleSender().send("+85291234567", "商聯驗證碼 482913")
    assert "482913" in capsys.readouterr().err


@pytest.fixture
def sms_gateway():
    """A real HTTP server on 127.0.0.1 standing in for the SMS provider."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        status = 200

        def do_POST(self):  # noqa: N802
            length = int(self.headers["Content-Length"])
            received.append({"auth": self.headers.get("Authorization"), "body": json.loads(self.rfile.read(length))})
            self.send_response(Handler.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", received, Handler
    server.shutdown()
    server.server_close()


def test_http_sender_posts_json_with_the_token(sms_gateway):
    url, received, _ = sms_gateway
    with override_settings(SMS_HTTP_URL=url, SMS_HTTP_TOKEN="t0ken", SMS_HTTP_TIMEOUT=5):
        sms.HttpSender().send("+85291234567", "驗證碼 482913")
    assert received == [{"auth": "Bearer t0ken", "body": {"to": "+85291234567", "text": "驗證碼 482913"}}]


def test_http_sender_logs_a_failure_without_the_code(sms_gateway, caplog):
    url, received, handler = sms_gateway
    handler.status = 503
    with override_settings(SMS_HTTP_URL=url, SMS_HTTP_TOKEN="", SMS_HTTP_TIMEOUT=5):
        sms.HttpSender().send("+85291234567", "驗證碼 482913")  # does not raise into the request
    assert received[0]["auth"] is None
    assert "not sent" in caplog.text and "503" in caplog.text and "482913" not in caplog.text
    with override_settings(SMS_HTTP_URL="http://127.0.0.1:9/", SMS_HTTP_TIMEOUT=2):
        sms.HttpSender().send("+85291234567", "驗證碼 482913")  # nothing listens there
    assert caplog.text.count("not sent") == 2


# ------------------------------------------------------------------ Content-Security-Policy
@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/zh-hant/", "/zh-hans/", "/en/", "/en/directory/", "/zh-hant/events/",
                                  "/zh-hant/festival/", "/en/matching/", "/api/v1/docs"])
def test_csp_header_on_pages(client, reference_data, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = {d.split()[0]: d.split()[1:] for d in response["Content-Security-Policy"].split("; ")}
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"] and set(policy["img-src"]) == {"'self'", "data:", "blob:"}
    assert "unsafe-inline" not in response["Content-Security-Policy"]



@pytest.mark.django_db
def test_api_json_gets_the_strict_constant_policy(client):
    """JSON under /api/ loads nothing and may not be framed (core.middleware.CSPMiddleware); the
    API docs page above keeps the site policy, and so does /healthz (not under /api/)."""
    from shanglian.core.middleware import API_JSON_CSP

    for response in (client.get("/api/v1/festival/offers"), client.get("/api/v1/no-such-route"),
                     client.post("/api/v1/festival/campaigns/1/claims")):
        assert response["Content-Type"].startswith("application/json")
        assert response["Content-Security-Policy"] == API_JSON_CSP
    assert "default-src 'self'" in client.get("/healthz")["Content-Security-Policy"]

# Page templates (HTML e-mails, under an email/ folder, are not pages: no CSP applies to them).
TEMPLATES = sorted(p for p in (ROOT / "shanglian").rglob("templates/**/*.html") if "email" not in p.parts)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=[\"']application/(ld\+)?json)[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


def test_templates_found():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("pattern", [INLINE_SCRIPT, HANDLER, INLINE_STYLE], ids=["script", "on-handler", "style"])
def test_no_inline_script_handler_or_style_in_templates(pattern):
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0).strip()}" for p in TEMPLATES
                 for m in pattern.finditer(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_template_check_can_fail():
    assert INLINE_SCRIPT.search('<script>alert(1)</script>') and not INLINE_SCRIPT.search('<script src="/a.js">')
    assert not INLINE_SCRIPT.search('<script type="application/json" id="x">')
    assert HANDLER.search('<button onclick="x()">') and HANDLER.search("<select\nonchange='y'>")
    assert not HANDLER.search('<p>question="a"</p>') and not HANDLER.search('data-on="1"')
    assert INLINE_STYLE.search('<div style="color:red">') and INLINE_STYLE.search("<style>p{}</style>")


# ------------------------------------------------------------------ collectstatic (manifest storage)
def test_collectstatic_survives_a_missing_source_map(tmp_path):
    src = tmp_path / "src"
    (src / "lib").mkdir(parents=True)
    (src / "lib" / "a.min.js").write_text("var a=1;\n//# sourceMappingURL=a.min.js.map\n")
    (src / "lib" / "b.min.js").write_text("var b=1;\n//# sourceMappingURL=b.min.js.map\n")
    (src / "lib" / "b.min.js.map").write_text("{}")
    (src / "site.css").write_text("body{background:url(img.png)}")
    (src / "img.png").write_bytes(b"\x89PNG")
    out = tmp_path / "static"
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "shanglian.core.storage.ManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=out, STATICFILES_DIRS=[src], STORAGES=storages,
                           STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"]):
        call_command("collectstatic", "--noinput", verbosity=0)
    paths = json.loads((out / "staticfiles.json").read_text())["paths"]
    assert {"lib/a.min.js", "lib/b.min.js", "site.css", "img.png"} <= set(paths)
    assert "sourceMappingURL=a.min.js.map" in (out / paths["lib/a.min.js"]).read_text()
    assert f"sourceMappingURL={Path(paths['lib/b.min.js.map']).name}" in (out / paths["lib/b.min.js"]).read_text()
    assert Path(paths["img.png"]).name in (out / paths["site.css"]).read_text()


def test_collectstatic_still_fails_on_a_missing_stylesheet_reference(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "site.css").write_text("body{background:url(missing.png)}")
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "shanglian.core.storage.ManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=tmp_path / "static", STATICFILES_DIRS=[src], STORAGES=storages,
                           STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"]), \
            pytest.raises(ValueError):
        call_command("collectstatic", "--noinput", verbosity=0)


@pytest.mark.django_db
def test_https_redirect_spares_only_the_health_check(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/healthz").status_code == 200
        response = client.get("/en/")
        assert response.status_code == 301 and response["Location"].startswith("https://")
        assert client.get("/en/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
