/**
 * The query builder on the sample dataset, through the real UI in Chromium: building a query with the
 * cards only, pasting JSON that rebuilds the cards, validation errors at their card and in the JSON,
 * and reordering / removing stages.
 */
import type { WebHost } from '../src/main/web-host/server';
import { expect, test } from './fixtures';
import { QueryBuilderPage } from './pages/query-builder-page';

const PROJECT = 'sample-shapes';

/** The engine's own answer for a query, through the host's active datalake. */
async function engineRows(host: WebHost, query: unknown): Promise<Array<Record<string, string>>> {
  return host.services.connections.withDatalake(
    async (dl) => (await dl.queryData(query as never)) as Array<Record<string, string>>,
  );
}

test.describe('query builder', () => {
  let builder: QueryBuilderPage;

  test.beforeEach(async ({ overview, page }) => {
    await overview.loadSample();
    builder = new QueryBuilderPage(page);
    await builder.open();
  });

  test('builds [images, latest label, missing bbox] with the cards only', async ({ host, page }) => {
    // The editor's styles go through a constructed stylesheet, which the page's CSP allows.
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) refusals.push(m.text());
    });
    // The field suggestions come from the schema sample.
    await expect(page.locator('#qb-field-suggestions option[value="metadata.project"]')).toHaveCount(1);

    const base = builder.stageCards.first();
    await base.getByLabel('Column', { exact: true }).fill('image_id');
    const images = builder.stage('image_id');
    await builder.addCondition(images, { field: 'metadata.project', operator: '=', value: PROJECT });
    await builder.addCondition(images, { field: 'data.type', operator: '=', value: 'image' });

    await builder.addStage();
    const second = builder.stageCards.nth(1);
    await expect(second.getByLabel('Derived from')).toHaveValue('image_id');
    await second.getByLabel('Column', { exact: true }).fill('label_id');
    const labels = builder.stage('label_id');
    await labels.getByLabel('Strategy', { exact: true }).selectOption('latest');
    await builder.addCondition(labels, { field: 'data.type', operator: '=', value: 'classification' });

    await builder.addStage();
    const third = builder.stageCards.nth(2);
    await expect(third.getByLabel('Derived from')).toHaveValue('label_id');
    await third.getByLabel('Column', { exact: true }).fill('bbox_id');
    const boxes = builder.stage('bbox_id');
    await boxes.getByLabel('Strategy', { exact: true }).selectOption('missing');
    await builder.addCondition(boxes, { field: 'data.type', operator: '=', value: 'bbox' });

    const expected = [
      { column: 'image_id', 'metadata.project': PROJECT, 'data.type': 'image' },
      { column: 'label_id', derived_from: 'image_id', strategy: 'latest', 'data.type': 'classification' },
      { column: 'bbox_id', derived_from: 'label_id', strategy: 'missing', 'data.type': 'bbox' },
    ];
    await expect.poll(() => builder.jsonValue()).toEqual(expected);
    await expect(builder.runButton).toBeEnabled();
    await expect(builder.runReason).toHaveText('Ready to run');

    // Rows wanted and Transpose are options beside the query list, checked by the same validator.
    await builder.rowsWanted.fill('0');
    await expect(builder.runButton).toBeDisabled();
    await expect(builder.runReason).toHaveText('Cannot run: datumsWanted must be a positive integer, got 0');
    await builder.rowsWanted.fill('25');
    await builder.transpose.check();
    await expect(builder.runButton).toBeEnabled();
    expect(await builder.jsonValue()).toEqual(expected);

    // The engine takes this JSON as it is: images whose latest label has no bbox, no bbox column.
    const rows = await engineRows(host, expected);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['image_id', 'label_id']);

    await expect(page.locator('.cm-gutters')).toHaveCSS('border-right-style', 'solid');
    expect(refusals).toEqual([]);
  });

  test('pasting a JSON query rebuilds the cards to match it, keeping what they cannot show', async () => {
    const query = [
      {
        column: 'image_id',
        'metadata.project': PROJECT,
        'metadata.split': { $in: ['train', 'val'] },
        added_at: { $gte: { $date: '2024-01-01T00:00:00Z' }, $lte: { $date: '2030-06-30T12:00:00Z' } },
      },
      {
        column: 'label_id',
        derived_from: 'image_id',
        strategy: 'earliest',
        'data.type': 'classification',
        $or: [{ 'data.label': 'circle' }, { 'data.confidence': { $gte: 0.9 } }],
      },
      {
        column: 'bbox_id',
        derived_from: 'label_id',
        strategy: 'missing',
        'data.type': 'bbox',
        $expr: { $gt: ['$data.width', '$data.height'] },
      },
    ];
    await builder.pasteJson(JSON.stringify(query, null, 2));

    expect(await builder.columns()).toEqual(['image_id', 'label_id', 'bbox_id']);
    const images = builder.stage('image_id');
    expect(await builder.selected(images, 'Strategy')).toBe('latest');
    await expect(images.getByLabel('Derived from')).toHaveCount(0);
    const imageConditions = builder.conditions(images);
    await expect(imageConditions).toHaveCount(3);
    expect(await builder.readCondition(imageConditions.nth(0))).toEqual({
      field: 'metadata.project',
      operator: '=',
      value: PROJECT,
      kind: 'Text',
    });
    expect(await builder.readCondition(imageConditions.nth(1))).toEqual({
      field: 'metadata.split',
      operator: 'in',
      value: 'train, val',
      kind: 'Text',
    });
    const range = imageConditions.nth(2);
    expect(await builder.readCondition(range)).toMatchObject({ field: 'added_at', operator: 'between' });
    // Dates show in UTC, as short as they can be.
    await expect(range.getByLabel('From', { exact: true })).toHaveValue('2024-01-01');
    await expect(range.getByLabel('To', { exact: true })).toHaveValue('2030-06-30 12:00');

    const labels = builder.stage('label_id');
    await expect(labels.getByLabel('Derived from')).toHaveValue('image_id');
    expect(await builder.selected(labels, 'Strategy')).toBe('earliest');
    const or = labels.getByRole('group', { name: 'OR group' });
    await expect(or.getByRole('radio', { name: 'Any' })).toBeChecked();
    const orConditions = builder.conditions(or);
    await expect(orConditions).toHaveCount(2);
    expect(await builder.readCondition(orConditions.nth(0))).toMatchObject({
      field: 'data.label',
      operator: '=',
      value: 'circle',
    });
    expect(await builder.readCondition(orConditions.nth(1))).toEqual({
      field: 'data.confidence',
      operator: '≥',
      value: '0.9',
      kind: 'Number',
    });
    expect(await builder.readCondition(builder.conditions(labels).first())).toMatchObject({
      field: 'data.type',
      value: 'classification',
    });

    const boxes = builder.stage('bbox_id');
    await expect(boxes.getByLabel('Derived from')).toHaveValue('label_id');
    expect(await builder.selected(boxes, 'Strategy')).toBe('missing');
    const raw = boxes.getByRole('group', { name: 'Raw JSON condition' });
    await expect(raw.getByTestId('raw-json')).toHaveText(
      '{"$expr": {"$gt": ["$data.width", "$data.height"]}}',
    );

    // Editing a card rewrites the JSON and keeps the part the cards only hold as raw JSON.
    await builder.fillCondition(orConditions.nth(0), { field: 'data.label', value: 'square' });
    await expect
      .poll(async () => (await builder.jsonValue()) as unknown[])
      .toEqual([
        query[0],
        { ...query[1], $or: [{ 'data.label': 'square' }, { 'data.confidence': { $gte: 0.9 } }] },
        query[2],
      ]);
    await expect(builder.runButton).toBeEnabled();
  });

  test('an invalid query shows each error at its card and in the JSON, and Run says why it is disabled', async ({
    page,
  }) => {
    await builder.pasteJson(
      JSON.stringify(
        [
          { column: 'image_id', 'data.type': 'image', 'data.filename': { $regex: '^shape_(' } },
          { column: 'label_id', derived_from: 'nope', 'data.type': 'classification' },
        ],
        null,
        2,
      ),
    );
    const regexError = 'Invalid regular expression on data.filename: ^shape_(';
    const refError = 'Unknown derived_from reference: nope';

    // At the card, and at the condition inside it.
    const images = builder.stage('image_id');
    const regexRow = builder.conditions(images).nth(1);
    await expect(regexRow.getByLabel('Operator')).toHaveValue('regex');
    await expect(regexRow).toHaveAccessibleDescription(regexError);
    await expect(builder.issues(images)).toHaveText([regexError]);
    const labels = builder.stage('label_id');
    await expect(builder.issues(labels)).toHaveText([refError]);
    await expect(labels.getByLabel('Derived from')).toHaveAttribute('aria-invalid', 'true');

    // In the JSON, on the offending keys, with the message on hover.
    await expect(builder.jsonErrorMarks()).toHaveText(['"$regex"', '"derived_from"']);
    await builder.jsonErrorMarks().last().hover();
    await expect(page.locator('.cm-tooltip .cm-diagnostic-error')).toHaveText(refError);
    await expect(builder.jsonStatus).toContainText('2 problems');

    // Run is disabled and says why: the first problem.
    await expect(builder.runButton).toBeDisabled();
    await expect(builder.runReason).toHaveText(`Cannot run: ${regexError}`);
    await expect(builder.runButton).toHaveAccessibleDescription(`Cannot run: ${regexError}`);

    // Fixing both in the cards clears the marks and enables Run.
    await labels.getByLabel('Derived from').selectOption('image_id');
    await expect(builder.issues(labels)).toHaveCount(0);
    await expect(builder.runReason).toHaveText(`Cannot run: ${regexError}`);
    await regexRow.getByLabel('Value', { exact: true }).fill('^shape_(0|1)');
    await expect(builder.jsonErrorMarks()).toHaveCount(0);
    await expect(builder.runButton).toBeEnabled();

    // A value that is not one yet keeps Run disabled with its own reason, without touching the JSON.
    await builder.addCondition(images, { field: 'data.width', kind: 'Number', value: 'wide' });
    await expect(builder.runReason).toHaveText('Cannot run: "wide" is not a number');
    await expect(builder.runButton).toBeDisabled();
    expect(JSON.stringify(await builder.jsonValue())).not.toContain('wide');
  });

  test('groups nest, and a JSON condition becomes conditions where the cards can show it', async () => {
    await builder.pasteJson('[{"column": "image_id", "data.type": "image"}]');
    const images = builder.stage('image_id');

    await images.getByRole('button', { name: 'Group', exact: true }).click();
    const or = images.getByRole('group', { name: 'OR group' });
    await expect(or).toBeVisible();
    // A new group starts with an empty condition: the validator names it at that condition.
    await expect(builder.issues(or)).toHaveText(['Empty field name in query 0']);
    await builder.fillCondition(builder.conditions(or).first(), { field: 'data.shape', value: 'circle' });
    await builder.addCondition(or, { field: 'data.shape', value: 'square' });
    // A group inside the OR group starts as AND; switching it to None makes it a NOR.
    await or.getByRole('button', { name: 'Group', exact: true }).last().click();
    const and = or.getByRole('group', { name: 'AND group' });
    await builder.fillCondition(builder.conditions(and).first(), {
      field: 'data.width',
      kind: 'Number',
      value: '64',
    });
    await and.getByText('None', { exact: true }).click();
    await expect(or.getByRole('group', { name: 'NOR group' })).toBeVisible();

    await images.getByRole('button', { name: 'JSON condition' }).last().click();
    await images
      .getByLabel('JSON condition')
      .fill('{"data.tags": {"$size": 2}, "$expr": {"$gt": ["$data.width", 10]}}');
    await images.getByRole('button', { name: 'Add', exact: true }).click();
    const size = builder.conditions(images).last();
    expect(await builder.readCondition(size)).toMatchObject({
      field: 'data.tags',
      operator: 'size',
      value: '2',
    });
    await expect(
      images.getByRole('group', { name: 'Raw JSON condition' }).getByTestId('raw-json'),
    ).toHaveText('{"$expr": {"$gt": ["$data.width", 10]}}');

    await expect
      .poll(() => builder.jsonValue())
      .toEqual([
        {
          column: 'image_id',
          'data.type': 'image',
          $or: [{ 'data.shape': 'circle' }, { 'data.shape': 'square' }, { $nor: [{ 'data.width': 64 }] }],
          'data.tags': { $size: 2 },
          $expr: { $gt: ['$data.width', 10] },
        },
      ]);
    await expect(builder.runButton).toBeEnabled();
  });

  test('a JSON syntax error leaves the cards as they were, read-only, and Run points to the error', async () => {
    await builder.stageCards.first().getByLabel('Column', { exact: true }).fill('image_id');
    await builder.json.click();
    await builder.page.keyboard.press('ControlOrMeta+End');
    await builder.page.keyboard.insertText(',');
    await expect(builder.staleNote).toBeVisible();
    await expect(builder.runReason).toContainText('JSON syntax error at line');
    await expect(builder.runButton).toBeDisabled();
    await expect(builder.stage('image_id').getByLabel('Column', { exact: true })).toBeDisabled();
    await expect(builder.jsonErrorMarks()).toHaveCount(1);

    await builder.page.keyboard.press('Backspace');
    await expect(builder.staleNote).toHaveCount(0);
    await expect(builder.stage('image_id').getByLabel('Column', { exact: true })).toBeEnabled();
    await expect(builder.runButton).toBeEnabled();
  });

  test('stages reorder by keyboard and by drag, and removing a parent offers to fix its dependents', async ({
    page,
  }) => {
    await builder.pasteJson(
      JSON.stringify([
        { column: 'image_id', 'data.type': 'image' },
        { column: 'label_id', derived_from: 'image_id', 'data.type': 'classification' },
        { column: 'bbox_id', derived_from: 'label_id', 'data.type': 'bbox' },
      ]),
    );
    await expect.poll(() => builder.columns()).toEqual(['image_id', 'label_id', 'bbox_id']);

    const handle = page.getByRole('button', { name: 'Move stage bbox_id', exact: true });
    await handle.focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => builder.columns()).toEqual(['image_id', 'bbox_id', 'label_id']);
    await expect(handle).toBeFocused();
    // bbox_id now comes before the label it derives from: the validator says so at that card.
    await expect(builder.issues(builder.stage('bbox_id'))).toHaveText([
      'Unknown derived_from reference: label_id',
    ]);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => builder.columns()).toEqual(['image_id', 'label_id', 'bbox_id']);

    await builder.dragStage('image_id', 'bbox_id', 'after');
    await expect.poll(() => builder.columns()).toEqual(['label_id', 'bbox_id', 'image_id']);
    await builder.dragStage('image_id', 'label_id', 'before');
    await expect.poll(() => builder.columns()).toEqual(['image_id', 'label_id', 'bbox_id']);

    // Removing label_id: bbox_id derives from it, and the dialog offers to derive it from image_id.
    await page.getByRole('button', { name: 'Remove stage label_id' }).click();
    const dialog = page.getByTestId('remove-stage-dialog');
    await expect(dialog).toContainText('bbox_id derives from label_id');
    await dialog.getByRole('button', { name: 'Derive it from image_id' }).click();
    await expect
      .poll(() => builder.jsonValue())
      .toEqual([
        { column: 'image_id', 'data.type': 'image' },
        { column: 'bbox_id', derived_from: 'image_id', 'data.type': 'bbox' },
      ]);

    // Removing the base with its dependents removes them too.
    await page.getByRole('button', { name: 'Remove stage image_id' }).click();
    await dialog.getByRole('button', { name: 'Remove 2 stages' }).click();
    await expect(builder.stageCards).toHaveCount(0);
    await expect(builder.runReason).toHaveText('Cannot run: Add a base stage to build a query');
  });
});
