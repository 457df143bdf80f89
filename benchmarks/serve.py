"""Run gunicorn with the arguments in ``FABRIQUES_BENCH_GUNICORN_ARGS`` (a JSON list).

The benchmark starts its servers as ``python -m benchmarks.serve`` rather than
``gunicorn app:server ...``: on a machine shared with other engineers, a broad
``pkill -f gunicorn`` or ``pkill -f app:server`` aimed at their own servers would otherwise
stop the benchmark's in the middle of a measurement.
"""

import json
import os
import sys

from gunicorn.app.wsgiapp import run

ARGS_ENV = "FABRIQUES_BENCH_GUNICORN_ARGS"

if __name__ == "__main__":
    sys.argv = ["gunicorn", *json.loads(os.environ[ARGS_ENV])]
    sys.exit(run())
