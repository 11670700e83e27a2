/**
 * The query as a TypeScript module for this app's engine: `Datalake.open` on the same datalake (a MongoDB
 * password from an environment variable, never written out), `queryData`, and the rows printed as JSON.
 * Extended JSON values stay as they are: the engine reads `{"$date": …}` and `{"$oid": …}` in filters.
 */
import { type ExportableQuery, type ExportTarget, PASSWORD_ENV, PASSWORD_PLACEHOLDER } from './types';

export interface TypeScriptOptions {
  /** How the module imports the engine (default: the path from the repository root). */
  engineImport?: string;
  exportedAt?: Date;
}

function openOptions(target: ExportTarget): string[] {
  if (target.kind === 'embedded') {
    return [`  embeddedPath: ${JSON.stringify(target.path ?? './datalake')},`];
  }
  const uri = target.uriRedacted ?? 'mongodb://localhost:27017';
  const at = uri.indexOf(`:${PASSWORD_PLACEHOLDER}@`);
  const uriCode =
    at < 0
      ? JSON.stringify(uri)
      : `${JSON.stringify(uri.slice(0, at + 1))} + encodeURIComponent(requireEnv(${JSON.stringify(PASSWORD_ENV)})) + ${JSON.stringify(uri.slice(at + 1 + PASSWORD_PLACEHOLDER.length))}`;
  return [
    `  mongoUri: ${uriCode},`,
    `  dbName: ${JSON.stringify(target.dbName ?? 'datalake')},`,
    ...(target.timestamps === 'local-as-utc' ? [`  timestamps: 'local-as-utc',`] : []),
  ];
}

export function queryToTypeScript(
  q: ExportableQuery,
  target: ExportTarget,
  options: TypeScriptOptions = {},
): string {
  const needsPassword =
    target.kind === 'mongodb' && (target.uriRedacted ?? '').includes(`:${PASSWORD_PLACEHOLDER}@`);
  const lines: string[] = [];
  lines.push(
    `// A query exported from Datalake Browser${options.exportedAt ? ` on ${options.exportedAt.toISOString()}` : ''}; connection: ${target.name}.`,
  );
  lines.push('// Run it from the repository root with: node --import tsx <this file>');
  if (needsPassword) lines.push(`// Set ${PASSWORD_ENV} to the connection's password first.`);
  lines.push(
    `import { Datalake, type QueryObject } from ${JSON.stringify(options.engineImport ?? './src/main/engine')};`,
  );
  lines.push('');
  if (needsPassword) {
    lines.push('function requireEnv(name: string): string {');
    lines.push('  const value = process.env[name];');
    lines.push("  if (!value) throw new Error('Set ' + name + ' to the connection password');");
    lines.push('  return value;');
    lines.push('}');
    lines.push('');
  }
  lines.push(`const query: QueryObject[] = ${JSON.stringify(q.query, null, 2)};`);
  lines.push('');
  lines.push('const dl = await Datalake.open({');
  lines.push(...openOptions(target));
  lines.push('});');
  lines.push('try {');
  const opts: string[] = [];
  if (q.datumsWanted) opts.push(`datumsWanted: ${q.datumsWanted}`);
  if (q.transpose) opts.push('transpose: true');
  lines.push(`  const rows = await dl.queryData(query${opts.length ? `, { ${opts.join(', ')} }` : ''});`);
  lines.push('  console.log(JSON.stringify(rows, null, 2));');
  lines.push('} finally {');
  lines.push('  await dl.close();');
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
