import { describe, expect, it } from 'vitest';
import { formatComputedAt } from './format-computed-at';

describe('formatComputedAt', () => {
  const now = new Date(2026, 10, 26, 15, 30, 0);

  it('shows the time alone for counts computed today', () => {
    const at = new Date(2026, 10, 26, 9, 5, 7);
    expect(formatComputedAt(at.toISOString(), now)).toBe(
      at.toLocaleTimeString(undefined, { timeStyle: 'medium' }),
    );
  });

  it('shows the date too for older counts', () => {
    const at = new Date(2025, 0, 2, 9, 5, 7);
    const text = formatComputedAt(at.toISOString(), now);
    expect(text).toContain('2025');
    expect(text).not.toBe(at.toLocaleTimeString(undefined, { timeStyle: 'medium' }));
  });
});
