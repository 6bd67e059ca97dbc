"""The one settings module. Every value comes from the environment, with safe defaults.

Development is the default (DEBUG on, SQLite under var/, console e-mail). Production is
DEBUG=0: then SECRET_KEY must be set to a real secret and ALLOWED_HOSTS must be given, or the
process refuses to start. The code path is otherwise the same in both.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# numpy's OpenBLAS on one thread unless the environment says otherwise (read when numpy loads,
# which is after this module). Its worker threads spin while they wait for a core: a search's
# small matrix products (the dense store's rescoring, a few thousand rows) took 2–3× longer
# whenever another process held the other core — 繁 奶茶 among 50,000 festival offers, SQLite at
# load 2.3: 72 → 26 ms p95, the same results (bench/search.md, helper festpg2). A web process
# serves one request per thread; the parallelism is in the workers, not inside one product.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
TESTING = env_bool("TESTING", False)
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == DEV_SECRET or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 40 characters when DEBUG=0."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG=0.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the OpenAPI docs (Swagger UI) from its own static files, no CDN
    "django_tasks",
    "django_tasks_db",
    "shanglian.accounts",  # before allauth: our templates for its pages win
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "shanglian.core",
    "shanglian.payments",
    "shanglian.directory",
    "shanglian.matching",
    "shanglian.events",
    "shanglian.festival",
    "shanglian.customs",
    "shanglian.crossborder",
    "shanglian.sharing",
    "shanglian.incubation",
    "shanglian.agreements",
    "shanglian.mailings",
    "shanglian.news",
    "shanglian.consultations",
    "shanglian.charity",
    "shanglian.competition",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "shanglian.core.reading.ReadingMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "shanglian.accounts.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shanglian.core.middleware.CSPMiddleware",  # django-csp; a constant policy for API JSON
    "django_htmx.middleware.HtmxMiddleware",
    "shanglian.core.middleware.ErrorBoundaryMiddleware",
]
CSRF_FAILURE_VIEW = "shanglian.core.views.csrf_failure"

ROOT_URLCONF = "shanglian.urls"
WSGI_APPLICATION = "shanglian.wsgi.application"
ASGI_APPLICATION = "shanglian.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shanglian.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite file under var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'shanglian.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let several processes write without "database is locked";
    # IMMEDIATE transactions take the write lock up front so read-then-write never deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT off: a search's plan over 50,000 rows passes jit_above_cost, and compiling it took 1.0 s
    # of a 1.1 s query (bench/festival.md); our queries are short OLTP reads that never repay it.
    # Behind PgBouncer (which refuses the "options" start-up parameter) set DB_PG_OPTIONS="" and
    # `ALTER DATABASE … SET jit = off` instead (docs/operations.md).
    pg_options = env_str("DB_PG_OPTIONS", "-c jit=off")
    if pg_options:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = pg_options
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_PREFIX", "shanglian"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions: read from Redis (the database behind it) when Redis is there, so a request carrying a
# session cookie (a consumer claiming a coupon) costs no session query.
SESSION_ENGINE = env_str("SESSION_ENGINE", "django.contrib.sessions.backends.cached_db" if REDIS_URL
                         else "django.contrib.sessions.backends.db")

TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# Accounts (django-allauth): log in with the username or the e-mail address; new accounts must
# verify their e-mail; failed logins are throttled per address and per account (cache-backed:
# set REDIS_URL when there is more than one process). See docs/accounts.md.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "shanglian.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_SIGNUP_OPEN = env_bool("ACCOUNT_SIGNUP_OPEN", True)
ACCOUNT_RATE_LIMITS = {
    # After 5 wrong passwords for one login (or 10 a minute from one address) the login is
    # refused, even with the right password, until the window has passed or the password is reset.
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/15m/key"),
}
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Shanglian")
# Secretariat staff and association managers must set up an authenticator app before anything
# else once logged in. On by default in production, off in development so the demo logins work.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", not DEBUG)
INVITATION_EXPIRY_DAYS = env_int("INVITATION_EXPIRY_DAYS", 14)

# Languages: Traditional Chinese (Hong Kong) first, Simplified Chinese, English.
LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("zh-hans", "简体中文"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "shanglian_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Hong_Kong")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [("vendor", BASE_DIR / "var" / "vendor")]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "shanglian.core.storage.ManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)

# Personal data retention (days), applied daily by `manage.py privacy_purge` / its task: phone
# verifications are deleted N days after they were asked for; a coupon's phone is anonymised N
# days after its campaign ended (the later of the claim window and the validity).
PHONE_VERIFICATION_RETENTION_DAYS = max(1, env_int("PHONE_VERIFICATION_RETENTION_DAYS", 30))
COUPON_PHONE_RETENTION_DAYS = max(1, env_int("COUPON_PHONE_RETENTION_DAYS", 90))

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    # production sends through EMAIL_HOST; never print mails (password-reset links) to a log
    else "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "全港各區工商聯 <noreply@shanglian.invalid>")

# Security: strict in production, relaxed for local http in development.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers' health checks come by plain http
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Reverse proxies in front of the app that append the address they saw to X-Forwarded-For
# (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`). The client is the Nth
# entry from the RIGHT (core.http.client_ip); 0 = no proxy, the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 (no proxy) or the number of proxies.")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # django-allauth's rate limits use the same rule

# Content-Security-Policy (django-csp): scripts and styles only from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Festival rate limits (festival/ratelimit.py): "name=count/seconds,…", e.g. "claim_ip=120/60";
# count 0 lifts a limit. Unnamed limits keep their defaults.
FESTIVAL_RATE_LIMITS: dict[str, tuple[int, int]] = {}
for _item in env_list("FESTIVAL_RATE_LIMITS", []):
    try:
        _name, _rate = _item.split("=", 1)
        _count, _seconds = (int(part) for part in _rate.split("/", 1))
        if _count < 0 or _seconds <= 0:
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(
            f"FESTIVAL_RATE_LIMITS: {_item!r} is not name=count/seconds (e.g. claim_ip=120/60)."
        ) from None
    FESTIVAL_RATE_LIMITS[_name.strip()] = (_count, _seconds)

# SMS sender for phone verification. The console sender is for development only: production
# (DEBUG=0) refuses to start with it. `shanglian.festival.sms.HttpSender` posts JSON to SMS_HTTP_URL.
SMS_CONSOLE_BACKEND = "shanglian.festival.sms.ConsoleSender"
SMS_BACKEND = env_str("SMS_BACKEND", SMS_CONSOLE_BACKEND)
SMS_HTTP_URL = env_str("SMS_HTTP_URL")
SMS_HTTP_TOKEN = env_str("SMS_HTTP_TOKEN")
SMS_HTTP_TIMEOUT = env_int("SMS_HTTP_TIMEOUT", 10)
if not DEBUG and SMS_BACKEND == SMS_CONSOLE_BACKEND:
    raise ImproperlyConfigured(
        "SMS_BACKEND is the console sender, which is for development only. With DEBUG=0 set "
        "SMS_BACKEND=shanglian.festival.sms.HttpSender and SMS_HTTP_URL (or your own sender class)."
    )
if SMS_BACKEND == "shanglian.festival.sms.HttpSender" and not SMS_HTTP_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("SMS_HTTP_URL must be an http(s) URL when SMS_BACKEND is the HttpSender.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

MAILINGS_WEBHOOK_TOKEN = env_str("MAILINGS_WEBHOOK_TOKEN")  # mailings: the bounce webhook's shared secret
MAILINGS_SMTP_CONNECTIONS = env_int("MAILINGS_SMTP_CONNECTIONS", 4)  # mailings: SMTP connections side by side

# ---------------------------------------------------------------- payments (docs/payments.md)
def _pem(name: str) -> str:
    """A PEM key from ``<name>`` (the text) or ``<name>_FILE`` (a path to it)."""
    path = env_str(f"{name}_FILE")
    if path:
        with open(path, encoding="ascii") as fh:
            return fh.read()
    return env_str(name)


PAYMENTS_WECHATPAY = {
    "mchid": env_str("PAYMENTS_WECHATPAY_MCHID"), "appid": env_str("PAYMENTS_WECHATPAY_APPID"),
    "serial_no": env_str("PAYMENTS_WECHATPAY_SERIAL_NO"),
    "private_key_pem": _pem("PAYMENTS_WECHATPAY_PRIVATE_KEY"),
    "platform_serial": env_str("PAYMENTS_WECHATPAY_PLATFORM_SERIAL"),
    "platform_public_pem": _pem("PAYMENTS_WECHATPAY_PLATFORM_PUBLIC_KEY"),
    "apiv3_key": env_str("PAYMENTS_WECHATPAY_APIV3_KEY"),
} if env_str("PAYMENTS_WECHATPAY_MCHID") else None
PAYMENTS_ALIPAY = {
    "app_id": env_str("PAYMENTS_ALIPAY_APP_ID"), "private_key_pem": _pem("PAYMENTS_ALIPAY_PRIVATE_KEY"),
    "alipay_public_pem": _pem("PAYMENTS_ALIPAY_PUBLIC_KEY"),
} if env_str("PAYMENTS_ALIPAY_APP_ID") else None
PAYMENTS_SANDBOX = env_bool("PAYMENTS_SANDBOX", DEBUG or TESTING)
# The association's account shown for bank transfers (event fees, dues).
PAYMENTS_BANK_ACCOUNT = {
    "bank": env_str("PAYMENTS_BANK_NAME", "香港上海滙豐銀行 HSBC (004)"),
    "name": env_str("PAYMENTS_BANK_ACCOUNT_NAME", "商聯總會有限公司 Shanglian Federation Ltd"),
    "number": env_str("PAYMENTS_BANK_ACCOUNT_NUMBER", "000-000000-000 (demo)"),
    "fps": env_str("PAYMENTS_BANK_FPS_ID", ""),
}
