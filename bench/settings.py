"""Settings of the benchmark server and worker: the shop's own, plus the probe and the yardstick views."""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.probe.ProbeMiddleware", *MIDDLEWARE]
