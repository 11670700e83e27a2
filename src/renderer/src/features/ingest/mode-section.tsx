/** How files become datums, and what to do with files already in the datalake. */
import { useIngest } from './ingest-store';

export function ModeSection() {
  const form = useIngest((s) => s.form);
  const { update } = useIngest.getState();
  return (
    <fieldset className="ingest-section" data-testid="ingest-mode">
      <legend className="field__label">Files become</legend>
      <label className="ingest-choice">
        <input
          type="checkbox"
          checked={form.images === 'image'}
          onChange={(e) => update({ images: e.target.checked ? 'image' : 'file' })}
        />
        Images as image datums (size and format read from the header)
      </label>
      <label className="ingest-choice">
        <input
          type="checkbox"
          checked={form.json === 'records'}
          onChange={(e) => update({ json: e.target.checked ? 'records' : 'file' })}
        />
        JSON and JSONL as records (one datum per value or line)
      </label>
      <label className="ingest-choice">
        <input
          type="checkbox"
          checked={form.annotations}
          onChange={(e) => update({ annotations: e.target.checked })}
        />
        COCO, YOLO and Pascal VOC files as labels and boxes of their images
      </label>
      <label className="ingest-choice">
        <input
          type="checkbox"
          checked={form.duplicates === 'add'}
          onChange={(e) => update({ duplicates: e.target.checked ? 'add' : 'skip' })}
        />
        Add files again when their sha256 is already in the datalake
      </label>
    </fieldset>
  );
}
