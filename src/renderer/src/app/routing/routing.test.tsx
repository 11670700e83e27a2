/**
 * The hash router inside the app frame, on the real services: a deep link renders its route, `#/` and
 * unknown routes land on the overview without a history entry of their own, and the view menu's tabs follow
 * the route (clicked, or changed by back and forward).
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../App';

function tab(name: 'Overview' | 'Connections') {
  return screen.getByRole('tab', { name });
}

async function expectSelected(name: 'Overview' | 'Connections') {
  const other = name === 'Overview' ? 'Connections' : 'Overview';
  await waitFor(() => expect(tab(name).getAttribute('aria-selected')).toBe('true'));
  expect(tab(other).getAttribute('aria-selected')).toBe('false');
  // The routed view is the tab panel the selected tab controls.
  expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(tab(name).id);
}

function openAt(hash: string) {
  history.replaceState(null, '', `/${hash}`);
  return render(<App />);
}

describe('routing', () => {
  it('renders the route of a deep link', async () => {
    openAt('#/connections');
    expect(await screen.findByTestId('connections-view')).toBeTruthy();
    expect(screen.queryByTestId('overview-view')).toBeNull();
    await expectSelected('Connections');
    expect(location.hash).toBe('#/connections');
  });

  it.each(['#/no-such-screen', '#/', '', '#/overview/extra/segments'])(
    'lands on the overview from %j, replacing the entry',
    async (hash) => {
      const entries = history.length;
      openAt(hash);
      expect(await screen.findByTestId('overview-view')).toBeTruthy();
      expect(location.hash).toBe('#/overview');
      expect(history.length).toBe(entries);
      await expectSelected('Overview');
    },
  );

  it('follows the menu, and back and forward, with the tabs in step', async () => {
    const user = userEvent.setup();
    openAt('#/overview');
    expect(await screen.findByTestId('overview-view')).toBeTruthy();
    await expectSelected('Overview');

    await user.click(tab('Connections'));
    expect(await screen.findByTestId('connections-view')).toBeTruthy();
    expect(location.hash).toBe('#/connections');
    await expectSelected('Connections');

    history.back();
    expect(await screen.findByTestId('overview-view')).toBeTruthy();
    expect(location.hash).toBe('#/overview');
    await expectSelected('Overview');

    history.forward();
    expect(await screen.findByTestId('connections-view')).toBeTruthy();
    await expectSelected('Connections');
  });

  it('follows a hash changed from outside (a link, the address bar)', async () => {
    openAt('#/overview');
    expect(await screen.findByTestId('overview-view')).toBeTruthy();
    location.hash = '#/connections';
    expect(await screen.findByTestId('connections-view')).toBeTruthy();
    await expectSelected('Connections');
  });
});
