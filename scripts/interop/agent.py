"""The real Python library, driven by the live interop suite (src/main/engine/interop/).

Runs in one of the venvs that scripts/install-services.sh builds. Reads one JSON command per line on stdin
and answers one JSON line on stdout (anything else the library prints goes to stderr), so the slow import
of the library happens once per suite. Values cross as "described" JSON (see `describe`), which keeps the
Python type of every value: an int stays {"$int": "..."} and never becomes a float on the way.

Commands ({"op": ..., ...}):
  versions                          -> the installed mindtrace package versions
  write   mongo, db, registry       -> writes the standard set of datums, answers {name: id}
  read    mongo, db, ids            -> {name: {data, metadata, derived_from, registry_uri, hash}} for each id
  derived mongo, db, id             -> get_indirectly_derived_data(id)
  query   mongo, db, cases, method  -> [{rows} | {error}] for each case, by query_data_legacy or query_data
"""

import asyncio
import base64
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import sys
import traceback
from pathlib import Path

# Keep stdout for answers only: the library logs to stdout.
_answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr

import numpy as np  # noqa: E402
import yaml  # noqa: E402
from bson import ObjectId  # noqa: E402
from PIL import Image  # noqa: E402

from mindtrace.core import compute_dir_hash  # noqa: E402
from mindtrace.datalake import Datalake  # noqa: E402

BIG = 2**40
HUGE = 2**62


def describe(value):
    """A JSON form that keeps Python's types."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {"$int": str(value)}
    if isinstance(value, float):
        return {"$float": repr(value)}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, ObjectId):
        return {"$oid": str(value)}
    if isinstance(value, Image.Image):
        pixels = value.convert("RGB").tobytes()
        return {
            "$image": {
                "format": value.format,
                "size": list(value.size),
                "mode": value.mode,
                "rgb_sha256": hashlib.sha256(pixels).hexdigest(),
            }
        }
    if isinstance(value, np.ndarray):
        return {"$ndarray": {"dtype": value.dtype.str, "shape": list(value.shape), "values": value.tolist()}}
    if isinstance(value, (list, tuple)):
        return [describe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): describe(v) for k, v in value.items()}
    return {"$repr": f"{type(value).__module__}.{type(value).__name__}"}


def sample_image():
    """A 3x2 RGB image with distinct pixels (the engine checks its decoded pixels)."""
    image = Image.new("RGB", (3, 2))
    image.putdata([(255, 0, 0), (0, 255, 0), (0, 0, 255), (10, 20, 30), (200, 100, 50), (255, 255, 255)])
    return image


_lakes = {}


async def lake(mongo, db):
    # The library's ODM binds the Datum class to one database per process: a second one breaks the first.
    if _lakes and (mongo, db) not in _lakes:
        raise ValueError(f"this agent already uses database {next(iter(_lakes))[1]!r}; one database per process")
    if (mongo, db) not in _lakes:
        _lakes[(mongo, db)] = await Datalake.create(mongo, db)
    return _lakes[(mongo, db)]


async def op_write(cmd):
    dl = await lake(cmd["mongo"], cmd["db"])
    reg = cmd["registry"]
    project = cmd.get("project", "interop")
    ids = {}

    async def add(name, data, metadata, **kw):
        datum = await dl.add_datum(data, {"project": project, "name": name, **metadata}, **kw)
        ids[name] = str(datum.id)
        return datum

    await add(
        "inline",
        {
            "small": 7,
            "big": BIG,
            "huge": HUGE,
            "negative": -BIG,
            "fraction": 2.5,
            "whole_float": 3.0,
            "when": dt.datetime(2024, 1, 2, 3, 4, 5, 678000),
            "nested": {"list": [1, BIG, "x", None, True]},
        },
        {"ts_ms": 1_700_000_000_123, "quality": 0.75},
    )
    image = await add("chain_image", {"type": "image", "filename": "a.png"}, {})
    label = await add("chain_label", {"type": "classification", "label": "cat"}, {}, derived_from=image.id)
    await add("chain_bbox", {"type": "bbox", "x": 1, "y": 2, "w": 3, "h": 4}, {}, derived_from=label.id)
    await add("reg_str", "hello from Python", {}, registry_uri=reg)
    await add("reg_bytes", bytes(range(256)), {}, registry_uri=reg)
    await add("reg_dict", {"a": 1, "big": BIG, "huge": HUGE, "f": 0.1, "list": [1, 2.5, "x"]}, {"big": BIG}, registry_uri=reg)
    await add("reg_image", sample_image(), {}, registry_uri=reg)
    await add("reg_array", np.arange(6, dtype=np.int32).reshape(2, 3), {}, registry_uri=reg)
    return ids


def commit_hash_check(registry_uri, key):
    """Recomputes the object's hash with this library's own function and compares it with its commit file."""
    root = Path(registry_uri.removeprefix("file://"))
    meta = yaml.safe_load((root / f"_meta_{key}@1.0.0.yaml").read_text())
    actual = compute_dir_hash(str(root / key / "1.0.0"))
    return {"ok": actual == meta.get("hash"), "class": meta.get("class"), "materializer": meta.get("materializer")}


async def op_read(cmd):
    dl = await lake(cmd["mongo"], cmd["db"])
    out = {}
    for name, datum_id in cmd["ids"].items():
        try:
            datum = await dl.get_datum(ObjectId(datum_id))
            entry = {
                "data": describe(datum.data),
                "metadata": describe(datum.metadata),
                "derived_from": str(datum.derived_from) if datum.derived_from else None,
                "registry_uri": datum.registry_uri,
            }
            if datum.registry_uri:
                entry["hash"] = commit_hash_check(datum.registry_uri, datum.registry_key)
            out[name] = entry
        except Exception as err:  # noqa: BLE001 - reported to the test, which fails on it
            out[name] = {"error": f"{type(err).__name__}: {err}"}
    return out


async def op_derived(cmd):
    dl = await lake(cmd["mongo"], cmd["db"])
    return [str(i) for i in await dl.get_indirectly_derived_data(ObjectId(cmd["id"]))]


def plain_rows(result):
    if isinstance(result, dict):
        return {k: [str(v) for v in vs] for k, vs in result.items()}
    return [{k: str(v) for k, v in row.items()} for row in result]


async def op_query(cmd):
    dl = await lake(cmd["mongo"], cmd["db"])
    run = dl.query_data_legacy if cmd.get("method", "legacy") == "legacy" else dl.query_data
    answers = []
    for case in cmd["cases"]:
        try:
            result = await run(case["query"], datums_wanted=case.get("datums_wanted"), transpose=case.get("transpose", False))
            answers.append({"rows": plain_rows(result)})
        except Exception as err:  # noqa: BLE001
            answers.append({"error": f"{type(err).__name__}: {err}"})
    return answers


def op_versions(_cmd):
    names = ["mindtrace-datalake", "mindtrace-registry", "mindtrace-core", "pymongo", "pillow", "numpy"]
    return {n: importlib.metadata.version(n) for n in names}


async def handle(cmd):
    op = cmd["op"]
    if op == "versions":
        return op_versions(cmd)
    handler = {"write": op_write, "read": op_read, "derived": op_derived, "query": op_query}.get(op)
    if handler is None:
        raise ValueError(f"unknown op {op!r}")
    return await handler(cmd)


def main():
    loop = asyncio.new_event_loop()
    _answers.write(json.dumps({"ready": True}) + "\n")
    _answers.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = {"ok": True, "result": loop.run_until_complete(handle(json.loads(line)))}
        except Exception as err:  # noqa: BLE001
            traceback.print_exc()
            answer = {"ok": False, "error": f"{type(err).__name__}: {err}"}
        _answers.write(json.dumps(answer) + "\n")
        _answers.flush()


if __name__ == "__main__":
    main()
