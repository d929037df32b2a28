"""Production settings: fail fast without secrets, pass ``check --deploy`` with them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "shop.bashu.example",
    "SITE_URL": "https://shop.bashu.example",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "DATABASE_URL": "sqlite:////tmp/bashu-deploy-check.sqlite3",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SITE_"))}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_its_public_address():
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_production_refuses_to_start_without_a_broker():
    env = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_embedded_default_is_sqlite_and_eager_celery():
    result = _manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)",
        env={},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_media_go_to_s3_compatible_storage_when_a_bucket_is_named():
    env = {
        "MEDIA_S3_BUCKET": "bashu-media",
        "MEDIA_S3_PRIVATE_BUCKET": "bashu-private",
        "MEDIA_S3_ENDPOINT_URL": "https://oss-cn-chengdu.aliyuncs.com",
        "MEDIA_S3_CUSTOM_DOMAIN": "media.bashu.example",
    }
    script = (
        "from django.conf import settings as s; d, p = s.STORAGES['default'], s.STORAGES['private']; "
        "print(d['BACKEND'], d['OPTIONS']['bucket_name'], d['OPTIONS']['custom_domain'], "
        "p['BACKEND'], p['OPTIONS']['bucket_name'], p['OPTIONS']['endpoint_url'])"
    )
    result = _manage("shell", "--verbosity", "0", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "bashu-media",
        "media.bashu.example",
        "shop.core.storage.PrivateS3Storage",
        "bashu-private",
        "https://oss-cn-chengdu.aliyuncs.com",
    ]


def test_a_public_bucket_without_a_private_one_refuses_to_start():
    result = _manage("check", env={"MEDIA_S3_BUCKET": "bashu-media"})
    assert result.returncode != 0
    assert "MEDIA_S3_PRIVATE_BUCKET" in result.stderr


SHOW_CONNECTIONS = (
    "from django.conf import settings; d = settings.DATABASES['default']; "
    "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
)


def test_every_configured_database_keeps_persistent_checked_connections():
    production = _manage("shell", "--no-imports", "-c", SHOW_CONNECTIONS, env=PRODUCTION)
    development = _manage(
        "shell", "--no-imports", "-c", SHOW_CONNECTIONS, env={"DATABASE_URL": "postgres://bashu@127.0.0.1:5432/bashu"}
    )
    demo = _manage("shell", "--no-imports", "-c", SHOW_CONNECTIONS, env={})

    assert production.stdout.split() == ["600", "True"], production.stderr
    assert development.stdout.split() == ["600", "True"], development.stderr
    assert demo.stdout.split()[0] == "0", "the embedded demo closes its SQLite connection after each request"
