"""Writes the golden registry fixtures of one registry generation with the real Python library.

    bash scripts/interop/make-fixtures.sh      # both generations, with the venvs of install-services.sh

Each venv's mindtrace-registry writes the same objects under fixed keys into
src/main/engine/registries/fixtures/<generation>/ (zenml: mindtrace-registry 0.10; mindtrace: 0.16).
The engine's tests read them, and write the same payloads to check that its files, commit files and
hashes are the ones Python writes (generations.test.ts).
"""

import importlib.metadata
import io
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from PIL import Image

from mindtrace.registry import Registry
from mindtrace.registry.backends.local_registry_backend import LocalRegistryBackend


def sample_image():
    image = Image.new("RGB", (3, 2))
    image.putdata([(255, 0, 0), (0, 255, 0), (0, 0, 255), (10, 20, 30), (200, 100, 50), (255, 255, 255)])
    return image


def jpeg_image():
    buffer = io.BytesIO()
    sample_image().resize((8, 8)).save(buffer, format="JPEG", quality=90)
    buffer.seek(0)
    return Image.open(buffer)


OBJECTS = {
    "str": ("hello, registry", {"kind": "text"}),
    "int": (2**40, {}),
    "float": (0.1, {}),
    "bool": (True, {}),
    "dict": ({"a": 1, "big": 2**62, "f": 2.5, "list": [1, "x", None], "nested": {"ok": True}}, {"big": 2**40}),
    "list": ([1, 2.5, "x"], {}),
    "tuple": ((1, "a"), {}),
    "bytes": (bytes(range(16)), {}),
    "image": (sample_image(), {"when": datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)}),
    "jpeg": (jpeg_image(), {}),
    "array": (np.arange(6, dtype=np.int32).reshape(2, 3), {}),
}
# 0.12+ writes a container that JSON cannot hold as a cloudpickle `data.pkl`; the zenml era splits it into
# per-element folders that it then fails to load itself, so only the modern fixture has one.
if tuple(int(p) for p in importlib.metadata.version("mindtrace-registry").split(".")[:2]) >= (0, 12):
    OBJECTS["pickled"] = ({"raw": b"\x00\x01"}, {"note": "not JSON-able"})


def main(target: str) -> None:
    out = Path(target)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "registry"
        registry = Registry(backend=LocalRegistryBackend(uri=str(root)))
        for key, (value, metadata) in OBJECTS.items():
            registry.save(key, value, metadata=metadata)
        # Check that the library reads back all it wrote before committing it as a fixture.
        for key in OBJECTS:
            registry.load(key)
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(root, out, ignore=shutil.ignore_patterns("*.lock", ".*"))
    print(f"wrote {len(OBJECTS)} objects to {out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
