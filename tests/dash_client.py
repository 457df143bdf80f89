"""Build ``/_dash-update-component`` requests as the browser does, from the app's own
callback map, so that tests keep working when a callback gains an input."""

from __future__ import annotations

import json

CALLBACK_ROUTE = "/_dash-update-component"


def callback_key(app, output_id: str) -> str:
    return next(key for key in app.callback_map if f"{output_id}." in key)


def callback_body(app, output_id: str, values: dict | None = None, changed: str | None = None) -> dict:
    """A well-formed body for the callback that outputs ``output_id``; ``values`` maps
    component ids to input or state values (missing ones are None)."""
    values = values or {}
    key = callback_key(app, output_id)
    callback = app.callback_map[key]

    def items(specs):
        return [{"id": spec["id"], "property": spec["property"], "value": values.get(spec["id"])} for spec in specs]

    outputs = callback["output"]
    body = {
        "output": key,
        "outputs": [o.to_dict() for o in outputs] if isinstance(outputs, (list, tuple)) else outputs.to_dict(),
        "inputs": items(callback["inputs"]),
        "changedPropIds": [changed] if changed else [],
    }
    if callback["state"]:
        body["state"] = items(callback["state"])
    return body


def post_callback(client, app, output_id: str, values: dict | None = None, headers: dict | None = None):
    return client.post(CALLBACK_ROUTE, json=callback_body(app, output_id, values), headers=headers or {})


def response_of(response) -> dict:
    assert response.status_code == 200, response.data[:500]
    return json.loads(response.data)["response"]
