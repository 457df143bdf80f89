"""The product's app served with Dash's development bundles, for CPU profiles only.

``gunicorn benchmarks.dev_bundles_app:server``: the same layout, callbacks, assets and
settings as ``app.py``, but Dash serves the unminified bundles of its renderer, React and
the component libraries, so that a profile names functions (``updateProps``,
``getLayoutCallbacks``...) rather than ``e``, ``t``, ``n``. Development React is slower
than production React: time clicks with ``app:server``, read names here. No dev-tools
UI, no props check (it would add its own cost), no hot reload.
"""

from __future__ import annotations

from app import app

app.enable_dev_tools(
    debug=False,
    dev_tools_ui=False,
    dev_tools_props_check=False,
    dev_tools_serve_dev_bundles=True,
    dev_tools_hot_reload=False,
)
server = app.server

# Dash registers the script paths it may serve when it first builds the page. The app's
# warm-up built it before the development bundles were switched on, and a gunicorn worker
# that has not built a page yet would answer 404 for them: build one here, in the master.
with server.test_client() as client:
    client.get("/")
