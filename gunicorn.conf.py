"""gunicorn's settings, read from the environment: `make serve`, the Procfile and the
container image all start `gunicorn journeymap.wsgi`, which finds this file."""

import os

# 127.0.0.1 unless told otherwise: a proxy on the same machine forwards to it; a proxy on
# another machine needs HOST=0.0.0.0 (or the private address).
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Processes, each with a few threads: the pages wait on the database more than they compute.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# A plain picture download waits up to 45 s for a worker to draw it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Renewed now and then, so that a slow leak never adds up.
max_requests = 2000
max_requests_jitter = 200
# Access log on standard output, errors on standard error: the service manager keeps them.
accesslog = "-"
errorlog = "-"
