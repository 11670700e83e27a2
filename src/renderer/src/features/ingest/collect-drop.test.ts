/** Walking a drop's entries (test doubles of the browser's FileSystemEntry objects). */
import { describe, expect, it } from 'vitest';
import { collectFileList, collectSnapshot, type EntryLike } from './collect-drop';

const fakeFile = (name: string, webkitRelativePath = '') => ({ name, webkitRelativePath }) as unknown as File;

function fileEntry(fullPath: string): EntryLike {
  const name = fullPath.split('/').pop()!;
  return { isFile: true, isDirectory: false, name, fullPath, file: (ok) => ok(fakeFile(name)) };
}

function dirEntry(fullPath: string, children: EntryLike[], chunk = 2): EntryLike {
  return {
    isFile: false,
    isDirectory: true,
    name: fullPath.split('/').pop()!,
    fullPath,
    createReader() {
      let at = 0;
      return {
        readEntries(ok) {
          ok(children.slice(at, at + chunk));
          at += chunk;
        },
      };
    },
  };
}

describe('collecting a drop', () => {
  it('walks dropped folders through every chunk of entries, keeping paths inside the drop', async () => {
    const tree = dirEntry('/photos', [
      fileEntry('/photos/a.png'),
      fileEntry('/photos/b.png'),
      dirEntry('/photos/labels', [fileEntry('/photos/labels/a.txt')]),
      fileEntry('/photos/c.png'),
    ]);
    const top = [fakeFile('photos'), fakeFile('notes.json')];
    const drop = await collectSnapshot({ entries: [tree, fileEntry('/notes.json')], files: top });
    expect(drop.files.map((f) => f.relativePath)).toEqual([
      'photos/a.png',
      'photos/b.png',
      'photos/labels/a.txt',
      'photos/c.png',
      'notes.json',
    ]);
    expect(drop.top).toBe(top);
  });

  it('falls back to the files list when entries are not available', async () => {
    const files = [fakeFile('a.png'), fakeFile('b.png', 'set/b.png')];
    const drop = await collectSnapshot({ entries: [null, null], files });
    expect(drop.files.map((f) => f.relativePath)).toEqual(['a.png', 'set/b.png']);
  });

  it('keeps a folder input’s relative paths', () => {
    const drop = collectFileList([fakeFile('a.png', 'set/a.png'), fakeFile('b.png', 'set/sub/b.png')]);
    expect(drop.files.map((f) => f.relativePath)).toEqual(['set/a.png', 'set/sub/b.png']);
    expect(drop.fromFolderInput).toBe(true);
  });
});
