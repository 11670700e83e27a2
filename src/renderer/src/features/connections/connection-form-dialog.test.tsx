/**
 * The add-connection form on the connections screen, on the real services: required fields are flagged
 * before anything is sent, the host's own URI check answers in the form, and a valid connection is saved.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../App';
import { getClient } from '../../api/client';

const NAME_ERROR = 'Give the connection a name.';
const URI_ERROR = 'Enter a MongoDB connection string.';
const DB_ERROR = 'Enter the database that holds the datums.';

async function openAddForm() {
  const user = userEvent.setup();
  history.replaceState(null, '', '/#/connections');
  render(<App />);
  const view = await screen.findByTestId('connections-view', {}, { timeout: 20_000 });
  await user.click(within(view).getByRole('button', { name: 'Add connection' }));
  const form = await screen.findByRole('dialog', { name: 'Add a MongoDB connection' });
  // Each label wraps its input with the hints and errors below it, so its text only starts with the name.
  const field = (label: string) => within(form).getByLabelText(new RegExp(`^${label}`)) as HTMLInputElement;
  return { user, form, name: field('Name'), uri: field('Connection string'), dbName: field('Database name') };
}

async function savedNames(): Promise<string[]> {
  return (await getClient().call('connections.list', {})).connections.map((c) => c.name);
}

describe('adding a connection', () => {
  it('flags every empty field and sends nothing', async () => {
    const { user, form, name, uri, dbName } = await openAddForm();
    const before = await savedNames();

    await user.click(within(form).getByRole('button', { name: 'Save connection' }));
    for (const [input, message] of [
      [name, NAME_ERROR],
      [uri, URI_ERROR],
      [dbName, DB_ERROR],
    ] as const) {
      const error = within(form).getByText(message);
      expect(input.getAttribute('aria-invalid')).toBe('true');
      expect(input.getAttribute('aria-describedby')).toBe(error.id);
    }
    // "Test connection" needs a URI and a database too: no test is started.
    await user.click(within(form).getByRole('button', { name: 'Test connection' }));
    expect(within(form).queryByTestId('connection-test-result')).toBeNull();

    // Filling one field clears its error only.
    await user.type(name, 'Staging');
    expect(within(form).queryByText(NAME_ERROR)).toBeNull();
    expect(name.getAttribute('aria-invalid')).toBe('false');
    expect(within(form).getByText(URI_ERROR)).toBeTruthy();
    expect(within(form).getByText(DB_ERROR)).toBeTruthy();

    expect(screen.getByRole('dialog', { name: 'Add a MongoDB connection' })).toBe(form);
    expect(await savedNames()).toEqual(before);
  });

  it('shows the host’s answer to a connection string that is not MongoDB’s, then saves a valid one', async () => {
    const { user, form, name, uri, dbName } = await openAddForm();
    const before = await savedNames();
    await user.type(name, 'Staging');
    await user.type(uri, 'http://db.example:27017/');
    await user.type(dbName, 'lake');

    await user.click(within(form).getByRole('button', { name: 'Save connection' }));
    const banner = await within(form).findByTestId('connection-form-error');
    expect(within(banner).getByTestId('connection-form-error-message').textContent).toMatch(
      /"http:\/\/db\.example:27017\/" is not a MongoDB URI/,
    );
    expect(await savedNames()).toEqual(before);

    await user.clear(uri);
    await user.type(uri, 'mongodb://127.0.0.1:27017/');
    await user.click(within(form).getByRole('button', { name: 'Save connection' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByTestId('connection-row-Staging')).toBeTruthy();
    expect(screen.getByTestId('connection-item-Staging')).toBeTruthy();
    expect(await savedNames()).toEqual([...before, 'Staging']);
  });

  it('reports a refused "Test connection" in the form', async () => {
    const { user, form, name, uri, dbName } = await openAddForm();
    await user.type(name, 'Nowhere');
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    await user.type(uri, 'mongodb://127.0.0.1:1/');
    await user.type(dbName, 'lake');
    await user.click(within(form).getByRole('button', { name: 'Test connection' }));
    const result = within(form).getByTestId('connection-test-result');
    await waitFor(() => expect(result.getAttribute('data-ok')).toBe('false'), { timeout: 20_000 });
    expect(result.getAttribute('role')).toBe('alert');
    expect(result.textContent).toMatch(/127\.0\.0\.1:1/);
  });
});
