"""How a new version of the data file is published, and how a half-written one is told apart.

Supported (``docs/reliability.md``, README "Reloading the data"):

1. **Atomic replacement**: write the complete file next to the data file (same folder, so
   same file system), then rename it over the data file (``mv``, ``os.replace``,
   ``scripts/publish_data.py``). Readers see the old file or the new one, never a mix.
2. **Manifest**: for tools that can only write in place (an SFTP or SMB upload, object
   storage): write the data file, *then* its manifest ``<data file>.sha256`` holding the
   SHA-256 of the new bytes (``sha256sum fabriques.csv > fabriques.csv.sha256``). When a
   manifest exists, a file whose bytes do not match it is never loaded: it is still
   being written, or its manifest is not yet written.

A file modified *in place* (same inode) with no manifest is never loaded: nothing tells
its last byte from a pause of the writer. The workers keep the data in service and say
why in the banner and in ``/_data-status``.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from dashboard.data.errors import FileChangedWhileReading, Problem

MANIFEST_SUFFIX = ".sha256"
_SHA256 = re.compile(r"\b([0-9a-fA-F]{64})\b")

WRITTEN_IN_PLACE = (
    "le fichier a été modifié sur place : il n'est pas chargé, car rien ne distingue un fichier "
    "complet d'un fichier en cours d'écriture. Publiez-le par renommage (copie complète à côté puis "
    "« mv », ou scripts/publish_data.py), ou écrivez ensuite son manifeste "
    "(sha256sum {name} > {name}.sha256)"
)
NOT_MATCHING_MANIFEST = (
    "le fichier ne correspond pas à son manifeste {name}.sha256 (écriture en cours, ou manifeste à mettre à jour)"
)


class NotYetPublished(FileChangedWhileReading):
    """The bytes read are not those the manifest announces: not an error, not yet."""


def manifest_path(path: Path | str) -> Path:
    path = Path(path)
    return path.with_name(path.name + MANIFEST_SUFFIX)


def expected_sha256(path: Path | str) -> str | None:
    """The SHA-256 announced by the data file's manifest, or None without a (readable) manifest.

    ``sha256sum``'s format (``<hex>  <name>``) or the hexadecimal digest alone."""
    try:
        text = manifest_path(path).read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return None
    found = _SHA256.search(text)
    return found.group(1).lower() if found else ""


def check_against_manifest(path: Path | str, version: str, expected: str | None) -> None:
    """Raise NotYetPublished unless the bytes' SHA-256 ``version`` is the one announced."""
    if expected is not None and version != expected:
        raise NotYetPublished(path, [Problem(NOT_MATCHING_MANIFEST.format(name=Path(path).name))])


def written_in_place_problem(path: Path | str) -> Problem:
    return Problem(WRITTEN_IN_PLACE.format(name=Path(path).name))


def publish_bytes(target: Path | str, data: bytes, with_manifest: bool = False) -> None:
    """Publish ``data`` at ``target`` the supported way: a complete copy written next to it
    (same folder, flushed to disk), then renamed over it; the manifest, if asked for (or if
    one exists already), is written the same way afterwards."""
    target = Path(target)
    _replace_atomically(target, data)
    if with_manifest or manifest_path(target).exists():
        digest = hashlib.sha256(data).hexdigest()
        _replace_atomically(manifest_path(target), f"{digest}  {target.name}\n".encode())


def _replace_atomically(target: Path, data: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
