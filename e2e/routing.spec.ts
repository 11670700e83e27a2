/**
 * Hash routes in a real browser: the menu changes the address, back and forward walk the history with the
 * view and the tabs in step, a deep link survives a reload and opens directly, and an unknown route lands on
 * the overview without leaving itself in the history.
 */
import { expect, test } from './fixtures';
import { AppFrame } from './pages/app-frame';

async function expectOn(app: AppFrame, view: 'Overview' | 'Connections') {
  const hash = view === 'Overview' ? '#/overview' : '#/connections';
  await expect(app.page).toHaveURL(new RegExp(`${hash}$`));
  await expect(
    app.page.getByTestId(view === 'Overview' ? 'overview-view' : 'connections-view'),
  ).toBeVisible();
  await expect(app.tab(view)).toHaveAttribute('aria-selected', 'true');
  await expect(app.tab(view === 'Overview' ? 'Connections' : 'Overview')).toHaveAttribute(
    'aria-selected',
    'false',
  );
}

test('the menu, back and forward keep the view, the tabs and the address in step', async ({ app }) => {
  await expectOn(app, 'Overview');
  await app.tab('Connections').click();
  await expectOn(app, 'Connections');
  await app.page.goBack();
  await expectOn(app, 'Overview');
  await app.page.goForward();
  await expectOn(app, 'Connections');
});

test('a deep link survives a reload and opens directly', async ({ app, page, host, context }) => {
  await app.showConnections();
  // The token left the address bar on first load (the tab keeps it for its session, assets get a cookie).
  expect(new URL(page.url()).searchParams.get('token')).toBeNull();
  await page.reload();
  await expectOn(app, 'Connections');
  await expect(app.datalakeName).toHaveText('Embedded datalake');

  // Opened in a new tab as printed by `npm run serve`, with a route after the token.
  const other = new AppFrame(await context.newPage());
  await other.open(`${host.url}#/connections`);
  await expectOn(other, 'Connections');
});

test('an unknown route lands on the overview and leaves no history entry', async ({ app, page }) => {
  await app.showConnections();
  await page.evaluate(() => {
    location.hash = '#/no-such-screen';
  });
  await expectOn(app, 'Overview');
  await page.goBack();
  await expectOn(app, 'Connections');
});
