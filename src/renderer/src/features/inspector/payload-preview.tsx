/**
 * A registry payload: where it lives, its files, the materializer, and a preview by kind. Text and JSON show
 * their head, bytes a hex head, numpy arrays their first values; pickles and unknown materializers only
 * their metadata (nothing is ever unpickled). Only the head of a file is read, whatever its size.
 */
import { useEffect, useState } from 'react';
import type { PayloadProblem, PayloadSummary } from '#shared/contract';
import { payloadUrl } from '../../api/payload-url';
import { formatBytes } from './format';
import { readNpyHead } from './npy-head';

const TEXT_HEAD = 64 * 1024;
const HEX_HEAD = 256;
const NPY_HEAD = 64 * 1024;

export function isProblem(p: PayloadSummary | PayloadProblem | undefined): p is PayloadProblem {
  return Boolean(p && 'problem' in p);
}

export function PayloadFacts({ payload }: { payload: PayloadSummary }) {
  return (
    <div className="payload">
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{payload.kind}</dd>
        <dt>Class</dt>
        <dd className="mono">{payload.className}</dd>
        <dt>Materializer</dt>
        <dd className="mono">{payload.materializer}</dd>
        <dt>Version</dt>
        <dd className="mono">{payload.version}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(payload.size)}</dd>
        {payload.image && (
          <>
            <dt>Image</dt>
            <dd>
              {payload.image.format} {payload.image.width}×{payload.image.height}
            </dd>
          </>
        )}
        {payload.array && (
          <>
            <dt>Array</dt>
            <dd className="mono">
              shape ({payload.array.shape.join(', ')}) · {payload.array.dtype}
            </dd>
          </>
        )}
        <dt>Hash</dt>
        <dd className="mono payload__hash">
          {payload.hash ?? '—'}
          {payload.verified === true && <span className="badge badge--active">verified</span>}
        </dd>
      </dl>
      <table className="table payload__files">
        <thead>
          <tr>
            <th>File</th>
            <th className="num">Size</th>
          </tr>
        </thead>
        <tbody>
          {payload.files.map((f) => (
            <tr key={f.path}>
              <td className="mono">{f.path}</td>
              <td className="num">{formatBytes(f.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The preview of a non-image payload (images are drawn with their boxes by the inspector). */
export function PayloadBody({ id, payload }: { id: string; payload: PayloadSummary }) {
  switch (payload.kind) {
    case 'json':
    case 'text':
      return <TextHead id={id} />;
    case 'bytes':
      return <HexHead id={id} size={payload.size} />;
    case 'ndarray':
      return <ArrayHead id={id} />;
    case 'pickle':
    case 'unknown':
      return (
        <p className="muted">
          This payload is shown by its metadata only: the app never runs pickles or unknown materializers.
        </p>
      );
    default:
      return null;
  }
}

/** Reads at most `limit` bytes of a payload file from the payload route, then stops the download. */
async function readHead(url: string, limit: number, signal: AbortSignal): Promise<Uint8Array> {
  const res = await fetch(url, { signal, credentials: 'same-origin' });
  if (!res.ok || !res.body) throw new Error(`The payload route answered ${res.status}`);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  await reader.cancel().catch(() => {});
  const out = new Uint8Array(Math.min(total, limit));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, out.length - at);
    out.set(part, at);
    at += part.length;
    if (at >= out.length) break;
  }
  return out;
}

function useHead(id: string, limit: number) {
  const [state, setState] = useState<{ bytes: Uint8Array | null; error: string | null }>({
    bytes: null,
    error: null,
  });
  useEffect(() => {
    const controller = new AbortController();
    setState({ bytes: null, error: null });
    readHead(payloadUrl(id), limit, controller.signal).then(
      (bytes) => setState({ bytes, error: null }),
      (err: Error) => {
        if (!controller.signal.aborted) setState({ bytes: null, error: err.message });
      },
    );
    return () => controller.abort();
  }, [id, limit]);
  return state;
}

function TextHead({ id }: { id: string }) {
  const { bytes, error } = useHead(id, TEXT_HEAD);
  if (error) return <p className="inspector__warning">{error}</p>;
  if (!bytes) return <p className="muted">Reading…</p>;
  let text = new TextDecoder().decode(bytes);
  try {
    if (bytes.length < TEXT_HEAD) text = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON (or cut short): shown as it is.
  }
  return (
    <pre className="payload__text" data-testid="payload-text">
      {text}
      {bytes.length >= TEXT_HEAD && '\n…'}
    </pre>
  );
}

function HexHead({ id, size }: { id: string; size: number }) {
  const { bytes, error } = useHead(id, HEX_HEAD);
  if (error) return <p className="inspector__warning">{error}</p>;
  if (!bytes) return <p className="muted">Reading…</p>;
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = [...bytes.subarray(i, i + 16)];
    const hex = row.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = row.map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${i.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return (
    <>
      <p className="muted">
        First {bytes.length} of {formatBytes(size)}:
      </p>
      <pre className="payload__text" data-testid="payload-bytes">
        {lines.join('\n')}
      </pre>
    </>
  );
}

function ArrayHead({ id }: { id: string }) {
  const { bytes, error } = useHead(id, NPY_HEAD);
  if (error) return <p className="inspector__warning">{error}</p>;
  if (!bytes) return <p className="muted">Reading…</p>;
  const head = readNpyHead(bytes, 24);
  if ('error' in head) return <p className="muted">{head.error}</p>;
  return (
    <p className="mono payload__values" data-testid="payload-values">
      [{head.values.join(', ')}
      {head.more ? ', …' : ''}]
    </p>
  );
}
