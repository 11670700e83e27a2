/**
 * Saving a small text file (a query as code, a query file). In Electron the host shows its save dialog
 * and writes the file itself (`host.saveText`: the renderer can neither write files nor name a path); in a
 * browser the text becomes a download, which the browser saves where its settings say.
 */
import { getClient } from '../../api/client';

export interface SaveTextRequest {
  text: string;
  fileName: string;
  /** The dialog's title (Electron). */
  title: string;
  /** The file type offered in the dialog, e.g. `{ name: 'Python', extensions: ['py'] }`. */
  filter: { name: string; extensions: string[] };
  mimeType: string;
}

export type SaveOutcome =
  | { kind: 'saved'; path: string }
  | { kind: 'downloaded'; fileName: string }
  | { kind: 'cancelled' };

export async function saveTextFile(request: SaveTextRequest): Promise<SaveOutcome> {
  const client = getClient();
  if (client.host === 'electron') {
    const { path } = await client.call('host.saveText', {
      title: request.title,
      defaultName: request.fileName,
      filters: [request.filter],
      text: request.text,
    });
    return path ? { kind: 'saved', path } : { kind: 'cancelled' };
  }
  const url = URL.createObjectURL(new Blob([request.text], { type: request.mimeType }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = request.fileName;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The download has taken its copy once click() returns; a moment's grace costs nothing.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return { kind: 'downloaded', fileName: request.fileName };
}

/** What the user is told once a file went out. */
export function describeSave(outcome: SaveOutcome): string | null {
  switch (outcome.kind) {
    case 'saved':
      return `Saved to ${outcome.path}`;
    case 'downloaded':
      return `Downloaded ${outcome.fileName}`;
    case 'cancelled':
      return null;
  }
}
