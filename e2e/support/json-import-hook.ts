/**
 * Lets the tests import app code that imports JSON without `with { type: 'json' }` (bundlers and tsx
 * accept that; Node's own ESM loader, which Playwright uses, does not). Registered by playwright.config.ts
 * in every Playwright process; it only adds the attribute to `.json` imports that lack it.
 * Today that is src/main/services/sample-shapes.ts (resources/sample-dataset.json); once it imports
 * with the attribute this hook does nothing and can go.
 */
import { register } from 'node:module';

const hook = `
export async function load(url, context, nextLoad) {
  if (url.endsWith('.json') && !context.importAttributes?.type) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return nextLoad(url, context);
}
`;

let registered = false;

export function registerJsonImportHook(): void {
  if (registered) return;
  registered = true;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
