/**
 * `host.saveText`: the desktop host's save dialog, then the text written to the chosen file through a
 * temporary file renamed into place, so a failed write never leaves half a file where the user looks.
 * The path comes from the dialog only, never from the renderer.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import type { CallInput, CallOutput } from '#shared/contract';
import { InvalidInputError } from '#shared/errors';
import type { HostDialogs } from './services';

export async function saveTextAs(
  dialogs: HostDialogs,
  input: CallInput<'host.saveText'>,
): Promise<CallOutput<'host.saveText'>> {
  const path = await dialogs.chooseSavePath({
    title: input.title,
    defaultName: input.defaultName,
    filters: input.filters,
  });
  if (!path) return { path: null };
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await writeFile(tmp, input.text, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new InvalidInputError(`Could not write ${path} (${reason})`, { path });
  }
  return { path };
}
