/** The ingestion part of bench/RESULTS.md. */
import type { IngestReport } from './ingest';

const n = (v: number) => Math.round(v).toLocaleString('en');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function renderIngest(r: IngestReport): string {
  const share = r.ingest.filesPerSec / r.copy.filesPerSec;
  const shareDurable = r.ingest.filesPerSec / r.durableCopy.filesPerSec;
  const out = [
    '## Ingestion',
    '',
    `Measured ${r.date} on ${r.machine}, median of ${r.runs} runs. Load average (1, 5, 15 min) ${r.loadBefore
      .map((l) => l.toFixed(1))
      .join(
        ', ',
      )} before and ${r.loadAfter.map((l) => l.toFixed(1)).join(', ')} after: other work shared the`,
    'two cores and the disk, so these timings are noisy; re-run on a quiet machine for the budget.',
    '',
    `${n(r.files)} small PNG images (${(r.bytes / 1024 ** 2).toFixed(1)} MB, about ${n(r.bytes / r.files)} bytes each), from and to the same disk:`,
    '',
    '| how | time | files/s | MB/s | vs plain copy |',
    '|---|---:|---:|---:|---:|',
    `| plain copy (\`cp -r\`) | ${s(r.copy.ms)} | ${n(r.copy.filesPerSec)} | ${r.copy.mbPerSec.toFixed(1)} | 100% |`,
    `| copy with each file flushed (copyFile + fsync, 4 at a time) | ${s(r.durableCopy.ms)} | ${n(r.durableCopy.filesPerSec)} | ${r.durableCopy.mbPerSec.toFixed(1)} | ${(100 * (r.durableCopy.filesPerSec / r.copy.filesPerSec)).toFixed(1)}% |`,
    `| ingestion into a file registry + embedded store (plan ${s(r.ingest.planMs)} included) | ${s(r.ingest.ms)} | ${n(r.ingest.filesPerSec)} | ${r.ingest.mbPerSec.toFixed(1)} | ${(100 * share).toFixed(1)}% |`,
    '',
    `- Budget (≥ 70% of a plain copy's throughput): **${share >= 0.7 ? 'met' : 'MISSED'}** (${(100 * share).toFixed(1)}%; ${(100 * shareDurable).toFixed(0)}% of the flushed copy).`,
    `- Ingestion wrote ${n(r.ingest.datums)} datums (each image and its registry child), ${r.concurrency} groups at a time; runs: ${r.ingest.all.map(s).join(', ')}.`,
    '- Why the gap: a plain copy writes one file per image and flushes nothing. Ingestion hashes each file,',
    '  checks duplicates (one indexed lookup per group), and writes each payload as a registry object in the',
    "  Python library's layout: two folders, the payload and its YAML commit file, each written to a temporary",
    '  name, flushed (fsync), renamed, and its folder flushed — the crash-safe order of spec §4 — then inserts',
    '  the datums (one transaction per group of 32 files). Per image that is about twenty file-system calls and',
    '  four flushes against the copy’s five calls and none.',
  ];
  if (r.memory) {
    const m = r.memory;
    out.push(
      '',
      `A ${(m.fileBytes / 1024 ** 3).toFixed(1)} GB file, in a process of its own (RSS sampled every 20 ms; ${m.baselineRssMb} MB once the embedded store is open, most of it PGlite's WebAssembly memory):`,
      '',
      '| step | time | RSS at its start | peak RSS | growth |',
      '|---|---:|---:|---:|---:|',
      `| received as an upload (streamed to a temporary file, as \`POST /upload\` does) | ${s(m.upload.ms)} | ${m.upload.startRssMb} MB | ${m.upload.peakRssMb} MB | ${Math.max(0, m.upload.peakRssMb - m.upload.startRssMb).toFixed(1)} MB |`,
      `| ingested (hashed, then streamed into the file registry) | ${s(m.ingest.ms)} | ${m.ingest.startRssMb} MB | ${m.ingest.peakRssMb} MB | ${Math.max(0, m.ingest.peakRssMb - m.ingest.startRssMb).toFixed(1)} MB |`,
      '',
      `- Peak JS heap while ingesting ${m.ingest.peakHeapMb} MB, peak array buffers ${m.ingest.peakArrayBuffersMb} MB: memory stays flat (the file is never held whole).`,
    );
  }
  out.push('');
  return out.join('\n');
}
