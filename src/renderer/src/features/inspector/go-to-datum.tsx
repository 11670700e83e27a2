/**
 * The "Go to datum" box of the top bar: paste an id, press Enter, and the inspector opens. A malformed id or
 * one that names no datum in the active datalake gets a clear message instead.
 */
import { useId, useState } from 'react';
import { getClient } from '../../api/client';
import { navigate } from '../../app/routing/router-store';
import { DATUM_ID } from './format';
import './inspector.css';

export function GoToDatum() {
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const messageId = useId();

  const go = async () => {
    const id = value.trim().replace(/^ObjectId\(["']?|["']?\)$/g, '');
    if (!id) return;
    if (!DATUM_ID.test(id)) {
      setMessage(`“${id}” is not a datum id: ids are 24 hexadecimal characters.`);
      return;
    }
    setBusy(true);
    try {
      const { datums } = await getClient().call('datums.get', {
        ids: [id.toLowerCase()],
        fields: ['data.type'],
      });
      if (!datums[0]) {
        setMessage(`No datum with the id ${id} in this datalake.`);
        return;
      }
      setMessage(null);
      setValue('');
      navigate(`#/datum/${id.toLowerCase()}`);
    } catch (err) {
      setMessage((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="go-to-datum"
      onSubmit={(e) => {
        e.preventDefault();
        void go();
      }}
    >
      <input
        className="input input--mono go-to-datum__input"
        aria-label="Go to datum"
        placeholder="Go to datum (paste an id)"
        value={value}
        spellCheck={false}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? messageId : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setMessage(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setValue('');
            setMessage(null);
          }
        }}
        disabled={busy}
      />
      {message && (
        <p className="go-to-datum__message" id={messageId} role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
