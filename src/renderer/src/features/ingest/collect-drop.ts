/**
 * What the user dropped or chose, as files with their paths inside the drop (`photos/2024/a.png`).
 * A drop's folders are walked through the File System entries API (`webkitGetAsEntry`), which must be
 * asked during the drop event itself; a file input gives `webkitRelativePath` for a chosen folder.
 */

export interface DroppedFile {
  file: File;
  /** '/'-separated, starting with the dropped folder's name for files inside a folder. */
  relativePath: string;
}

export interface CollectedDrop {
  files: DroppedFile[];
  /** The dropped or chosen items themselves (the desktop app sends their paths; the host walks folders). */
  top: File[];
  /** The folder a folder input was given (its files' common first segment), for the desktop app. */
  fromFolderInput: boolean;
}

/** The part of the entries API that the walk uses (a FileSystemEntry or a test double). */
export interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?(success: (file: File) => void, failure?: (err: unknown) => void): void;
  createReader?(): {
    readEntries(success: (entries: EntryLike[]) => void, failure?: (err: unknown) => void): void;
  };
}

/** Taken synchronously inside the drop handler: the browser empties the DataTransfer afterwards. */
export interface DropSnapshot {
  entries: Array<EntryLike | null>;
  files: File[];
}

export function snapshotDataTransfer(dt: DataTransfer): DropSnapshot {
  const items = [...dt.items].filter((i) => i.kind === 'file');
  const entries = items.map((i) =>
    typeof i.webkitGetAsEntry === 'function' ? (i.webkitGetAsEntry() as EntryLike | null) : null,
  );
  return { entries, files: [...dt.files] };
}

export function hasFiles(dt: DataTransfer | null): boolean {
  return Boolean(dt && [...dt.types].includes('Files'));
}

export async function collectSnapshot(snapshot: DropSnapshot): Promise<CollectedDrop> {
  const usable = snapshot.entries.length > 0 && snapshot.entries.every((e) => e !== null);
  if (!usable) {
    return {
      files: snapshot.files.map((file) => ({ file, relativePath: file.webkitRelativePath || file.name })),
      top: snapshot.files,
      fromFolderInput: false,
    };
  }
  const files: DroppedFile[] = [];
  for (const entry of snapshot.entries as EntryLike[]) await walk(entry, files);
  return { files, top: snapshot.files, fromFolderInput: false };
}

export function collectFileList(list: FileList | File[]): CollectedDrop {
  const files = [...list];
  return {
    files: files.map((file) => ({ file, relativePath: file.webkitRelativePath || file.name })),
    top: files,
    fromFolderInput: files.some((f) => f.webkitRelativePath),
  };
}

async function walk(entry: EntryLike, out: DroppedFile[]): Promise<void> {
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((resolve, reject) => entry.file!(resolve, reject));
    out.push({ file, relativePath: entry.fullPath.replace(/^\/+/, '') || file.name });
    return;
  }
  if (!entry.isDirectory || !entry.createReader) return;
  const reader = entry.createReader();
  // readEntries answers in chunks (100 at a time in Chromium) until it answers an empty list.
  for (;;) {
    const chunk = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (chunk.length === 0) break;
    for (const child of chunk) await walk(child, out);
  }
}
