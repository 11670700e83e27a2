/**
 * Product screenshots: each is attached to the test report (an artifact) and written to
 * docs/screenshots/<name>-<theme>.png when UPDATE_SCREENSHOTS=1 (so a plain test run leaves the tree
 * clean). Taken once the screen has settled.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { SCREENSHOTS_DIR } from './paths';

export type Theme = 'light' | 'dark';

export async function captureScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  theme: Theme,
): Promise<string> {
  // Nothing still loading, fonts in, and the pointer away from any hover style.
  await expect(page.locator('.spinner')).toHaveCount(0, { timeout: 30_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.mouse.move(1279, 799);
  const file = `${name}-${theme}.png`;
  const artifact = testInfo.outputPath(file);
  await page.screenshot({ path: artifact, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(file, { path: artifact, contentType: 'image/png' });
  if (process.env.UPDATE_SCREENSHOTS !== '1') return artifact;
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const committed = join(SCREENSHOTS_DIR, file);
  await copyFile(artifact, committed);
  return committed;
}
