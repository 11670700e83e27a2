/**
 * The registry layout a connection writes new registries in: chosen in the connection form, shown on its
 * card, remembered, and used by the engine for the connection's local registry.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';

test('the connection form chooses the layout of new registries, and the card shows it', async ({
  app,
  connections,
  dataDir,
  mongoUri,
  mongoDbName,
}) => {
  const page = connections.page;
  await app.showConnections();
  const embedded = connections.row('Embedded datalake');
  await expect(embedded).toContainText('Registry');
  await expect(embedded).toContainText(join(dataDir, 'embedded', 'registry'));
  await expect(page.getByTestId('connection-registry-layout-Embedded datalake')).toHaveText(
    'mindtrace-registry 0.12 and later',
  );

  await connections.openAddForm();
  const select = connections.form.getByLabel('Layout of new registries');
  await expect(select).toHaveValue('mindtrace'); // the documented default
  await connections.fillForm({ name: 'Zenml team', uri: mongoUri, dbName: mongoDbName });
  await select.selectOption({ label: 'mindtrace-registry 0.5–0.11 (zenml materializers)' });
  await expect(connections.form).toContainText('A registry that already holds objects keeps its own layout.');
  await connections.form.screenshot({ path: test.info().outputPath('registry-layout-form.png') });
  await connections.saveForm();

  const layout = page.getByTestId('connection-registry-layout-Zenml team');
  await expect(layout).toHaveText('mindtrace-registry 0.5–0.11 (zenml materializers)');
  await connections
    .row('Zenml team')
    .screenshot({ path: test.info().outputPath('registry-layout-card.png') });
  const saved = JSON.parse(await readFile(join(dataDir, 'connections.json'), 'utf8'));
  expect(saved.connections.map((c: { registryGeneration?: string }) => c.registryGeneration)).toEqual([
    'zenml',
  ]);

  // Edited back, and still so after a reload.
  await connections.editButton('Zenml team').click();
  await expect(select).toHaveValue('zenml');
  await select.selectOption('mindtrace');
  await connections.form.getByRole('button', { name: 'Save changes' }).click();
  await expect(layout).toHaveText('mindtrace-registry 0.12 and later');
  await page.reload();
  await expect(page.getByTestId('connection-registry-layout-Zenml team')).toHaveText(
    'mindtrace-registry 0.12 and later',
  );
  expect(await readdir(dataDir)).toContain('connections.json');
});
