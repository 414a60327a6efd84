"""Sealing bytes in the standard age format (https://age-encryption.org/v1), to X25519 keys.

A sealed file is an age file: anyone with its identity (the recovery key) opens it with the
`age` tool, no journal needed. pyrage is imported only when something is sealed or opened, so
a plain journal never loads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from journalcli.errors import StorageError

MAGIC = b"age-encryption.org/v1\n"


def is_sealed(head: bytes | memoryview) -> bool:
    """Whether bytes (the start of a file is enough) are an age file."""
    return bytes(head[: len(MAGIC)]) == MAGIC


def seal(data: bytes, recipients: str | Sequence[str]) -> bytes:
    """`data` encrypted to one recipient ("age1...") or several (any of them opens it).
    Streamed through pyrage, which holds half the memory its one-shot call would."""
    import io

    import pyrage

    if isinstance(recipients, str):
        recipients = [recipients]
    out = io.BytesIO()
    try:
        keys = [pyrage.x25519.Recipient.from_str(text) for text in recipients]
        pyrage.encrypt_io(io.BytesIO(data), out, keys)
    except (pyrage.RecipientError, pyrage.EncryptError, ValueError) as exc:
        raise StorageError(f"cannot encrypt ({exc})", reason="cannot encrypt") from None
    return out.getvalue()


def unseal(data: bytes, identity: str) -> bytes:
    """The plaintext of an age file, opened with `identity` ("AGE-SECRET-KEY-1...")."""
    import io

    return unseal_file(io.BytesIO(data), identity)


def unseal_file(source: BinaryIO, identity: str) -> bytes:
    """The plaintext of the age file open as `source` (read to its end, never held whole)."""
    import io

    import pyrage

    try:
        key = pyrage.x25519.Identity.from_str(identity.strip())
    except (pyrage.IdentityError, ValueError) as exc:
        raise StorageError(f"not a usable key ({exc})", reason="not a usable key") from None
    out = io.BytesIO()
    try:
        pyrage.decrypt_io(source, out, [key])
    except (pyrage.DecryptError, ValueError, OSError) as exc:  # OSError: cut short
        why = "not encrypted to this journal's key, or damaged"
        raise StorageError(f"cannot be decrypted: {why} ({exc})", reason=why) from None
    return out.getvalue()
