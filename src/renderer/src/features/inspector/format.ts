/** Small formatting helpers the inspector and the graph share: sizes, instants, Extended JSON scalars. */

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** `2024-06-01 12:34:56.789 UTC`. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

/** The same instant in the machine's time zone, with the zone's name. */
export function formatLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
}

export const DATUM_ID = /^[0-9a-f]{24}$/i;

/** What an Extended JSON wrapper stands for, or null for plain JSON. */
export function ejsonScalar(value: unknown): { type: string; text: string } | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const v = value as Record<string, unknown>;
  if (keys.length === 1 && keys[0] === '$oid' && typeof v.$oid === 'string')
    return { type: 'ObjectId', text: v.$oid };
  if (keys.length === 1 && keys[0] === '$date') {
    const d = v.$date;
    if (typeof d === 'string') return { type: 'Date', text: d };
    const ms = (d as { $numberLong?: string })?.$numberLong;
    return { type: 'Date', text: ms ? `${ms} ms since 1970` : JSON.stringify(d) };
  }
  if (keys.length === 1 && keys[0] === '$binary') {
    const b = v.$binary as { base64?: string; subType?: string };
    const bytes = b?.base64
      ? Math.floor((b.base64.length * 3) / 4) - (b.base64.match(/=+$/)?.[0].length ?? 0)
      : 0;
    return {
      type: `Binary${b?.subType && b.subType !== '00' ? ` (subtype ${b.subType})` : ''}`,
      text: `${bytes} bytes`,
    };
  }
  for (const [k, type] of [
    ['$numberLong', 'Int64'],
    ['$numberDecimal', 'Decimal128'],
    ['$numberDouble', 'Double'],
    ['$numberInt', 'Int32'],
    ['$symbol', 'Symbol'],
  ] as const) {
    if (keys.length === 1 && keys[0] === k) return { type, text: String(v[k]) };
  }
  if (keys.length === 1 && keys[0] === '$regularExpression') {
    const r = v.$regularExpression as { pattern: string; options: string };
    return { type: 'Regex', text: `/${r.pattern}/${r.options}` };
  }
  if (keys.length === 1 && keys[0] === '$timestamp')
    return { type: 'Timestamp', text: JSON.stringify(v.$timestamp) };
  return null;
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
