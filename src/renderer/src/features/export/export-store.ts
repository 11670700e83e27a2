/**
 * The export jobs of this window: the latest of each dialog (so closing a dialog while its job runs and
 * opening it again shows the job), and which finished results exports were already handed to the browser.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import { exportResultsResultSchema } from '#shared/contract';
import { getClient } from '../../api/client';
import { useJobs } from '../jobs/jobs-store';

export type ExportKind = 'export.results' | 'export.dataset';

interface ExportState {
  latest: Partial<Record<ExportKind, string>>;
  delivered: Record<string, true>;
  /** Starts tracking a job the host accepted. */
  started(kind: ExportKind, jobId: string): void;
  /** Marks a download handed over; false when it already was. */
  deliver(jobId: string): boolean;
}

export const useExports = create<ExportState>((set, get) => ({
  latest: {},
  delivered: {},
  started(kind, jobId) {
    useJobs.getState().track(jobId, kind);
    set((s) => ({ latest: { ...s.latest, [kind]: jobId } }));
  },
  deliver(jobId) {
    if (get().delivered[jobId]) return false;
    set((s) => ({ delivered: { ...s.delivered, [jobId]: true } }));
    return true;
  },
}));

/** The latest job of a dialog, as the jobs store sees it. */
export function useLatestExport(kind: ExportKind) {
  const jobId = useExports((s) => s.latest[kind]);
  return useJobs((s) => (jobId ? s.jobs[jobId] : undefined));
}

let sessionId: Promise<string> | undefined;

/** The web host's URL for a finished results download of this page's session. */
export async function downloadUrl(downloadPath: string): Promise<string> {
  sessionId ??= getClient()
    .call('app.session', {})
    .then((s) => s.sessionId)
    .catch((err) => {
      sessionId = undefined;
      throw err;
    });
  return `${downloadPath}?session=${encodeURIComponent(await sessionId)}`;
}

/** Hands a URL to the browser as a download (the host's content-disposition names the file). */
export function startDownload(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Hands each finished download export of this window to the browser once, whether its dialog is open or
 * not (mounted with the toolbar's buttons).
 */
export function useDownloadDelivery(): void {
  const job = useLatestExport('export.results');
  const parsed = exportResultsResultSchema.safeParse(job?.result);
  const downloadPath = job?.status === 'succeeded' && parsed.success ? parsed.data.downloadPath : null;
  const jobId = job?.jobId;
  useEffect(() => {
    if (!downloadPath || !jobId || !useExports.getState().deliver(jobId)) return;
    void downloadUrl(downloadPath).then(startDownload);
  }, [downloadPath, jobId]);
}
