"""gunicorn's configuration for production (`gunicorn -c gunicorn.conf.py zvh.wsgi`).

Sync workers: the pages are short database-bound requests, and a sync worker holds one
persistent database connection (CONN_MAX_AGE). Everything an operator tunes comes from the
environment; the defaults suit one machine behind a reverse proxy.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A request that takes longer than this is stuck (the slowest page, a PDF, takes about a second).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so that a slow leak in a library never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The heartbeat file on a RAM disk: a slow or full disk must not make gunicorn kill workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Only our own proxy may say that a request came in over https (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The path without its query string (search terms can be names) and without the referrer
# (which carries a previous page's query string): method, path, protocol, status, size, time.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
