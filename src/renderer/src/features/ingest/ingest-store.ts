/**
 * The drop being prepared in the ingestion dialog: its files, how they reach the host (paths in the
 * desktop app; uploads, streamed one file at a time, in a browser), the plan with its preview, and the
 * start. Started jobs are followed by the jobs store (kind `ingest`); the tray shows them.
 */
import { create } from 'zustand';
import type { CallOutput, IngestPlan, IngestSource } from '#shared/contract';
import { type DatalakeError, InvalidInputError } from '#shared/errors';
import { getClient } from '../../api/client';
import { pathForFile } from '../../api/desktop-files';
import { uploadFile } from '../../api/upload';
import { useJobs } from '../jobs/jobs-store';
import type { CollectedDrop, DroppedFile } from './collect-drop';
import { DEFAULT_FORM, type IngestForm, toOptions } from './ingest-form';

/** Files sent to the web host at once (each one streams; more would only share the same disk and socket). */
const UPLOADS_AT_ONCE = 4;
const REPLAN_DELAY_MS = 350;

export type DraftPhase = 'sending' | 'planning' | 'ready' | 'starting';
type KnownRegistry = CallOutput<'ingest.registries'>['registries'][number];

export interface Draft {
  id: number;
  derivedFrom: string | null;
  files: DroppedFile[];
  totalBytes: number;
  sources: IngestSource[] | null;
  sent: { files: number; bytes: number };
  phase: DraftPhase;
  plan: IngestPlan | null;
  error: DatalakeError | Error | null;
}

interface IngestState {
  draft: Draft | null;
  form: IngestForm;
  registries: KnownRegistry[];
  registryCheck: { uri: string; ok: boolean; message: string } | null;
  /** Finished jobs whose summary the user closed. */
  dismissed: Record<string, true>;
  open(drop: CollectedDrop, derivedFrom: string | null): Promise<void>;
  update(change: Partial<IngestForm>): void;
  replan(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  checkRegistry(uri: string): Promise<void>;
  dismiss(jobId: string): void;
}

let nextDraft = 1;
let uploads: AbortController | null = null;
let replanTimer: ReturnType<typeof setTimeout> | undefined;
let planSeq = 0;

export const useIngest = create<IngestState>((set, get) => {
  const patch = (id: number, change: Partial<Draft>) =>
    set((s) => (s.draft?.id === id ? { draft: { ...s.draft, ...change } } : s));

  return {
    draft: null,
    form: DEFAULT_FORM,
    registries: [],
    registryCheck: null,
    dismissed: {},

    async open(drop, derivedFrom) {
      if (get().draft) await get().close();
      if (drop.files.length === 0 && drop.top.length === 0) return;
      const id = nextDraft++;
      const totalBytes = drop.files.reduce((s, f) => s + f.file.size, 0);
      set({
        draft: {
          id,
          derivedFrom,
          files: drop.files,
          totalBytes,
          sources: null,
          sent: { files: 0, bytes: 0 },
          phase: 'sending',
          plan: null,
          error: null,
        },
        registryCheck: null,
      });
      void loadRegistries(set, get);
      try {
        const sources =
          getClient().host === 'electron'
            ? desktopSources(drop)
            : await uploadAll(drop.files, (sent) => patch(id, { sent }));
        if (get().draft?.id !== id) {
          void discard(sources);
          return;
        }
        patch(id, { sources, phase: 'planning' });
        await get().replan();
      } catch (err) {
        patch(id, { error: err as Error, phase: 'ready' });
      }
    },

    update(change) {
      set((s) => ({ form: { ...s.form, ...change } }));
      clearTimeout(replanTimer);
      replanTimer = setTimeout(() => void get().replan(), REPLAN_DELAY_MS);
    },

    async replan() {
      const draft = get().draft;
      if (!draft?.sources) return;
      const seq = ++planSeq;
      patch(draft.id, { phase: 'planning', error: null });
      try {
        const plan = await getClient().call(
          'ingest.plan',
          toOptions(get().form, draft.sources, draft.derivedFrom),
        );
        if (seq === planSeq) patch(draft.id, { plan, phase: 'ready' });
      } catch (err) {
        if (seq === planSeq) patch(draft.id, { plan: null, error: err as DatalakeError, phase: 'ready' });
      }
    },

    async start() {
      const draft = get().draft;
      if (!draft?.sources || draft.phase !== 'ready') return;
      clearTimeout(replanTimer);
      patch(draft.id, { phase: 'starting', error: null });
      try {
        const { jobId } = await getClient().call(
          'ingest.start',
          toOptions(get().form, draft.sources, draft.derivedFrom),
        );
        useJobs.getState().track(jobId, 'ingest');
        // The job owns the uploads now: closing must not discard them.
        set({ draft: null });
      } catch (err) {
        patch(draft.id, { error: err as DatalakeError, phase: 'ready' });
      }
    },

    async close() {
      const draft = get().draft;
      clearTimeout(replanTimer);
      uploads?.abort();
      uploads = null;
      set({ draft: null });
      if (draft?.sources) await discard(draft.sources);
    },

    async checkRegistry(uri) {
      try {
        const check = await getClient().call('ingest.checkRegistry', { uri });
        set({ registryCheck: { uri, ...check } });
      } catch (err) {
        set({ registryCheck: { uri, ok: false, message: (err as Error).message } });
      }
    },

    dismiss(jobId) {
      set((s) => ({ dismissed: { ...s.dismissed, [jobId]: true } }));
    },
  };
});

async function loadRegistries(set: (s: Partial<IngestState>) => void, get: () => IngestState): Promise<void> {
  try {
    const { registries } = await getClient().call('ingest.registries', {});
    set({ registries });
    if (!get().form.registryUri && registries[0])
      set({ form: { ...get().form, registryUri: registries[0].uri } });
    void get().replan();
  } catch {
    // The dialog still works with a typed registry; the plan call reports a datalake that cannot be reached.
  }
}

/** The desktop app sends paths: the dropped items themselves (the host walks folders). */
function desktopSources(drop: CollectedDrop): IngestSource[] {
  if (drop.fromFolderInput) {
    // A chosen folder arrives as its files; send the folder (the first file's path minus its relative tail).
    const first = drop.files[0];
    const path = pathForFile(first.file);
    if (!path) throw new InvalidInputError(`Where ${first.relativePath} is on disk is unknown`);
    const [folder] = first.relativePath.split('/');
    const root = path.slice(0, path.length - first.relativePath.length) + folder;
    return [{ kind: 'path', path: root }];
  }
  return drop.top.map((file) => {
    const path = pathForFile(file);
    if (!path) {
      throw new InvalidInputError(`${file.name} is not a file on disk (dragged from another application?)`);
    }
    return { kind: 'path', path };
  });
}

/** A browser streams each file to the host, a few at a time, with its relative path. */
async function uploadAll(
  files: DroppedFile[],
  onProgress: (sent: { files: number; bytes: number }) => void,
): Promise<IngestSource[]> {
  uploads?.abort();
  const controller = new AbortController();
  uploads = controller;
  const sources: IngestSource[] = new Array(files.length);
  const sent = { files: 0, bytes: 0 };
  let next = 0;
  // A render per file would cost more than the upload of a small one: report a few times a second.
  let reported = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const { file, relativePath } = files[i];
      const { uploadId } = await uploadFile(file, { signal: controller.signal });
      sources[i] = { kind: 'upload', uploadId, relativePath, lastModified: file.lastModified };
      sent.files++;
      sent.bytes += file.size;
      if (Date.now() - reported >= 150 || sent.files === files.length) {
        reported = Date.now();
        onProgress({ ...sent });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(UPLOADS_AT_ONCE, files.length) }, worker));
  } catch (err) {
    controller.abort();
    void discard(sources.filter(Boolean));
    throw err;
  }
  return sources;
}

async function discard(sources: IngestSource[]): Promise<void> {
  const uploadIds = sources.flatMap((s) => (s.kind === 'upload' ? [s.uploadId] : []));
  if (uploadIds.length === 0) return;
  await getClient()
    .call('ingest.discard', { uploadIds })
    .catch(() => {
      // Uploads go with the session anyway.
    });
}
