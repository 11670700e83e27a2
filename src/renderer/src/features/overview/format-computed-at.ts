/** How the overview says when its counts by type were computed. */

/** The time alone for today (the usual case), the date too for older counts. */
export function formatComputedAt(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const today = at.toDateString() === now.toDateString();
  return at.toLocaleString(
    undefined,
    today ? { timeStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' },
  );
}
