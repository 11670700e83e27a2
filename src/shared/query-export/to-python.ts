/**
 * The query as a complete Python script for `mindtrace-datalake` (0.6–0.10): connect to the same MongoDB
 * datalake (the password from an environment variable, never written out), run the query with `datetime`
 * and `ObjectId` values, and print the rows as JSON or save them to a file.
 */
import { isEjsonWrapper } from '../query/operators';
import { type ExportableQuery, type ExportTarget, PASSWORD_ENV, PASSWORD_PLACEHOLDER } from './types';

export type PythonCall = 'aggregation' | 'loop';

export interface PythonOptions {
  /** `query_data` (one aggregation, the default) or `query_data_legacy` (one query per row, 0.10). */
  call?: PythonCall;
  /** Where `main()` writes the rows (JSON); printed when absent. */
  outputPath?: string;
  /** When the script was exported (for its header). */
  exportedAt?: Date;
}

const INDENT = '    ';

/** A Python literal for a JSON/Extended JSON value. */
export function pythonLiteral(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'float("nan")';
    if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : 'float("-inf")';
    return String(value); // JavaScript's number text (1e+21, 0.1, -5) is also a Python literal
  }
  if (typeof value === 'string') return JSON.stringify(value); // JSON string escapes are valid Python
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => pythonLiteral(v, depth + 1));
    const flat = `[${items.join(', ')}]`;
    if (flat.length <= 80 && !flat.includes('\n')) return flat;
    const pad = INDENT.repeat(depth + 1);
    return `[\n${items.map((i) => `${pad}${i},`).join('\n')}\n${INDENT.repeat(depth)}]`;
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (isEjsonWrapper(obj)) return ejsonToPython(obj);
    const entries = Object.entries(obj).map(
      ([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v, depth + 1)}`,
    );
    if (entries.length === 0) return '{}';
    const flat = `{${entries.join(', ')}}`;
    if (flat.length <= 80 && !flat.includes('\n')) return flat;
    const pad = INDENT.repeat(depth + 1);
    return `{\n${entries.map((e) => `${pad}${e},`).join('\n')}\n${INDENT.repeat(depth)}}`;
  }
  throw new Error(`Cannot write ${typeof value} as Python`);
}

function ejsonToPython(obj: Record<string, unknown>): string {
  const [key] = Object.keys(obj);
  const v = obj[key];
  switch (key) {
    case '$oid':
      return `ObjectId(${JSON.stringify(v)})`;
    case '$date': {
      const ms =
        typeof v === 'string'
          ? Date.parse(v)
          : typeof v === 'number'
            ? v
            : Number((v as { $numberLong?: string }).$numberLong);
      if (!Number.isFinite(ms)) throw new Error(`Invalid Extended JSON date ${JSON.stringify(obj)}`);
      const d = new Date(ms);
      const parts = [
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCMilliseconds() * 1000,
      ];
      return `datetime(${parts.join(', ')}, tzinfo=timezone.utc)`;
    }
    case '$numberInt':
    case '$numberLong':
      if (!/^-?\d+$/.test(String(v))) throw new Error(`Invalid Extended JSON integer ${JSON.stringify(obj)}`);
      return String(v);
    case '$numberDouble':
      return v === 'NaN'
        ? 'float("nan")'
        : v === 'Infinity'
          ? 'float("inf")'
          : v === '-Infinity'
            ? 'float("-inf")'
            : String(v);
    case '$numberDecimal':
      return `Decimal128(${JSON.stringify(v)})`;
    case '$regularExpression': {
      const { pattern, options } = v as { pattern: string; options: string };
      return `Regex(${JSON.stringify(pattern)}, ${JSON.stringify(options ?? '')})`;
    }
    case '$binary': {
      const { base64, subType } = v as { base64: string; subType: string };
      return `Binary(base64.b64decode(${JSON.stringify(base64)}), ${Number.parseInt(subType, 16)})`;
    }
    default:
      throw new Error(`Cannot write the Extended JSON value ${JSON.stringify(obj)} as Python`);
  }
}

/** The Python names a literal uses, so the script imports exactly those. */
function usedNames(text: string): {
  datetime: boolean;
  objectId: boolean;
  decimal: boolean;
  regex: boolean;
  binary: boolean;
} {
  return {
    datetime: text.includes('datetime('),
    objectId: text.includes('ObjectId('),
    decimal: text.includes('Decimal128('),
    regex: text.includes('Regex('),
    binary: text.includes('Binary('),
  };
}

/** The URI as Python code: the password, if any, is read from the environment and URL-quoted. */
function uriExpression(target: ExportTarget): { code: string; needsPassword: boolean } {
  const uri = target.uriRedacted ?? 'mongodb://localhost:27017';
  const at = uri.indexOf(`:${PASSWORD_PLACEHOLDER}@`);
  if (at < 0) return { code: JSON.stringify(uri), needsPassword: false };
  const before = uri.slice(0, at + 1);
  const after = uri.slice(at + 1 + PASSWORD_PLACEHOLDER.length);
  return {
    code: `${JSON.stringify(before)} + quote_plus(os.environ[${JSON.stringify(PASSWORD_ENV)}]) + ${JSON.stringify(after)}`,
    needsPassword: true,
  };
}

export function queryToPython(q: ExportableQuery, target: ExportTarget, options: PythonOptions = {}): string {
  const call = options.call ?? 'aggregation';
  const queryText = pythonLiteral(q.query);
  const names = usedNames(queryText);
  const embedded = target.kind === 'embedded';
  const uri = embedded
    ? { code: '"mongodb://localhost:27017"', needsPassword: false }
    : uriExpression(target);
  const dbName = JSON.stringify(target.dbName ?? 'datalake');
  const wanted = q.datumsWanted ?? null;
  const lines: string[] = [];
  lines.push('#!/usr/bin/env python3');
  lines.push(
    `"""A query exported from Datalake Browser${options.exportedAt ? ` on ${options.exportedAt.toISOString()}` : ''}.`,
  );
  lines.push('');
  lines.push(`Connection: ${target.name}.`);
  lines.push(
    'Requires mindtrace-datalake 0.6 to 0.10 (pip install "mindtrace-datalake==0.10.0"), Python 3.12+.',
  );
  if (uri.needsPassword) lines.push(`Set ${PASSWORD_ENV} to the connection's password before running it.`);
  lines.push('');
  lines.push(
    "This app's semantics differ from the library's aggregation query_data (0.6-0.10) in these ways:",
  );
  lines.push('rows here carry no _id; here a derived stage resolves against the id in the same row (the');
  lines.push(
    'aggregation can pair a label with a bbox of a sibling label); derived filters here have full MongoDB',
  );
  lines.push(
    'semantics (arrays, null, $exists, $regex, $nin, sub-documents), which the aggregation mis-handles; and',
  );
  lines.push(
    'timestamps here are true UTC instants. query_data_legacy (0.10) follows the same per-row semantics as',
  );
  lines.push('this app, but without datums_wanted its base rows come in store order.');
  lines.push('"""');
  lines.push('import asyncio');
  lines.push('import json');
  if (uri.needsPassword) lines.push('import os');
  if (names.binary) lines.push('import base64');
  if (names.datetime) lines.push('from datetime import datetime, timezone');
  if (uri.needsPassword) lines.push('from urllib.parse import quote_plus');
  lines.push('');
  const bsonNames = [
    names.binary && 'Binary',
    names.decimal && 'Decimal128',
    names.objectId && 'ObjectId',
    names.regex && 'Regex',
  ].filter(Boolean);
  if (bsonNames.length > 0) lines.push(`from bson import ${bsonNames.join(', ')}`);
  lines.push('from mindtrace.datalake import Datalake');
  lines.push('');
  if (embedded) {
    lines.push(
      `# "${target.name}" is this app's embedded datalake (a local folder), which Python cannot open:`,
    );
    lines.push('# point these at a MongoDB datalake that holds the same datums.');
  }
  if (target.timestamps === 'local-as-utc') {
    lines.push(
      "# This connection reads added_at as naive local time written as UTC (the Python writers' convention),",
    );
    lines.push('# so dates on added_at below are in that same convention.');
  }
  lines.push(`MONGO_URI = ${uri.code}`);
  lines.push(`MONGO_DB = ${dbName}`);
  lines.push('');
  lines.push(`QUERY = ${queryText}`);
  lines.push(`DATUMS_WANTED = ${wanted === null ? 'None' : String(wanted)}`);
  lines.push(`TRANSPOSE = ${q.transpose ? 'True' : 'False'}`);
  lines.push(
    `OUTPUT = ${options.outputPath ? JSON.stringify(options.outputPath) : 'None'}  # a file for the rows as JSON; None prints them`,
  );
  lines.push('');
  lines.push('');
  lines.push('async def main() -> None:');
  lines.push(`${INDENT}datalake = Datalake(MONGO_URI, MONGO_DB)`);
  lines.push(`${INDENT}await datalake.initialize()`);
  if (call === 'aggregation') {
    lines.push(
      `${INDENT}# One aggregation per query (needs $lookup and $sample: MongoDB 5+, Atlas). On a server without`,
    );
    lines.push(
      `${INDENT}# them, or to get this app's exact per-row semantics, use query_data_legacy (0.10) instead.`,
    );
    lines.push(
      `${INDENT}rows = await datalake.query_data(QUERY, datums_wanted=DATUMS_WANTED, transpose=TRANSPOSE)`,
    );
  } else {
    lines.push(
      `${INDENT}# One query per row and stage: slower on big datalakes, but it runs on any MongoDB-compatible server`,
    );
    lines.push(`${INDENT}# and resolves each stage against the id in its own row, as this app does.`);
    lines.push(
      `${INDENT}rows = await datalake.query_data_legacy(QUERY, datums_wanted=DATUMS_WANTED, transpose=TRANSPOSE)`,
    );
  }
  lines.push(`${INDENT}text = json.dumps(rows, default=str, indent=2)`);
  lines.push(`${INDENT}if OUTPUT:`);
  lines.push(`${INDENT}${INDENT}with open(OUTPUT, "w", encoding="utf-8") as f:`);
  lines.push(`${INDENT}${INDENT}${INDENT}f.write(text + "\\n")`);
  lines.push(`${INDENT}else:`);
  lines.push(`${INDENT}${INDENT}print(text)`);
  lines.push('');
  lines.push('');
  lines.push('if __name__ == "__main__":');
  lines.push(`${INDENT}asyncio.run(main())`);
  return `${lines.join('\n')}\n`;
}
