"""Settings shared by every runtime.

Safe by default: DEBUG is off, and every value comes from the environment through one reader (`env`).
The defaults are the embedded runtime: SQLite, Wagtail's database search backend, Celery tasks run eagerly.
Every variable read here is listed in README.md with its default.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-embedded-default-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Absolute base of every IRI the platform mints (framework skills, role levels, courses, xAPI activities).
# IRIs must survive moves between hosts, so they are built from this setting, never from the request.
SITE_BASE_URL = env("SITE_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
WAGTAIL_SITE_NAME = "Skills for the Civil Service"
SERVICE_NAME = WAGTAIL_SITE_NAME

INSTALLED_APPS = [
    "core",
    "people",
    "framework",
    "courses",
    "learning_records",
    "pathways",
    "search",
    "insights",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "people.wagtail_users.PeopleUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /xapi/ requests with credentials continue through a short chain of their own (see the class).
    "core.middleware.CredentialApiMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "people.audit.AuditActorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "skills_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.service",
            ],
        },
    },
]

WSGI_APPLICATION = "skills_site.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server, an eager task and a management command share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

# Uploads: imports are read in memory; anything larger is refused before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

CACHE_URL = env("CACHE_URL", default="locmemcache://")
CACHES = {"default": env.cache_url_config(CACHE_URL)}

# --- Wagtail ---------------------------------------------------------------------------------------------
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "docx", "xlsx", "odt", "txt"]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_WORKFLOW_ENABLED = True
# Approval by the workflow's reviewers is the authority to publish (see core/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "core.workflows.publish_approved"
WAGTAILADMIN_COMMENTS_ENABLED = True

# --- Sign-in (django-allauth) ----------------------------------------------------------------------------
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "people.forms.GovukLoginForm",
    "signup": "people.forms.GovukSignupForm",
    "reset_password": "people.forms.GovukResetPasswordForm",
}
SOCIALACCOUNT_ADAPTER = "people.adapters.SocialAccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": env("RATE_LIMIT_LOGIN", default="30/m/ip"),
    "login_failed": env("RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Sign-up is limited to these email domains (a subdomain of an allowed domain is allowed too).
# Editors can extend the list in the Wagtail admin (Settings → Sign-up domains); this is the starting list.
SIGNUP_ALLOWED_DOMAINS = env.list("SIGNUP_ALLOWED_DOMAINS", default=["gov.uk", "nhs.net", "mod.uk", "police.uk"])
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SERVICE_NAME

# OpenID Connect single sign-on (for example Microsoft Entra ID); off unless OIDC_CLIENT_ID is set.
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
SOCIALACCOUNT_PROVIDERS = {}
if OIDC_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env("OIDC_PROVIDER_ID", default="entra"),
                "name": env("OIDC_PROVIDER_NAME", default="Microsoft Entra ID"),
                "client_id": OIDC_CLIENT_ID,
                "secret": env("OIDC_CLIENT_SECRET", default=""),
                "settings": {"server_url": env("OIDC_SERVER_URL", default="")},
            }
        ]
    }
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="skills-noreply@example.gov.uk")

# --- Celery ----------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_TIME_LIMIT = 60 * 30
CELERY_TASK_SOFT_TIME_LIMIT = 60 * 25
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# Each app adds its periodic jobs in its own `beat.py`; skills_site/celery.py merges them.
CELERY_BEAT_SCHEDULE = {}

# --- Search ----------------------------------------------------------------------------------------------
# "database" (the embedded default) or "engine" (OpenSearch at SEARCH_URL).
SEARCH_BACKEND = env("SEARCH_BACKEND", default="database")
SEARCH_URL = env("SEARCH_URL", default="http://127.0.0.1:9200")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="skills")

# The daily booking-link check fetches only public addresses; hosts listed here are fetched even when private.
LINK_CHECK_PRIVATE_HOSTS_ALLOWED = env.list("LINK_CHECK_PRIVATE_HOSTS_ALLOWED", default=[])

# --- Learning records (xAPI) -----------------------------------------------------------------------------
# Failed LRS authentication: after this many failures from one address within the window (seconds), requests
# from that address carrying credentials get 429 until the window ends (see learning_records/throttle.py).
LRS_AUTH_FAILURES_ALLOWED = env.int("LRS_AUTH_FAILURES_ALLOWED", default=20)
LRS_AUTH_FAILURE_WINDOW = env.int("LRS_AUTH_FAILURE_WINDOW", default=300)
XAPI_FORWARD_URL = env("XAPI_FORWARD_URL", default="")
XAPI_FORWARD_USERNAME = env("XAPI_FORWARD_USERNAME", default="")
XAPI_FORWARD_PASSWORD = env("XAPI_FORWARD_PASSWORD", default="")

# --- Insights --------------------------------------------------------------------------------------------
INSIGHTS_MIN_CELL_SIZE = env.int("INSIGHTS_MIN_CELL_SIZE", default=5)
# Seconds to wait before regrouping everyone after profile changes (many changes share one rebuild).
INSIGHTS_REBUILD_DELAY = env.int("INSIGHTS_REBUILD_DELAY", default=300)

# --- Data retention --------------------------------------------------------------------------------------
RETENTION_DAYS = env.int("RETENTION_DAYS", default=365 * 6)
# Every app holding personal data lists a module here with export(user), erase(user) and optionally retain(cutoff)
# (see core/personal_data.py). Used by "download your data", "delete your account" and the retention job.
PERSONAL_DATA_PROVIDERS = [
    "people.personal_data",
    "learning_records.personal_data",
    "pathways.personal_data",
    "insights.personal_data",
]

# --- Demo data -------------------------------------------------------------------------------------------
# Loaded in this order by `manage.py seed_demo`; each is a callable taking no arguments and returning a summary.
DEMO_SEEDERS = [
    "people.demo.seed",
    "framework.demo.seed",
    "courses.demo.seed",
    "search.demo.seed",
    "pathways.demo.seed",
    "insights.demo.seed",
]

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Skills for the Civil Service API",
    "DESCRIPTION": "Read-only open data: the National Reskilling Framework and the course catalogue.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["core.api.only_public_api"],
}

# Security headers that are right everywhere; production.py adds the HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# No inline script anywhere: every script is a static file.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
