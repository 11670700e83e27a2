/** The feature registry holds together: every menu entry opens a route that marks it, and nothing clashes. */
import { describe, expect, it } from 'vitest';
import { FEATURES, HOME_HREF, MENU, resolveRoute } from './features';
import { parseHash } from './routing/hash-route';

describe('feature registration', () => {
  it('gives each menu entry a route that selects that entry', () => {
    expect(MENU.map((m) => m.id)).toEqual(expect.arrayContaining(['overview', 'connections']));
    expect(MENU.map((m) => m.order)).toEqual([...MENU.map((m) => m.order)].sort((a, b) => a - b));
    for (const entry of MENU) {
      const resolved = resolveRoute(parseHash(entry.href));
      expect(resolved, entry.href).not.toBeNull();
      expect(resolved?.route.menuId).toBe(entry.id);
    }
  });

  it('has unique feature ids, menu ids and route patterns', () => {
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    unique(FEATURES.map((f) => f.id));
    unique(MENU.map((m) => m.id));
    unique(FEATURES.flatMap((f) => f.routes.map((r) => r.pattern)));
  });

  it('lands home on a registered route and resolves nothing else', () => {
    expect(resolveRoute(parseHash(HOME_HREF))?.route.menuId).toBe('overview');
    expect(resolveRoute(parseHash('#/'))).toBeNull();
    expect(resolveRoute(parseHash('#/no-such-screen'))).toBeNull();
  });
});
