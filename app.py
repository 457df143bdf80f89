"""Entry point: ``gunicorn app:server`` in production, ``python app.py`` to try it locally."""

import os

from dashboard.web.app_factory import create_app_or_exit
from dashboard.web.config import Settings

app = create_app_or_exit()
server = app.server

if __name__ == "__main__":
    # Dash's debug mode serves tracebacks and a code reloader: only on request (DASH_DEBUG=1).
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "8050")), debug=Settings.from_environment().debug)
