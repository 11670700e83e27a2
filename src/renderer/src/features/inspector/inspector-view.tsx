/** The inspector route (`#/datum/<id>`): one datum, full width. */
import { DatumDropZone } from '../ingest/feature';
import { DATUM_ID } from './format';
import { InspectorPanel } from './inspector-panel';

export function InspectorView({ id }: { id: string }) {
  if (!DATUM_ID.test(id)) {
    return (
      <div className="page">
        <p className="inspector__warning" role="alert">
          “{id}” is not a datum id: ids are 24 hexadecimal characters.
        </p>
      </div>
    );
  }
  return (
    <div className="page inspector-page">
      {/* Files dropped on the datum become its children (the ingestion dialog opens). */}
      <DatumDropZone datumId={id.toLowerCase()}>
        <InspectorPanel id={id.toLowerCase()} />
      </DatumDropZone>
    </div>
  );
}
