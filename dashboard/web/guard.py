"""Malformed requests get a short French error, never a traceback or a server path.

Dash trusts the *shape* of what is posted to ``/_dash-update-component``: an unknown
``output``, a missing ``inputs`` list or an input that is not an object raise
KeyError/TypeError deep inside Dash, which Flask turns into a 500. The shape is
therefore checked against the registered callback before Dash sees it (400 if it does
not match); the *values* are then checked by each callback (``dashboard.web.inputs``).
Whatever still goes wrong is logged in full on the server and answered with a generic
message.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping

import flask
from dash import Dash
from dash._utils import stringify_id
from dash.exceptions import DependencyException, InvalidCallbackReturnValue, InvalidResourceError
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)

CALLBACK_ROUTE = "/_dash-update-component"
COMPONENT_SUITES_ROUTE = "/_dash-component-suites/"
# A real callback request is a few kilobytes; anything far bigger is junk.
MAX_REQUEST_BYTES = 1024 * 1024
# A client that announces a body and stops sending it holds a gunicorn thread: at most this
# long between two packets (gunicorn passes the socket in the WSGI environ).
BODY_READ_TIMEOUT_SECONDS = 10.0

BAD_REQUEST_MESSAGE = "Requête invalide : rechargez la page."
SERVER_ERROR_MESSAGE = "Erreur interne : l'incident a été enregistré. Rechargez la page ou réessayez plus tard."
HTTP_MESSAGES = {
    400: BAD_REQUEST_MESSAGE,
    401: "Connexion requise.",
    403: "Accès refusé.",
    404: "Page introuvable.",
    405: "Méthode non autorisée.",
    408: "Requête trop lente : réessayez.",
    413: "Requête trop volumineuse.",
    415: "Type de contenu non pris en charge.",
    429: "Trop de requêtes : réessayez dans quelques minutes.",
}


class MalformedCallbackRequest(ValueError):
    """The body does not match any registered callback."""


def _spec_id(spec_id: str) -> object:
    """A registered id as the client sends it (pattern-matching ids are JSON objects)."""
    return json.loads(spec_id) if spec_id.startswith("{") else spec_id


def _same_property(sent: object, registered: str) -> bool:
    """An output registered with ``allow_duplicate`` is sent as "children@<hash>"."""
    return isinstance(sent, str) and sent.split("@", 1)[0] == registered.split("@", 1)[0]


def _check_dependency(item: object, spec: Mapping, where: str) -> None:
    wanted = _spec_id(spec["id"])
    if isinstance(wanted, dict):
        # Pattern-matching (ALL, MATCH, ALLSMALLER): a list of matching components, or one.
        items = item if isinstance(item, list) else [item]
        for one in items:
            if not (
                isinstance(one, dict)
                and isinstance(one.get("id"), dict)
                and set(one["id"]) == set(wanted)
                and _same_property(one.get("property"), spec["property"])
            ):
                raise MalformedCallbackRequest(where)
        return
    if not (
        isinstance(item, dict)
        and isinstance(item.get("id"), str)
        and stringify_id(item["id"]) == spec["id"]
        and _same_property(item.get("property"), spec["property"])
    ):
        raise MalformedCallbackRequest(where)


def _output_specs(callback: Mapping) -> list[dict] | dict | None:
    output = callback["output"]
    if callback.get("no_output"):
        return None
    if isinstance(output, (list, tuple)):
        return [item.to_dict() for item in output]
    return output.to_dict()


def check_callback_body(body: object, callback_map: Mapping[str, Mapping]) -> None:
    """Raise MalformedCallbackRequest unless ``body`` has the shape Dash expects for
    one of ``callback_map``'s callbacks. Values are not checked here."""
    if not isinstance(body, dict):
        raise MalformedCallbackRequest("body")
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        raise MalformedCallbackRequest("output")
    callback = callback_map[output]
    if "callback" not in callback:
        # A clientside callback: it runs in the browser and has no server function.
        raise MalformedCallbackRequest("clientside")
    for key in ("inputs", "state"):
        items = body.get(key, [])
        specs = callback[key]
        if not isinstance(items, list) or len(items) != len(specs):
            raise MalformedCallbackRequest(key)
        for item, spec in zip(items, specs, strict=True):
            _check_dependency(item, spec, key)
    specs = _output_specs(callback)
    outputs = body.get("outputs")
    if specs is None:
        pass
    elif isinstance(specs, list):
        if not isinstance(outputs, list) or len(outputs) != len(specs):
            raise MalformedCallbackRequest("outputs")
        for item, spec in zip(outputs, specs, strict=True):
            _check_dependency(item, spec, "outputs")
    else:
        _check_dependency(outputs, specs, "outputs")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(_is_prop_id(prop) for prop in changed):
        raise MalformedCallbackRequest("changedPropIds")
    _check_text(body)


def _is_prop_id(prop: object) -> bool:
    """``"<id>.<property>"``, the id being a JSON object for pattern-matching components
    (Dash parses it: ``"{oops.n_clicks"`` made it raise)."""
    if not isinstance(prop, str) or "." not in prop:
        return False
    component, _, name = prop.rpartition(".")
    if not component or not name:
        return False
    if component.startswith("["):
        return False  # an id is a string or, for pattern-matching components, an object
    if component.startswith("{"):
        try:
            return isinstance(json.loads(component), dict)
        except ValueError:
            return False
    return True


def _check_text(body: dict) -> None:
    """Every string must be real text: a lone surrogate ("\\ud800", valid JSON) cannot be
    encoded back to UTF-8 and made the callback's response fail."""
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedCallbackRequest("texte (surrogate isolé)") from None


def _error_response(status: int, message: str) -> flask.Response:
    if flask.request.path == CALLBACK_ROUTE:
        return flask.make_response(flask.jsonify({"erreur": message}), status)
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def _bound_body_reads() -> None:
    sock = flask.request.environ.get("gunicorn.socket")
    if sock is not None and hasattr(sock, "settimeout"):
        sock.settimeout(BODY_READ_TIMEOUT_SECONDS)


def add_request_guard(app: Dash) -> None:
    """Register the body check and the error handlers on ``app.server``."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    @server.before_request
    def _check_callback_request():
        if flask.request.path != CALLBACK_ROUTE or flask.request.method != "POST":
            return None
        _bound_body_reads()
        try:
            body = flask.request.get_json(silent=True)
            check_callback_body(body, app.callback_map)
        except RecursionError:  # "[[[[…" nested deeper than the JSON parser goes
            logger.info("Requête de callback rejetée (JSON trop imbriqué).")
            return _error_response(400, BAD_REQUEST_MESSAGE)
        except OSError:  # the client stopped sending its body (socket timeout)
            logger.info("Requête de callback abandonnée : corps non reçu en %g s.", BODY_READ_TIMEOUT_SECONDS)
            return _error_response(408, HTTP_MESSAGES[408])
        except MalformedCallbackRequest as error:
            logger.info("Requête de callback rejetée (%s invalide).", error)
            return _error_response(400, BAD_REQUEST_MESSAGE)
        return None

    @server.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        status = error.code or 500
        if status < 400:  # redirects are answers, not errors
            return error
        return _error_response(status, HTTP_MESSAGES.get(status, "Requête impossible."))

    @server.errorhandler(InvalidResourceError)
    def _unknown_resource(_error):
        # Dash's own handler echoes the requested path back as HTML.
        return _error_response(404, HTTP_MESSAGES[404])

    @server.errorhandler(InvalidCallbackReturnValue)
    def _outputs_not_on_the_page(_error):
        # The request listed fewer (or more) components for a pattern-matching output
        # (ALL) than the callback answers for: it does not describe the page.
        logger.info("Requête de callback rejetée (sorties ALL ne correspondant pas à la page).")
        return _error_response(400, BAD_REQUEST_MESSAGE)

    @server.errorhandler(Exception)
    def _unexpected_error(error: Exception):
        if flask.request.path.startswith(COMPONENT_SUITES_ROUTE) and isinstance(
            error, (DependencyException, FileNotFoundError)
        ):
            # Dash raises these for an unknown package or file name: a wrong URL, not a fault.
            return _error_response(404, HTTP_MESSAGES[404])
        # The details go to the server log only.
        logger.exception("Erreur inattendue sur %s %s", flask.request.method, flask.request.path)
        return _error_response(500, SERVER_ERROR_MESSAGE)
