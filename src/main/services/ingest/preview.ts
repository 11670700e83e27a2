/**
 * The dialog's preview: the first datums of the drop exactly as the job would write them (an image's
 * datum with its header facts and sha256, its payload child, its labels and boxes; the first records).
 * Large files are not hashed for a preview (that is the job's work): their sha256 shows as pending.
 */
import type { PreviewDatum } from '#shared/contract';
import type { NewDatum } from '../../engine';
import type { BatchContext } from './file-datums';
import { fileDatums } from './file-datums';
import { type FileFacts, readFileFacts, SMALL_FILE_BYTES } from './file-facts';
import { readImageHeaderOf } from './image-head';
import type { AnnotationProblem } from './importers/types';
import type { DropPlan } from './plan-drop';
import { readRecords } from './records';

const PREVIEW_CHILDREN = 12;
export const PENDING_SHA = '(computed while ingesting)';

export async function buildPreview(
  drop: DropPlan,
  ctx: BatchContext,
  recordTarget: { registryUri: string | null },
  limit = 6,
): Promise<{ preview: PreviewDatum[]; problems: AnnotationProblem[] }> {
  const preview: PreviewDatum[] = [];
  const problems: AnnotationProblem[] = [];
  for (const file of drop.files.slice(0, limit)) {
    let facts: FileFacts;
    try {
      facts =
        file.entry.size > SMALL_FILE_BYTES
          ? {
              size: file.entry.size,
              sha256: PENDING_SHA,
              header: await readImageHeaderOf(file.entry.absPath),
              bytes: null,
            }
          : await readFileFacts(file.entry.absPath, file.entry.size);
    } catch (err) {
      problems.push({
        item: file.entry.relPath,
        message: `${file.entry.relPath} cannot be read: ${(err as Error).message}`,
      });
      continue;
    }
    let items: NewDatum[];
    try {
      items = fileDatums(file, facts, () => null, ctx, new Map()).items;
    } catch (err) {
      problems.push({ item: file.entry.relPath, message: (err as Error).message });
      continue;
    }
    const [root, ...rest] = items;
    const ids = new Map(items.map((item) => [item.id, item]));
    const children = rest.map((item) => ({
      data: item.registryUri ? null : item.data,
      metadata: item.metadata ?? {},
      storage: item.registryUri ? ('registry' as const) : ('inline' as const),
      level: item.derivedFrom === root.id || !ids.has(item.derivedFrom ?? '') ? 1 : 2,
    }));
    preview.push({
      source: file.entry.relPath,
      data: root.data,
      metadata: root.metadata ?? {},
      storage: 'inline',
      children: children.slice(0, PREVIEW_CHILDREN),
      childCount: children.length,
    });
  }
  const recordFile = drop.recordFiles[0];
  if (recordFile && preview.length < limit) {
    try {
      for await (const record of readRecords(recordFile)) {
        if (preview.length >= limit) break;
        if ('error' in record) {
          problems.push({ item: `${recordFile.relPath}${record.key}`, message: record.error.message });
          continue;
        }
        preview.push({
          source: `${recordFile.relPath}${record.key}`,
          data: recordTarget.registryUri ? null : record.value,
          metadata: {
            ...ctx.template,
            ingest_batch: ctx.batchId,
            ingest_source: `${recordFile.relPath}${record.key}`,
          },
          storage: recordTarget.registryUri ? 'registry' : 'inline',
          children: [],
          childCount: 0,
        });
      }
    } catch (err) {
      problems.push({ item: recordFile.relPath, message: (err as Error).message });
    }
  }
  return { preview, problems };
}
