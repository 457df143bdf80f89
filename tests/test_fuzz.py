"""Hostile payloads to every callback through ``/_dash-update-component``.

Callbacks are read from ``app.callback_map``, so a callback added later is fuzzed
without editing this file. Payloads come from a seeded RNG: a failure replays exactly.
"""

from __future__ import annotations

import copy
import json
import random
from collections import Counter

from dashboard.web.app_factory import create_app
from dashboard.web.guard import CALLBACK_ROUTE
from tests.conftest import ROOT
from tests.hostile import INJECTION_STRINGS

SEED = 20260601
PAYLOADS_PER_CALLBACK = 400
LEAKS = ("Traceback", "site-packages", "/work/", str(ROOT), 'File "', "/usr/lib/python", "KeyError", "TypeError")


def hostile_values(rng: random.Random, known_codes: list[str]) -> list:
    """Values no component would send: wrong types, huge or nested, unknown codes, injections."""
    deep: object = "fond"
    for _ in range(60):
        deep = [deep] if rng.random() < 0.5 else {"x": deep}
    return [
        None,
        True,
        False,
        0,
        -1,
        2**63,
        -(2**70),
        1e308,
        float("-1e-300"),
        "",
        " ",
        "NaN",
        rng.choice(INJECTION_STRINGS),
        [rng.choice(INJECTION_STRINGS)],
        list(INJECTION_STRINGS),
        [rng.choice(known_codes), rng.choice(INJECTION_STRINGS)],
        rng.sample(known_codes, k=min(3, len(known_codes))),
        known_codes * 50,
        [str(i) for i in range(5000)],
        list(range(10_000)),
        [None] * 300,
        [[code] for code in known_codes],
        {"value": known_codes},
        {"__proto__": {"polluted": True}},
        {"$where": "1"},
        deep,
        [{"a": [1, {"b": None}]}],
        rng.choice(known_codes).upper(),
        rng.choice(known_codes) + "\x00",
        "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(200)),
    ]


def valid_body(app, output: str) -> dict:
    callback = app.callback_map[output]
    outputs = callback["output"]
    return {
        "output": output,
        "outputs": [o.to_dict() for o in outputs] if isinstance(outputs, (list, tuple)) else outputs.to_dict(),
        "inputs": [{**spec, "value": None} for spec in callback["inputs"]],
        "state": [{**spec, "value": None} for spec in callback["state"]],
        "changedPropIds": [f"{spec['id']}.{spec['property']}" for spec in callback["inputs"][:1]],
    }


def structural_mutation(rng: random.Random, body: dict, junk: object) -> object:
    """A body whose shape is wrong in one of many ways."""
    mutated = copy.deepcopy(body)
    choice = rng.randrange(14)
    if choice == 0:
        return junk  # the whole body is a value, not an object
    if choice == 1:
        mutated.pop(rng.choice(list(mutated)))
    elif choice == 2:
        mutated["output"] = rng.choice([junk, "inconnu.children", mutated["output"] + "x", ""])
    elif choice == 3:
        mutated["inputs"] = junk
    elif choice == 4:
        mutated["inputs"] = mutated["inputs"] + mutated["inputs"]
    elif choice == 5 and mutated["inputs"]:
        mutated["inputs"][0] = {**mutated["inputs"][0], "id": junk}
    elif choice == 6 and mutated["inputs"]:
        mutated["inputs"][0] = {**mutated["inputs"][0], "property": rng.choice(["children", "", junk])}
    elif choice == 7:
        mutated["outputs"] = junk
    elif choice == 8 and isinstance(mutated["outputs"], list):
        mutated["outputs"] = mutated["outputs"][::-1] + [{"id": "x", "property": "y"}]
    elif choice == 9:
        mutated["state"] = [{"id": "inconnu", "property": "data", "value": junk}]
    elif choice == 10:
        mutated["changedPropIds"] = junk
    elif choice == 11 and mutated["inputs"]:
        mutated["inputs"][0] = [mutated["inputs"][0]]  # as if pattern-matching
    elif choice == 12:
        mutated["inputs"] = [junk] * len(mutated["inputs"])
    else:
        mutated[rng.choice(["extra", "__proto__", "output "])] = junk
    return mutated


def payloads(app, dataset, rng: random.Random):
    """(description, kwargs for client.post) — value fuzzing and structural fuzzing of
    every callback, then raw bodies that are not JSON at all."""
    for output in sorted(app.callback_map):
        body = valid_body(app, output)
        known = [code for option in known_codes(dataset) for code in option]
        for number in range(PAYLOADS_PER_CALLBACK):
            values = hostile_values(rng, known)
            if number % 2 == 0:
                mutated = copy.deepcopy(body)
                for item in mutated["inputs"] + mutated["state"]:
                    item["value"] = rng.choice(values)
                yield f"values {output} #{number}", {"json": mutated}
            else:
                yield f"shape {output} #{number}", {"json": structural_mutation(rng, body, rng.choice(values))}
    raw_bodies = [
        b"",
        b"{",
        b"null",
        b"[]",
        b'{"output": ',
        b"\xff\xfe\x00",
        b"[" * 100_000,
        b'"' * 1000,
        json.dumps({"output": "x" * 500_000}).encode(),
        b"x" * (2 * 1024 * 1024),
    ]
    for number, raw in enumerate(raw_bodies):
        for content_type in ("application/json", "text/plain", "application/x-www-form-urlencoded"):
            yield f"raw #{number} {content_type}", {"data": raw, "content_type": content_type}


def known_codes(dataset) -> list[list[str]]:
    """Valid values, mixed into the junk so that the paths past validation run too."""
    reference = dataset.reference
    return [
        list(reference.wave_codes),
        list(reference.region_codes),
        list(reference.departement_codes),
        list(dataset.sites["id"]),
        [dataset.version or "0" * 64],
    ]


def test_hostile_payloads_never_crash_nor_leak(small_dataset):
    fuzz_app = create_app(small_dataset)
    client = fuzz_app.server.test_client()
    statuses: Counter = Counter()
    failures = []
    for description, kwargs in payloads(fuzz_app, small_dataset, random.Random(SEED)):
        response = client.post(CALLBACK_ROUTE, **kwargs)
        statuses[response.status_code] += 1
        text = response.get_data(as_text=True)
        leaks = [leak for leak in LEAKS if leak in text]
        if response.status_code >= 500 or leaks:
            failures.append((description, response.status_code, leaks, text[:200]))
    total = sum(statuses.values())
    print(
        f"\nfuzz: {total} payloads, {len(fuzz_app.callback_map)} callbacks, statuses {dict(sorted(statuses.items()))}"
    )
    assert total >= 1000
    assert failures == []
    assert statuses[200] > 0 and statuses[400] > 0  # both paths were exercised
    # The app still answers normally afterwards.
    assert client.get("/").status_code == 200
