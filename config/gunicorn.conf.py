"""gunicorn's settings for docker-compose's `web` (behind deploy/nginx.conf, which holds the body limits: gunicorn
has none; the app refuses an over-long body too, before reading it). Bounded request lines and headers, and a
worker timeout so a stuck request frees its worker."""

import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
accesslog = "-"
timeout = 60
graceful_timeout = 30
# Request line and headers (gunicorn's defaults, stated: 4 kB line, 100 headers of 8 kB each).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Only the proxy may say which scheme the client used (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1")
