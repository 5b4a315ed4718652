"""Settings, read from the environment with working defaults.

``DATABASE_URL`` unset means an embedded SQLite database (WAL) under ``var/``, so the demo runs with
nothing installed; production points it at PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from edubureau.core.io.limits import UPLOAD_LIMITS as _UPLOAD_LIMITS
from edubureau.ops.storage import default_storage_from_env

BASE_DIR = Path(__file__).resolve().parent.parent  # src/edubureau
PROJECT_DIR = Path(os.environ.get("EDUBUREAU_HOME", BASE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("EDUBUREAU_VAR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-demo-key-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "axes",
    "edubureau.core",
    "edubureau.org",
    "edubureau.people",
    "edubureau.quality",
    "edubureau.plans",
    "edubureau.balance",
    "edubureau.inspection",
    "edubureau.evaluation",
    "edubureau.staffing",  # 人事 (issue 11)
    "edubureau.welfare",  # 学籍变动、控辍保学、学生资助、关爱 (issue 13)
    "edubureau.enrollment",  # 划片、学位预测、入学申请、摇号、均衡分班 (issue 12)
    "edubureau.safety",  # 隐患排查整改、校车、食堂、应急演练 (issue 15)
    "edubureau.projects",  # 新建改扩建项目、阶段、资金、新增学位 (issue 15)
    "edubureau.complaints",  # 信访、12345、举报的受理与办理 (issue 15)
    "edubureau.fitness",  # 国家学生体质健康标准 (issue 14)
    "edubureau.ops",  # serve, worker, backup, restore, /healthz (issue 16)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "edubureau.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Issue 18: an edit form saved from a stale copy answers 409 (core.concurrency).
    "edubureau.core.concurrency.ConflictMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "edubureau.config.urls"
WSGI_APPLICATION = "edubureau.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "edubureau.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "edubureau.sqlite3",
            # WAL lets the page keep reading while a background import writes (DESIGN.md: Storage).
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
                "transaction_mode": "IMMEDIATE",
                # sqlite3.connect's own wait for the write lock (issue 18): a login arriving while an import
                # commits a chunk waits for it instead of failing with "database is locked". init_command runs
                # after connect and sets the same 20 s (tests/security/test_import_jobs.py reads it back).
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth and security ----------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock the username+address pair for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# HTTPS (issue 18): browsers are told to come back over HTTPS only (HSTS, sent on HTTPS answers only); behind a
# reverse proxy that ends TLS, SECURE_PROXY_SSL_HEADER names the header it sets, e.g. "X-Forwarded-Proto: https".
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if SESSION_COOKIE_SECURE else 0))


def proxy_ssl_header(value: str | None) -> tuple[str, str] | None:
    """``"X-Forwarded-Proto: https"`` → ``("HTTP_X_FORWARDED_PROTO", "https")``, as Django's setting wants it."""
    if not value or not value.strip():
        return None
    name, sep, expected = value.partition(":")
    if not sep or not name.strip() or not expected.strip():
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must look like 'X-Forwarded-Proto: https'")
    name = name.strip().upper().replace("-", "_")
    return (name if name.startswith("HTTP_") else f"HTTP_{name}", expected.strip())


SECURE_PROXY_SSL_HEADER = proxy_ssl_header(os.environ.get("SECURE_PROXY_SSL_HEADER"))

# Everything is served by the app itself (offline bureau networks): 'self' only, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # ECharts sets inline styles on its canvas
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# --- Language, time -------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
# Only simplified Chinese (issue 17): there is no English catalogue of our own text, so an "en" page would be our
# Chinese mixed with Django's and the libraries' English (pagination, form errors). Neither Accept-Language nor a
# language cookie can switch to a language listed nowhere here (core.middleware.ChineseFirstLocaleMiddleware).
LANGUAGES = [("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# 2025年9月1日 everywhere Django formats a date (issue 17): config/formats/zh_Hans/formats.py.
FORMAT_MODULE_PATH = ["edubureau.config.formats"]

# --- Static files: npm packages are collected from node_modules, never from a CDN -----------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
NODE_MODULES_DIR = PROJECT_DIR / "node_modules"
if NODE_MODULES_DIR.exists():
    STATICFILES_DIRS.append(("vendor", NODE_MODULES_DIR))
MEDIA_ROOT = VAR_DIR / "media"
# Uploads go through the storage API only (issue 16): a folder by default, EDUBUREAU_STORAGE=s3 for a bucket that
# several app servers share (edubureau.ops.storage, README 生产部署).
STORAGES = {
    "default": default_storage_from_env(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000
# Caps per kind of upload, checked by core.uploads before any reader sees the file (issue 18: a 5 KB
# sparse xlsx made the reader allocate 512 GiB). Rows and columns are the sheet's used range;
# max_unzipped is what an xlsx/docx really inflates to. A kind given here overrides core's defaults.
# The table lives in core.io.limits so that the fast command line reads it without Django (issue 17).
UPLOAD_LIMITS = {kind: dict(caps) for kind, caps in _UPLOAD_LIMITS.items()}

# --- API ------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "edubureau.core.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["edubureau.core.api.permissions.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "edubureau.core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min"},
}
# API tokens stop working this many days after they were made (issue 18); 0 means never.
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "30"))
SPECTACULAR_SETTINGS = {
    "TITLE": "edubureau API",
    "DESCRIPTION": (
        "教育局工作系统接口。所有数据按用户权限范围过滤。\n\n"
        "并发修改（防止覆盖他人的修改）：读取单条记录时响应头 ETag 与字段 version 为记录的版本号。"
        "修改（PUT/PATCH）或删除时可在请求头 If-Match 中带回 ETag，记录已被他人修改时返回 412；"
        "也可在请求正文中带回 version，已过期时返回 409。两种回答都说明谁在何时改了什么。"
        "不带版本号的修改仍被接受（供简单客户端使用），但可能覆盖他人的修改。"
    ),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui-dist",  # from npm, served locally
    "SWAGGER_UI_FAVICON_HREF": "/static/img/favicon.svg",
    # One name for a choice list shared by several models (学段 of schools' facts and of teachers).
    "ENUM_NAME_OVERRIDES": {
        "LevelPartEnum": "edubureau.org.choices.LevelPart",
        "VisitKindEnum": "edubureau.inspection.models.VisitKind",  # visits and checklists
        # Two fields named category: the inspection findings' keep their name, the 十项准则 get their own.
        "CategoryEnum": "edubureau.inspection.models.Category",
        "ConductCategoryEnum": "edubureau.staffing.models.CONDUCT_CATEGORIES",
        # 招生 (issue 12): its 学段 and the papers' 男/女 beside the registry's own level and sex codes.
        "EnrollmentLevelEnum": "edubureau.enrollment.models.Level",
        "ChildSexEnum": "edubureau.enrollment.models.ChildSex",
        "SexEnum": "edubureau.people.choices.Sex",
    },
}

# --- Cache: shared by every app process (throttles, the daily scan's once-a-day guard) -------------
# A per-process cache (LocMem) let each worker count throttles and start the daily scan on its own (issue 18).
# The default is a table in the database (``edubureau_cache``, made after every migrate); CACHE_URL chooses another.


def cache_from_url(url: str | None) -> dict:
    """``CACHE_URL`` → a CACHES entry: unset or ``db://[table]``, ``locmem://``, ``file:///path``, ``redis://…``."""
    url = (url or "db://").strip()
    scheme, _sep, rest = url.partition("://")
    if scheme == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest or "edubureau_cache"}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "edubureau"}
    if scheme == "file":
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": rest}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL: unknown scheme {scheme!r} (db://, locmem://, file://, redis://)")


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL"))}

# --- Background tasks: database backend, a worker started by `edubureau demo` or `db_worker` ----
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An import job running without a heartbeat for this long lost its worker and is recovered as 中断 (issue 18).
IMPORT_STALE_SECONDS = int(os.environ.get("IMPORT_STALE_SECONDS", "120"))

# --- Tables ---------------------------------------------------------------------------------------
DJANGO_TABLES2_TEMPLATE = "django_tables2/eb_bootstrap5.html"  # bootstrap5 + aria-sort (issue 17)
DJANGO_TABLES2_PAGE_RANGE = 8

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403) is one line — method, path, user, reason — not a traceback (issue 18).
    "filters": {"denied": {"()": "edubureau.core.logfilters.DeniedRequestFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["denied"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
