/**
 * CSV per RFC 4180: CRLF line ends; a field with a comma, a double quote, CR or LF is quoted, its quotes
 * doubled. Scalars are written as text (Extended JSON scalars unwrapped: a date as its ISO text, an ObjectId
 * as its hex), nested values as JSON text.
 */

export function csvField(value: unknown): string {
  const text = csvText(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function csvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
      const v = obj[keys[0]];
      if (keys[0] === '$oid' && typeof v === 'string') return v;
      if (keys[0] === '$date' && typeof v === 'string') return v;
      if (
        (keys[0] === '$numberLong' || keys[0] === '$numberDecimal' || keys[0] === '$numberDouble') &&
        typeof v === 'string'
      )
        return v;
    }
  }
  return JSON.stringify(value);
}
