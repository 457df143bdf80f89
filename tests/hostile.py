"""Hostile texts shared by the fuzz test and the browser tests (XSS), and a check that
a page shows them as text. Reuse ``assert_shown_as_text`` for any view that displays
text from the data (the sites table, drill-downs)."""

from __future__ import annotations

# Each payload, if it were rendered as HTML or followed as a link, would set
# ``window.__xss``; the browser tests check it stays undefined.
HOSTILE_TEXTS = (
    "<script>window.__xss = 'script'</script>",
    "<img src=x onerror=\"window.__xss = 'img'\">",
    "javascript:window.__xss = 'link'",
    "<svg onload=\"window.__xss = 'svg'\"></svg>",
    '"><iframe src="javascript:window.__xss = \'iframe\'"></iframe>',
)

# Elements these payloads would create if they were parsed as HTML.
INJECTED_TAGS = ("script", "img", "svg", "iframe")

INJECTION_STRINGS = HOSTILE_TEXTS + (
    "' OR '1'='1' --",
    "1; DROP TABLE fabriques",
    "{{7*7}}",
    "${jndi:ldap://127.0.0.1/x}",
    "__proto__",
    "../../../../etc/passwd",
    "%00",
    "\x00",
    "\u202e",
    '=HYPERLINK("http://127.0.0.1")',
    "A" * 100_000,
)


def assert_shown_as_text(dash_duo, container: str, texts: tuple[str, ...] | list[str]) -> None:
    """Each of ``texts`` appears literally in ``container``'s text, no element was
    created from it (no ``INJECTED_TAGS`` element carrying a payload), and no payload
    ran."""
    content = dash_duo.driver.execute_script("return document.querySelector(arguments[0]).textContent;", container)
    for text in texts:
        assert text in content, f"{text!r} is not shown as text in {container}"
    injected = dash_duo.driver.execute_script(
        "const root = document.querySelector(arguments[0]);"
        "return arguments[1].flatMap(tag => [...root.querySelectorAll(tag)])"
        "  .map(el => el.outerHTML).filter(html => html.includes('__xss'));",
        container,
        list(INJECTED_TAGS),
    )
    assert injected == []
    assert dash_duo.driver.execute_script("return window.__xss === undefined;")
