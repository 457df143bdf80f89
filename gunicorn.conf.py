"""gunicorn settings for Fabriques Monitor, read by the Procfile and scripts/run.sh.

Worker model (docs/deployment.md, docs/reliability.md "Clients lents"): **gthread**, 2
processes x 32 threads. A sync worker is blocked by one client that sends its request
slowly (two such clients froze the app for 30 s); a gthread worker gives each connection a
thread, so 20 slow clients leave threads for everyone else. Anything per worker that
requests share is thread-safe: the dataset in service is swapped as one reference
(dashboard/data/store.py), the memo of outputs has a lock (dashboard/web/memo.py), the
login throttle's in-memory storage too (flask-limiter). In production a buffering reverse
proxy (deploy/nginx.conf) stands in front and absorbs slow clients before they reach
gunicorn.

gunicorn reads this file by itself when started from the repository's root; command-line
options win over it.
"""

import os

# Loopback unless told otherwise: the Procfile binds 0.0.0.0 (a platform's router in front),
# scripts/run.sh 127.0.0.1, an instance behind nginx its private address (docs/deployment.md).
bind = f"127.0.0.1:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "32"))
# The main loop of a gthread worker keeps beating whatever its threads do: this only
# catches a worker that hangs as a whole. Data files are loaded by a background thread in
# a child process with their own budget (FABRIQUES_LOAD_TIMEOUT_SECONDS).
timeout = 30
graceful_timeout = 20
keepalive = 5
# The dataset is loaded once in the master and shared by the workers (copy-on-write).
preload_app = True
# gunicorn 27's control socket is shared per user: off, so several servers can run.
control_socket_disable = True
accesslog = "-"
errorlog = "-"


def post_worker_init(worker):
    """Start the worker's data-watching thread at boot rather than at its first request, so
    an idle worker is already on the latest file when a request comes."""
    extensions = getattr(worker.wsgi, "extensions", {})
    holder = extensions.get("fabriques_dataset_holder")
    if holder is not None:
        holder.ensure_watching()
