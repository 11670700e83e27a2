/**
 * The overview on a fresh, empty embedded datalake (the real services, in process): the "Load sample
 * dataset" empty state, the load with its progress, then the counts of what was really written.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../App';
import { getClient } from '../../api/client';

/** A count as the screen writes it (`1,234` in this locale) back into a number. */
function readCount(el: HTMLElement): number {
  const digits = (el.textContent ?? '').replace(/[^\d]/g, '');
  expect(digits).not.toBe('');
  return Number(digits);
}

describe('overview of an empty datalake', () => {
  it('offers the sample dataset, loads it with progress, then shows the counts', {
    timeout: 180_000,
  }, async () => {
    const user = userEvent.setup();
    history.replaceState(null, '', '/#/overview');
    render(<App />);

    const empty = await screen.findByTestId('overview-empty', {}, { timeout: 20_000 });
    expect(within(empty).getByRole('heading', { name: 'This datalake is empty' })).toBeTruthy();
    expect(screen.queryByTestId('overview-estimated-count')).toBeNull();
    expect((await getClient().call('overview.exactCount', {})).count).toBe(0);

    await user.click(within(empty).getByRole('button', { name: 'Load sample dataset' }));
    // The button gives way to the job's progress while the sample is written.
    expect(await screen.findByRole('progressbar', { name: 'Loading sample dataset' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load sample dataset' })).toBeNull();

    const estimate = await screen.findByTestId('overview-estimated-count', {}, { timeout: 150_000 });
    expect(screen.queryByTestId('overview-empty')).toBeNull();
    expect(readCount(estimate)).toBeGreaterThan(0);

    // What was really written, asked of the host, against what the screen lists per type.
    const { count: total } = await getClient().call('overview.exactCount', {});
    expect(total).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByTestId('overview-type-count-image')).toBeTruthy(), {
      timeout: 30_000,
    });
    const rows = screen.getAllByTestId(/^overview-type-count-/);
    const shown = new Map(
      rows.map((row) => [
        row.getAttribute('data-testid')!.slice('overview-type-count-'.length),
        readCount(within(row).getByTestId('count')),
      ]),
    );
    expect([...shown.keys()]).toEqual(expect.arrayContaining(['image', 'classification', 'bbox']));
    expect([...shown.values()].reduce((a, b) => a + b, 0)).toBe(total);
    // "Types" counts the distinct values of data.type; datums without one are listed as `(none)`.
    const typed = [...shown.keys()].filter((type) => type !== '(none)');
    expect(readCount(screen.getByTestId('overview-type-total'))).toBe(typed.length);

    // The exact count on request matches the host's.
    await user.click(screen.getByRole('button', { name: 'Exact count' }));
    expect(readCount(await screen.findByTestId('overview-exact-count'))).toBe(total);
  });
});
