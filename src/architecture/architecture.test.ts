/**
 * The layer walls hold on the real tree, and each rule really fires (so a wall cannot pass by never
 * looking). Run alone: `npx vitest run src/architecture`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImports, importSpecifiers, resolveImport, type SourceFile } from './import-rules';

const ROOT = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.tsx?$/.test(entry.name)) out.push({ path: rel, text: readFileSync(join(ROOT, rel), 'utf8') });
  }
  return out;
}

describe('architecture walls', () => {
  it('no file of src/ crosses a wall', () => {
    const files = sourceFiles('src');
    expect(files.length).toBeGreaterThan(100);
    const violations = checkImports(files).map((v) => `${v.file} imports ${v.specifier}: ${v.rule}`);
    expect(violations).toEqual([]);
  });

  it('reads every kind of import and resolves #shared and relative paths', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "import './side-effect';",
      "export { c } from '#shared/contract';",
      "const d = await import('node:fs');",
      "// import { e } from 'commented-out';",
      "/* import { f } from 'in-a-block'; */",
    ].join('\n');
    expect(importSpecifiers(text).sort()).toEqual(
      ['#shared/contract', '../b', './a', './side-effect', 'node:fs'].sort(),
    );
    expect(resolveImport('src/main/engine/query/plan.ts', '../../services/jobs')).toEqual({
      kind: 'path',
      path: 'src/main/services/jobs',
    });
    expect(resolveImport('src/renderer/src/App.tsx', '#shared/errors')).toEqual({
      kind: 'path',
      path: 'src/shared/errors',
    });
  });

  const cases: Array<[string, string, string]> = [
    ['src/main/engine/datalake.ts', "import { JobRunner } from '../services/jobs';", 'the engine'],
    ['src/main/engine/x.ts', "import { createServer } from '../web-host/server';", 'the engine'],
    ['src/main/engine/x.ts', "import { app } from 'electron';", 'the engine'],
    ['src/main/engine/x.ts', "import { registerIpc } from '../ipc';", 'the engine'],
    ['src/main/services/jobs.ts', "import { startWebHost } from '../web-host/server';", 'services'],
    ['src/main/services/jobs.ts', "import { BrowserWindow } from 'electron';", 'services'],
    [
      'src/main/services/x.ts',
      "import { probeMongo } from '../engine/stores/mongo/probe';",
      'services reach',
    ],
    ['src/renderer/src/App.tsx', "import { Datalake } from '../../main/engine';", 'the renderer'],
    ['src/renderer/src/App.tsx', "import { readFile } from 'node:fs/promises';", 'the renderer'],
    [
      'src/renderer/src/app/app-frame.test.tsx',
      "import { createServices } from '../../../main/services';",
      'renderer tests',
    ],
    ['src/shared/contract.ts', "import { Datalake } from '../main/engine';", 'src/shared'],
    ['src/shared/contract.ts', "import { join } from 'node:path';", 'src/shared'],
  ];
  it.each(cases)('%s with %s breaks the wall of %s', (path, text, ruleStart) => {
    const violations = checkImports([{ path, text }]);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.map((v) => v.rule).some((r) => r.startsWith(ruleStart))).toBe(true);
  });

  it('allows what the layers may import', () => {
    const allowed: SourceFile[] = [
      { path: 'src/main/services/overview.ts', text: "import { Datalake } from '../engine';" },
      { path: 'src/main/services/ports.ts', text: "import type { Datalake } from '../engine/index';" },
      {
        path: 'src/main/ipc.ts',
        text: "import { ipcMain } from 'electron';\nimport { x } from './services';",
      },
      { path: 'src/renderer/src/App.tsx', text: "import { calls } from '#shared/contract';" },
      { path: 'src/shared/contract.ts', text: "import { z } from 'zod';\nimport { E } from './errors';" },
      { path: 'src/main/engine/datalake.test.ts', text: "import { env } from '../../test-support/env';" },
      {
        path: 'src/renderer/src/app/app-frame.test.tsx',
        text: "import { startInProcessHost } from '../../../test-support/in-process-host';",
      },
    ];
    expect(checkImports(allowed)).toEqual([]);
  });
});
