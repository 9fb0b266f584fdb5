"""The SHA-256 of a file, read in blocks: the one checksum the package's writers, the export's
ZIP and the self-check compute."""
import hashlib
from pathlib import Path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
