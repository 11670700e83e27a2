/**
 * From the sources of a drop to files: the desktop app sends paths (files and folders, walked here), a
 * browser sends uploads with their relative paths. Paths are refused from the web host: a browser page
 * must not read the host's files by naming them.
 */
import { type Dirent, promises as fs } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { IngestSource } from '#shared/contract';
import { ForbiddenError, InvalidInputError } from '#shared/errors';
import type { FileEntry } from './file-kinds';
import type { AnnotationProblem } from './importers/types';

/** Files per drop at most: the plan, the job and the batch identity stay in memory. */
export const MAX_DROP_FILES = 200_000;

export interface ResolveContext {
  host: 'electron' | 'web';
  /** The temporary file of one of the session's uploads (NotFoundError otherwise). */
  upload(uploadId: string): { path: string; size: number };
  signal?: AbortSignal;
}

export interface ResolvedDrop {
  entries: FileEntry[];
  problems: AnnotationProblem[];
}

export async function resolveSources(sources: IngestSource[], ctx: ResolveContext): Promise<ResolvedDrop> {
  const entries: FileEntry[] = [];
  const problems: AnnotationProblem[] = [];
  const taken = new Set<string>();
  const add = (entry: FileEntry) => {
    if (taken.has(entry.relPath)) {
      problems.push({
        item: entry.relPath,
        message: `Two dropped files are both ${entry.relPath}; only the first is ingested`,
      });
      return;
    }
    if (entries.length >= MAX_DROP_FILES) {
      throw new InvalidInputError(
        `The drop holds more than ${MAX_DROP_FILES.toLocaleString('en-US')} files; ingest it in parts`,
        { limit: MAX_DROP_FILES },
      );
    }
    taken.add(entry.relPath);
    entries.push(entry);
  };

  for (const source of sources) {
    ctx.signal?.throwIfAborted();
    if (source.kind === 'upload') {
      const upload = ctx.upload(source.uploadId);
      add({
        relPath: cleanRelativePath(source.relativePath),
        absPath: upload.path,
        size: upload.size,
        mtimeMs: source.lastModified ?? 0,
      });
      continue;
    }
    if (ctx.host !== 'electron') {
      throw new ForbiddenError('Paths are accepted from the desktop app only: a browser uploads its files', {
        path: source.path,
      });
    }
    if (!isAbsolute(source.path)) {
      throw new InvalidInputError(`A dropped path must be absolute, got ${JSON.stringify(source.path)}`, {
        path: source.path,
      });
    }
    let info: Awaited<ReturnType<typeof fs.stat>>;
    try {
      info = await fs.stat(source.path);
    } catch (err) {
      throw new InvalidInputError(`Cannot read ${source.path}: ${(err as Error).message}`, {
        path: source.path,
      });
    }
    const name = basename(source.path);
    if (info.isFile()) add({ relPath: name, absPath: source.path, size: info.size, mtimeMs: info.mtimeMs });
    else if (info.isDirectory()) await walk(source.path, name, add, problems, ctx.signal);
  }
  return { entries, problems };
}

/** Every file under a folder; folders that are links are not followed (no cycles), file links are. */
async function walk(
  dir: string,
  rel: string,
  add: (e: FileEntry) => void,
  problems: AnnotationProblem[],
  signal: AbortSignal | undefined,
): Promise<void> {
  signal?.throwIfAborted();
  let children: Dirent[];
  try {
    children = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    problems.push({ item: rel, message: `The folder ${rel} cannot be read: ${(err as Error).message}` });
    return;
  }
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const child of children) {
    const abs = join(dir, child.name);
    const childRel = `${rel}/${child.name}`;
    if (child.isDirectory()) {
      await walk(abs, childRel, add, problems, signal);
    } else if (child.isFile() || child.isSymbolicLink()) {
      try {
        const info = await fs.stat(abs);
        if (info.isFile()) add({ relPath: childRel, absPath: abs, size: info.size, mtimeMs: info.mtimeMs });
      } catch (err) {
        problems.push({ item: childRel, message: `${childRel} cannot be read: ${(err as Error).message}` });
      }
    }
  }
}

/** A browser's relative path, '/'-separated, without empty, `.` or `..` segments. */
export function cleanRelativePath(raw: string): string {
  const parts = raw
    .replaceAll('\\', '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (parts.length === 0 || parts.some((p) => p === '..' || /[\u0000-\u001f]/.test(p))) {
    throw new InvalidInputError(`${JSON.stringify(raw)} is not a usable relative path`, {
      relativePath: raw,
    });
  }
  return parts.join('/');
}
