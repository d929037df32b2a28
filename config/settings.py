"""One settings module; the environment chooses (12-factor).

Nothing set: SQLite, eager Celery (demo only), the dummy payment gateway, local media.
``DATABASE_URL`` / ``REDIS_URL`` switch to PostgreSQL and Redis. ``DJANGO_ENV=production``
refuses to start without its secrets and turns on every ``check --deploy`` setting.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"
TESTING = DJANGO_ENV == "test"
# CI must run every test on the real services: tests that would skip without them fail instead.
RUNNING_IN_CI = env.bool("CI", default=False)

if PRODUCTION:
    # No defaults: a production process without its secrets must not start.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
    # Links in emails and notifications are absolute: the worker has no request to take a host from.
    SITE_URL = env.str("SITE_URL")
    DEBUG = False
else:
    SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-dev-key-not-for-production-use-0123456789")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
    DEBUG = env.bool("DJANGO_DEBUG", default=True)

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "graphene_django",
    "easy_thumbnails",
    "shop.core",
    "shop.accounts",
    "shop.collection",
    "shop.catalog",
    "shop.orders",
    "shop.payments",
    "shop.checkout",
    "shop.royalties",
    "shop.storefront",
    "shop.operations",
    "incubator",
    "worker",  # plugs the Celery dispatcher into the outbox; checks the event subscriptions
]

MIDDLEWARE = [
    # First: its process_view refuses an over-long body (413) before any other middleware reads it.
    "shop.core.middleware.RequestBodyLimitMiddleware",
    "shop.core.middleware.RequestHygieneMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shop.accounts.middleware.BearerTokenMiddleware",
    "shop.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shop.core.middleware.NotFoundPageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.workspaces.workspaces_context",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Persistent connections wherever a database server is configured: opening a PostgreSQL connection per
# request cost ~46 ms of PostgreSQL CPU per paid checkout (bench/checkout.py). Each gunicorn worker and
# Celery pool process keeps one connection for up to this many seconds; the health check (one cheap ping
# at the start of a request that reuses it) replaces a connection the server or a pooler dropped, so a
# restart of PostgreSQL costs no failed request. The embedded demo (no DATABASE_URL: an SQLite file,
# runserver's thread per request) keeps Django's default of closing after each request.
# Pooling advice for production: README, "Benchmarks".
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "DATABASE_CONN_MAX_AGE", default=600 if env.str("DATABASE_URL", default="") else 0
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)
# Behind PgBouncer in transaction mode: server-side cursors (``.iterator()``) do not survive transaction pooling.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False)
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # never hold a transaction across a gateway call

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "storefront:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Originals of relic imagery and unlaunched prototypes: never under MEDIA_ROOT, never served directly.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "shop.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# S3-compatible object storage for media (AWS S3, MinIO, Aliyun OSS, Tencent COS…), when a bucket is named:
# public media in MEDIA_S3_BUCKET (served by the bucket or a CDN at MEDIA_S3_CUSTOM_DOMAIN), relic originals
# and prototypes in MEDIA_S3_PRIVATE_BUCKET (private objects, no URL: permission-checking views stream them).
# Several web and worker machines need this; the local disk serves one machine.
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    _s3 = {
        "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("MEDIA_S3_REGION", default="") or None,
        "access_key": env.str("MEDIA_S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("MEDIA_S3_SECRET_ACCESS_KEY", default="") or None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": MEDIA_S3_BUCKET,
            "custom_domain": env.str("MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
            "querystring_auth": False,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "shop.core.storage.PrivateS3Storage",
        "OPTIONS": {**_s3, "bucket_name": env.str("MEDIA_S3_PRIVATE_BUCKET"), "default_acl": "private"},
    }

# A font that draws Chinese, for the watermark; empty: the first of the usual system paths that exists.
SHOP_WATERMARK_CJK_FONT = env.str("SHOP_WATERMARK_CJK_FONT", default="")
# A TrueType CJK font to embed in PDFs (statements, packing slips); default: the watermark's, then the usual places.
SHOP_PDF_CJK_FONT = env.str("SHOP_PDF_CJK_FONT", default="")

# Thumbnails are rendered once per alias and cached in the database and storage (easy-thumbnails).
THUMBNAIL_ALIASES = {
    "": {
        "card": {"size": (480, 480), "crop": "smart"},
        "small": {"size": (160, 160), "crop": "smart"},
        "large": {"size": (1200, 1200), "crop": False},
    }
}
THUMBNAIL_BASEDIR = "thumbs"
THUMBNAIL_PRESERVE_EXTENSIONS = False
THUMBNAIL_QUALITY = 85

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer costs a second, not a hung request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate limits and sign-in lockouts: the shared cache, or this process's memory while it is down (never a 500).
CACHES["ratelimit"] = {
    "BACKEND": "shop.core.cache.FailoverCache",
    "LOCATION": "ratelimit",
    "OPTIONS": {"PRIMARY": "default"},
}

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Celery: JSON only, time limits, late acks. Eager only for the embedded demo (no broker).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Tests never run eager: they capture on-commit callbacks or run the real worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL and not TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The outbox: a message sent this long ago whose task has not finished is sent again (a broker that
# lost its queue, a worker that died); after this many sends it is marked failed for staff to look at.
OUTBOX_REDELIVER_AFTER_SECONDS = env.int("OUTBOX_REDELIVER_AFTER_SECONDS", default=300)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)

# Payments
PAYMENT_GATEWAY = env.str("PAYMENT_GATEWAY", default="dummy")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")

# Commerce rules
SHOP_CURRENCY = "CNY"
SHOP_VAT_RATE_BP = env.int("SHOP_VAT_RATE_BP", default=1300)
SHOP_DEFAULT_DESIGNER_RATE_BP = env.int("SHOP_DEFAULT_DESIGNER_RATE_BP", default=800)
# Checkout and orders: an unpaid order holds its stock this long, then expires (beat task).
ORDER_UNPAID_TTL_MINUTES = env.int("ORDER_UNPAID_TTL_MINUTES", default=30)
# A parcel nobody confirmed is deemed delivered this many days after it shipped (beat task, daily).
ORDER_AUTO_DELIVERED_DAYS = env.int("ORDER_AUTO_DELIVERED_DAYS", default=10)
# Customers may ask to return delivered units this many days after their parcel arrived.
ORDER_RETURN_WINDOW_DAYS = env.int("ORDER_RETURN_WINDOW_DAYS", default=15)
# Where customers send approved returns (printed in the "return approved" email).
ORDER_RETURN_ADDRESS = env.str(
    "ORDER_RETURN_ADDRESS",
    default="巴蜀文创 退货组 Bashu Creative Returns, 重庆市渝中区人民路236号 400015, 023-6367 9011",
)
CHECKOUT_MAX_LINE_QUANTITY = env.int("CHECKOUT_MAX_LINE_QUANTITY", default=20)
CHECKOUT_MAX_LINES = 100
# Sign-in (web form and tokenCreate; shop/accounts/throttle.py): attempts per client address; after
# SIGN_IN_LOCKOUT_AFTER wrong passwords an address is locked out of that account for SIGN_IN_LOCKOUT_SECONDS,
# doubling per further failure up to the maximum; at most SIGN_IN_ACCOUNT_FAILURES_PER_HOUR failures per account
# from anywhere (OWASP ASVS 2.2.1). Registrations per client address.
SIGN_IN_RATE_PER_IP = env.str("SIGN_IN_RATE_PER_IP", default="20/m")
SIGN_IN_LOCKOUT_AFTER = env.int("SIGN_IN_LOCKOUT_AFTER", default=5)
SIGN_IN_LOCKOUT_SECONDS = env.int("SIGN_IN_LOCKOUT_SECONDS", default=30)
SIGN_IN_LOCKOUT_MAX_SECONDS = env.int("SIGN_IN_LOCKOUT_MAX_SECONDS", default=900)
SIGN_IN_ACCOUNT_FAILURES_PER_HOUR = env.int("SIGN_IN_ACCOUNT_FAILURES_PER_HOUR", default=100)
ACCOUNT_REGISTER_RATE_PER_IP = env.str("ACCOUNT_REGISTER_RATE_PER_IP", default="10/h")
# The reverse proxies whose X-Forwarded-For is believed (addresses or networks); none: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
RATELIMIT_IP_META_KEY = "shop.core.client_address.request_client_address"
RATELIMIT_USE_CACHE = "ratelimit"

# GraphQL
GRAPHENE = {
    "SCHEMA": "config.schema.schema",
    # No middleware: graphene-django would add its debug middleware under DEBUG, wrapping every resolver
    # to serve a ``_debug`` field this schema does not have.
    "MIDDLEWARE": [],
}
GRAPHQL_MAX_DEPTH = env.int("GRAPHQL_MAX_DEPTH", default=10)
GRAPHQL_MAX_COST = env.int("GRAPHQL_MAX_COST", default=50_000)
# Aliased fields in one document, and fields one operation asks of the root (each root field is its own query).
GRAPHQL_MAX_ALIASES = env.int("GRAPHQL_MAX_ALIASES", default=30)
GRAPHQL_MAX_ROOT_FIELDS = env.int("GRAPHQL_MAX_ROOT_FIELDS", default=20)

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Only for the file-based backend (one file per email; the real-worker tests read them).
EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Bashu Creative <shop@bashu.example>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # libvips reports every finished thread pool at INFO: one line per tile set is noise.
    "loggers": {"pyvips": {"level": "WARNING"}},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 is tested on its own
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    if not REDIS_URL:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("DJANGO_ENV=production needs REDIS_URL (Celery broker and cache).")
    CELERY_TASK_ALWAYS_EAGER = False

# Request bodies (shop.core.middleware): every route's limit, refused with 413 before the body is read; upload
# views declare their own (the incubator's: INCUBATOR_MAX_UPLOAD_BYTES per file), the admin allows staff more for
# relic originals. deploy/nginx.conf holds the same numbers (a test compares them).
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
ADMIN_REQUEST_BODY_MAX_BYTES = env.int("ADMIN_REQUEST_BODY_MAX_BYTES", default=64 * 1024 * 1024)

# Incubator: uploads are checked by content, re-encoded and kept private (incubator/uploads.py).
INCUBATOR_MAX_UPLOAD_BYTES = env.int("INCUBATOR_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
INCUBATOR_MAX_IMAGE_PIXELS = env.int("INCUBATOR_MAX_IMAGE_PIXELS", default=40_000_000)
# Base64 images in a GraphQL body must fit Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default).
INCUBATOR_GRAPHQL_IMAGE_MAX_BYTES = env.int("INCUBATOR_GRAPHQL_IMAGE_MAX_BYTES", default=1_800_000)
INCUBATOR_MAX_IMAGES_PER_REVISION = 10

# Royalties (shop.royalties): holding period after delivery (at least the customers' return window, so a sale
# is paid out only once it can no longer come back), payout minimum, statement month time zone.
ROYALTY_RETURN_WINDOW_DAYS = env.int("ROYALTY_RETURN_WINDOW_DAYS", default=ORDER_RETURN_WINDOW_DAYS)
ROYALTY_MIN_PAYOUT_MINOR = env.int("ROYALTY_MIN_PAYOUT_MINOR", default=10_000)
ROYALTY_TIME_ZONE = "Asia/Shanghai"
ROYALTY_PDF_MAX_LINES = env.int("ROYALTY_PDF_MAX_LINES", default=5_000)
# Statements with more lines than this are written by the worker (progress on the page, a link when ready, an
# email); shorter ones stream in the request. Background files stay in the private storage this many hours.
ROYALTY_EXPORT_BACKGROUND_LINES = env.int("ROYALTY_EXPORT_BACKGROUND_LINES", default=20_000)
ROYALTY_EXPORT_TTL_HOURS = env.int("ROYALTY_EXPORT_TTL_HOURS", default=72)
ROYALTY_STRIPE_TRANSFERS = env.bool("ROYALTY_STRIPE_TRANSFERS", default=bool(STRIPE_SECRET_KEY))
