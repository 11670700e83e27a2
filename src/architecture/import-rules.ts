/**
 * The walls between layers (architecture.md), as data: every import of every source file is resolved to a
 * project path or a package name and checked against these rules. Tests and integration helpers that
 * join the layers on purpose live in src/integration and src/test-support, which the rules exempt.
 */
import { dirname, join, normalize } from 'node:path';

export interface SourceFile {
  /** Path from the repository root, with forward slashes (e.g. `src/main/engine/datalake.ts`). */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

interface Rule {
  name: string;
  /** Which files the rule applies to. */
  applies(file: string): boolean;
  /** Whether an import (a resolved project path, or a package name) is forbidden for those files. */
  forbids(target: Target): boolean;
}

/** A resolved import: a project path (`src/...`, no extension) or a package/builtin. */
export type Target = { kind: 'path'; path: string } | { kind: 'package'; name: string };

/** src/main/*.ts: the Electron shell (the folders beside it are the engine, the services and the web host). */
const SHELL_FILE = /^src\/main\/(?!(engine|services|web-host)$)[^/]+$/;
const under = (prefix: string) => (file: string) => file.startsWith(prefix);
const isTest = (file: string) =>
  /\.test(-suite)?\.tsx?$/.test(file) || /\/test-[a-z-]+\.tsx?$/.test(file) || file.includes('/conformance/');
const pathUnder =
  (...prefixes: string[]) =>
  (t: Target) =>
    t.kind === 'path' && prefixes.some((p) => t.path.startsWith(p));
const isElectron = (t: Target) =>
  t.kind === 'package' && (t.name === 'electron' || t.name.startsWith('electron/'));
const isShell = (t: Target) => t.kind === 'path' && SHELL_FILE.test(t.path);

export const RULES: Rule[] = [
  {
    name: 'the engine imports no service, host or Electron code',
    applies: under('src/main/engine/'),
    forbids: (t) =>
      pathUnder('src/main/services/', 'src/main/web-host/', 'src/preload/', 'src/renderer/')(t) ||
      isShell(t) ||
      isElectron(t),
  },
  {
    name: 'services import no host or Electron code',
    applies: under('src/main/services/'),
    forbids: (t) =>
      pathUnder('src/main/web-host/', 'src/preload/', 'src/renderer/')(t) || isShell(t) || isElectron(t),
  },
  {
    name: 'services reach the engine only through its public index',
    applies: (f) => f.startsWith('src/main/services/') && !isTest(f),
    forbids: (t) =>
      t.kind === 'path' && t.path.startsWith('src/main/engine/') && t.path !== 'src/main/engine/index',
  },
  {
    name: 'the web host imports no Electron code',
    applies: under('src/main/web-host/'),
    forbids: (t) => pathUnder('src/preload/', 'src/renderer/')(t) || isShell(t) || isElectron(t),
  },
  {
    name: 'the renderer imports nothing under src/main, src/preload, or Node built-ins',
    applies: (f) => f.startsWith('src/renderer/') && !isTest(f),
    forbids: (t) =>
      pathUnder('src/main/', 'src/preload/', 'src/test-support/', 'src/integration/')(t) ||
      (t.kind === 'package' && (t.name.startsWith('node:') || t.name === 'electron')),
  },
  {
    name: 'renderer tests reach the services only through src/test-support (its in-process bridge)',
    applies: (f) => f.startsWith('src/renderer/') && isTest(f),
    forbids: (t) => pathUnder('src/main/', 'src/preload/')(t) || isElectron(t),
  },
  {
    name: 'src/shared imports nothing outside itself (packages only, no Node built-ins)',
    applies: (f) => f.startsWith('src/shared/') && !isTest(f),
    forbids: (t) =>
      (t.kind === 'path' && !t.path.startsWith('src/shared/')) ||
      (t.kind === 'package' && (t.name.startsWith('node:') || t.name === 'electron')),
  },
  {
    name: 'only production code outside tests: test support is for tests',
    applies: (f) =>
      (f.startsWith('src/main/') || f.startsWith('src/renderer/') || f.startsWith('src/shared/')) &&
      !isTest(f),
    forbids: pathUnder('src/test-support/', 'src/integration/'),
  },
];

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bexport\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** The module specifiers a file imports (comments removed first so examples in docs do not count). */
export function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) found.add(match[1]);
  }
  return [...found];
}

export function resolveImport(fromFile: string, specifier: string): Target {
  if (specifier.startsWith('#shared/')) return { kind: 'path', path: `src/shared/${specifier.slice(8)}` };
  if (specifier.startsWith('.')) {
    const path = normalize(join(dirname(fromFile), specifier)).replaceAll('\\', '/');
    return { kind: 'path', path: path.replace(/\.(tsx?|jsx?)$/, '') };
  }
  return { kind: 'package', name: specifier };
}

export function checkImports(files: SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    if (file.path.startsWith('src/integration/') || file.path.startsWith('src/test-support/')) continue;
    for (const specifier of importSpecifiers(file.text)) {
      const target = resolveImport(file.path, specifier);
      for (const rule of RULES) {
        if (rule.applies(file.path) && rule.forbids(target)) {
          violations.push({ file: file.path, specifier, rule: rule.name });
        }
      }
    }
  }
  return violations;
}
