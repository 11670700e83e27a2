/** "Add files…" (and "Add folder…") for people who do not drag: the same dialog as a drop. */
import { useRef } from 'react';
import { PlusIcon } from '../../components/icons';
import { collectFileList } from './collect-drop';
import { useIngest } from './ingest-store';

export function AddFilesButton() {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const chosen = (input: HTMLInputElement | null) => {
    if (!input?.files || input.files.length === 0) return;
    const drop = collectFileList(input.files);
    input.value = ''; // the same files can be chosen again
    void useIngest.getState().open(drop, null);
  };
  return (
    <div className="add-files">
      <button type="button" className="btn btn--small" onClick={() => files.current?.click()}>
        <PlusIcon size={14} /> Add files…
      </button>
      <button type="button" className="btn btn--small" onClick={() => folder.current?.click()}>
        <PlusIcon size={14} /> Add folder…
      </button>
      <input
        ref={files}
        type="file"
        multiple
        hidden
        data-testid="add-files-input"
        onChange={(e) => chosen(e.currentTarget)}
      />
      <input
        ref={folder}
        type="file"
        hidden
        data-testid="add-folder-input"
        // React passes the non-standard attribute through as written.
        {...{ webkitdirectory: '' }}
        onChange={(e) => chosen(e.currentTarget)}
      />
    </div>
  );
}
