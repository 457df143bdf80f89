"""The DSFR extract (assets/1-vendor/dsfr/) holds what the site's stylesheet needs."""

import re

from tests.conftest import ROOT

DSFR = ROOT / "assets" / "1-vendor" / "dsfr"
APP_CSS = ROOT / "assets" / "2-site" / "app.css"


def defined(css: str) -> set[str]:
    return set(re.findall(r"(--[\w-]+)\s*:", css))


def test_every_token_the_site_uses_is_defined():
    """A token missing from dsfr-lean.css would silently fall back to nothing: rebuild with
    scripts/build_assets.sh after using a new one in app.css."""
    app = APP_CSS.read_text(encoding="utf-8")
    lean = (DSFR / "dsfr-lean.css").read_text(encoding="utf-8")
    used = set(re.findall(r"var\(\s*(--[\w-]+)", app + lean))
    bootstrap = (ROOT / "assets" / "1-vendor" / "bootstrap.min.css").read_text(encoding="utf-8")
    missing = used - defined(app) - defined(lean) - defined(bootstrap)
    assert missing == set()


def test_fonts_and_licences_are_shipped():
    lean = (DSFR / "dsfr-lean.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\((fonts/[\w-]+\.woff2)\)", lean)
    assert fonts == ["fonts/Marianne-Regular.woff2", "fonts/Marianne-Bold.woff2"]
    for font in fonts:
        assert (DSFR / font).read_bytes()[:4] == b"wOF2"
    assert "Etalab" in (DSFR / "LICENSE.md").read_text(encoding="utf-8")
    assert "not** under the DSFR's Etalab 2.0 licence" in (DSFR / "fonts" / "README.md").read_text(encoding="utf-8")
    assert ".fr-logo" in lean and "#0a76f6" in lean  # bloc marque, focus ring
