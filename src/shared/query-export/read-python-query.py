"""Reads an exported Python script with Python's own parser and prints its QUERY, DATUMS_WANTED and
TRANSPOSE as Extended JSON, so a test can compare them with the query that was exported.

Only the literal forms the exporter writes are accepted; anything else is an error.
Usage: python3 read-python-query.py SCRIPT.py
"""
import ast
import base64
import datetime
import json
import sys


def number(v):
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**53:
        return {"$numberLong": str(v)}  # beyond what a JSON reader keeps exactly
    return v


def value(node):
    if isinstance(node, ast.Constant):
        return number(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        return number(-node.operand.value)
    if isinstance(node, ast.List):
        return [value(e) for e in node.elts]
    if isinstance(node, ast.Dict):
        return {value(k): value(v) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        args = [value(a) for a in node.args]
        if name == "ObjectId":
            return {"$oid": args[0]}
        if name == "datetime":
            tz = {k.arg: k.value for k in node.keywords}
            assert "tzinfo" in tz, "dates must be timezone-aware"
            d = datetime.datetime(*args, tzinfo=datetime.timezone.utc)
            return {"$date": d.isoformat(timespec="milliseconds").replace("+00:00", "Z")}
        if name == "Decimal128":
            return {"$numberDecimal": args[0]}
        if name == "Regex":
            return {"$regularExpression": {"pattern": args[0], "options": args[1]}}
        if name == "Binary":
            inner = node.args[0]
            assert isinstance(inner, ast.Call), "Binary takes base64.b64decode(...)"
            raw = base64.b64decode(value(inner.args[0]))
            return {"$binary": {"base64": base64.b64encode(raw).decode(), "subType": format(args[1], "02x")}}
        if name == "float":
            return {"$numberDouble": {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[args[0]]}
    raise ValueError(f"unexpected syntax: {ast.dump(node)}")


tree = ast.parse(open(sys.argv[1], encoding="utf-8").read(), filename=sys.argv[1])
found = {}
for stmt in tree.body:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        if stmt.targets[0].id in ("QUERY", "DATUMS_WANTED", "TRANSPOSE"):
            found[stmt.targets[0].id] = value(stmt.value)
print(json.dumps({"query": found["QUERY"], "datumsWanted": found["DATUMS_WANTED"], "transpose": found["TRANSPOSE"]}))
