"""The app for gunicorn tests whose loads must last: a data file whose bytes start with
``SLOW`` takes ten minutes to load (in the loader child), any other file loads normally."""

import time

from dashboard.data import isolated_load

_real_load = isolated_load.load_dataset


def _load(path, *args, **kwargs):
    with open(path, "rb") as handle:
        if handle.read(4) == b"SLOW":
            time.sleep(600)
    return _real_load(path, *args, **kwargs)


isolated_load.load_dataset = _load

from app import server  # noqa: E402,F401 - what gunicorn serves
