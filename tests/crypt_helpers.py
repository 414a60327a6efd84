"""Key material for tests of encrypted journals, made once per test session.

Wrapping a key with a passphrase costs ~1 s of scrypt (by design), so ONE wrapped key is made
per session and copied beside each journal that needs it. Use RECOVERY (the recovery key,
no scrypt) wherever a test only needs "a secret"; only a few pseudo-terminal tests type
PASSPHRASE. `unlocked(journal)` writes the unlock cache directly, as `journal unlock` would
(the conftest points XDG_RUNTIME_DIR at a private temp folder).
"""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from journalcli import keys

PASSPHRASE = "correct horse"


class KeyMaterial(NamedTuple):
    identity: str  # the recovery key
    recipient: str
    wrapped: bytes  # J.key's content: the identity wrapped with PASSPHRASE


@functools.cache
def key_material() -> KeyMaterial:
    """The session's one key pair and its wrapped identity (the only scrypt it costs)."""
    import pyrage

    identity, recipient = keys.new_identity()
    wrapped = bytes(pyrage.passphrase.encrypt(identity.encode("ascii"), PASSPHRASE))
    return KeyMaterial(identity, recipient, wrapped)


def install_key(journal: Path) -> KeyMaterial:
    """J.key, J.pub and the pin for `journal`, as `keys.install` writes them with PASSPHRASE
    (the journal itself is left as it is)."""
    material = key_material()
    journal.parent.mkdir(parents=True, exist_ok=True)
    keys.key_path(journal).write_bytes(material.wrapped)
    keys.pub_path(journal).write_text(f"{material.recipient}\n")
    pin = keys.pin_path(journal)
    pin.parent.mkdir(parents=True, exist_ok=True)
    pin.write_text(f"{material.recipient}\n")
    for path in (keys.key_path(journal), keys.pub_path(journal), pin):
        path.chmod(0o600)
    return material


def recovery_key() -> str:
    return key_material().identity


def unlocked(journal: Path, minutes: float = 15) -> datetime:
    """Unlock `journal` with the session's key without typing anything; returns the expiry."""
    return keys.unlock(journal, key_material().identity, minutes)
