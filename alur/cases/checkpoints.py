"""Signed checkpoints of the case record, kept outside the database.

A checkpoint is one file under ``checkpoints/`` in the default storage (the folder or the S3
bucket): the head of every case's chain (case, number, seq, hash) at one moment, signed with
Ed25519. Files are only ever added, never written over. ``alur audit verify`` compares every
chain with the newest checkpoint (``audit.verify_all(pins=...)``): a chain now shorter than its
pinned head, or whose event at the pinned seq has another hash, was rewritten after the
checkpoint, even by someone holding the HMAC key.

    alur worker ── deadlines scan ──▶ checkpoint_due_write ──▶ checkpoints/<UTC moment>.json
    alur audit verify ◀── checkpoint_newest (signature checked with the public key)

The signing key is a PEM file outside the database (``ALUR_CHECKPOINT_SIGNING_KEY_FILE``,
generated once when missing); an auditor verifies with the public key alone
(``ALUR_CHECKPOINT_PUBLIC_KEY_FILE``). Every machine of one installation holds the same key
file: each checkpoint names its key's fingerprint, so one signed with another machine's key is
named as such rather than as forged.

The worker signs new heads only when the record still extends the newest checkpoint (every
pinned event is there with its pinned hash, and the chain holds from it), so a chain rewritten
with the HMAC key is never pinned afresh: comparing with the newest checkpoint is comparing
with all of them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Max

from alur.cases.audit import BrokenLink, verify_case
from alur.cases.models import Case

logger = logging.getLogger(__name__)

FOLDER = "checkpoints"
FORMAT = 1
EVERY = dt.timedelta(minutes=15)
"""How often the worker writes a checkpoint when the record has changed."""


@dataclass(frozen=True)
class Pin:
    """One chain's head as a checkpoint holds it."""

    case_id: int
    case_number: str
    seq: int
    hash: str


@dataclass(frozen=True)
class Checkpoint:
    name: str
    written_at: dt.datetime
    pins: dict[int, Pin]


class CheckpointForged(Exception):
    """A checkpoint file whose signature does not hold, or that cannot be read. ``key`` is the
    fingerprint the file names (empty when it names none), ``expected`` the one verified with."""

    def __init__(self, name: str, *, key: str = "", expected: str = "") -> None:
        super().__init__(name)
        self.name = name
        self.key = key
        self.expected = expected

    @property
    def another_key(self) -> bool:
        """Signed, by its own word, with another key than the one verified with."""
        return bool(self.key) and self.key != self.expected


def signing_key() -> Ed25519PrivateKey:
    """The private key from its file, generated there once when the file is missing (by one
    process only: the file appears whole, or another process's stays)."""
    path = Path(settings.CHECKPOINT_SIGNING_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        generated = Ed25519PrivateKey.generate()
        pem = generated.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        handle, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            os.write(handle, pem)
            os.fchmod(handle, 0o600)
            os.close(handle)
            os.link(draft, path)
        except FileExistsError:
            pass  # another process wrote it first: its key is the one
        finally:
            Path(draft).unlink()
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise TypeError(f"{path} does not hold an Ed25519 private key")
    return key


def public_key() -> Ed25519PublicKey:
    """The key checkpoints are verified with: its own file when set, else the signing key's."""
    configured = settings.CHECKPOINT_PUBLIC_KEY_FILE
    if not configured:
        return signing_key().public_key()
    key = serialization.load_pem_public_key(Path(configured).read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        raise TypeError(f"{configured} does not hold an Ed25519 public key")
    return key


def fingerprint(key: Ed25519PublicKey) -> str:
    """A short name of a public key: the first 16 hex digits of its raw bytes' SHA-256."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_pem() -> str:
    """The public key as PEM, to hand to an auditor."""
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def heads() -> list[Pin]:
    """Every case's chain head now, in case order."""
    rows = (
        Case.objects.exclude(last_event_hash="")
        .annotate(head=Max("events__seq"))
        .order_by("pk")
        .values_list("pk", "number", "head", "last_event_hash")
    )
    return [Pin(pk, number, head, last) for pk, number, head, last in rows if head is not None]


def checkpoint_write(*, now: dt.datetime) -> str:
    """Write a signed checkpoint of every chain's head; the stored file's name."""
    key = signing_key()
    body: dict[str, Any] = {
        "format": FORMAT,
        "written_at": now.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "key": fingerprint(key.public_key()),
        "heads": [[pin.case_id, pin.case_number, pin.seq, pin.hash] for pin in heads()],
    }
    signature = key.sign(_canonical(body))
    document = {"body": body, "signature": base64.b64encode(signature).decode("ascii")}
    name = f"{FOLDER}/{now.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}.json"
    # The storage never writes over a name in use (the folder and the bucket alike): a second
    # checkpoint in the same microsecond gets a name of its own.
    return default_storage.save(name, ContentFile(json.dumps(document, indent=1).encode()))


def checkpoint_due_write(*, now: dt.datetime) -> str | None:
    """Write a checkpoint when the newest is older than ``EVERY`` and pins other heads than
    the record has now; the new file's name, if one was written.

    Nothing is written, and the reason is logged as an error, when the newest checkpoint cannot
    be verified here or the record no longer extends it: signing the heads then would pin a
    rewritten record, or fork the checkpoints between two keys."""
    names = _names()
    current = heads()
    if not names:
        return checkpoint_write(now=now) if current else None
    try:
        newest = _read(names[-1])
    except CheckpointForged as forged:
        logger.error(
            "checkpoint not written: the newest, %s, does not verify with this machine's key "
            "(%s; it names key %s). Every machine needs the same "
            "ALUR_CHECKPOINT_SIGNING_KEY_FILE; after a deliberate key change, write one with "
            "alur audit checkpoint.",
            forged.name,
            forged.expected,
            forged.key or "none",
        )
        return None
    if list(newest.pins.values()) == current or now - newest.written_at < EVERY:
        return None
    broken = rewritten_since(newest, current)
    if broken:
        logger.error(
            "checkpoint not written: the record no longer extends %s (%s); run alur audit verify",
            newest.name,
            ", ".join(f"{link.case_number} #{link.seq} {link.reason}" for link in broken),
        )
        return None
    return checkpoint_write(now=now)


def rewritten_since(checkpoint: Checkpoint, current: list[Pin] | None = None) -> list[BrokenLink]:
    """The cases whose record no longer extends ``checkpoint``: a pinned case gone, or a chain
    that does not reach its pinned event with the pinned hash and hold from there. Only the
    chains whose head moved are read."""
    now = {pin.case_id: pin for pin in (heads() if current is None else current)}
    broken: list[BrokenLink] = []
    moved: list[int] = []
    for case_id, pin in checkpoint.pins.items():
        head = now.get(case_id)
        if head is None:
            broken.append(BrokenLink(case_id, pin.case_number, pin.seq, "gone"))
        elif (head.seq, head.hash) != (pin.seq, pin.hash):
            moved.append(case_id)
    for case in Case.objects.filter(pk__in=moved).order_by("pk"):
        link = verify_case(case, pin=checkpoint.pins[case.pk], since_pin=True)
        if link is not None:
            broken.append(link)
    return sorted(broken, key=lambda link: link.case_id)


def checkpoint_newest() -> Checkpoint | None:
    """The newest checkpoint, its signature checked; None when there is none yet. Raises
    ``CheckpointForged`` naming the file when its signature does not hold."""
    names = _names()
    return _read(names[-1]) if names else None


def _names() -> list[str]:
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    return sorted(f"{FOLDER}/{name}" for name in files if name.endswith(".json"))


def _read(name: str) -> Checkpoint:
    verifying = public_key()
    expected = fingerprint(verifying)
    claimed = ""
    try:
        with default_storage.open(name, "rb") as stored:
            document = json.loads(stored.read())
        body = document["body"]
        claimed = str(body.get("key", ""))
        verifying.verify(base64.b64decode(document["signature"]), _canonical(body))
        pins = {
            case_id: Pin(case_id, number, seq, head) for case_id, number, seq, head in body["heads"]
        }
        written_at = dt.datetime.fromisoformat(body["written_at"])
    except (InvalidSignature, ValueError, KeyError, TypeError, AttributeError) as error:
        raise CheckpointForged(name, key=claimed, expected=expected) from error
    return Checkpoint(name, written_at, pins)


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
