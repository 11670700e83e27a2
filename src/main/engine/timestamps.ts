/**
 * `added_at` handling. The engine writes true UTC instants. Python writers store naive local time as if
 * it were UTC; with `local-as-utc` the engine writes the same way (so ordering stays consistent in a
 * shared datalake) and converts back to true instants when it returns datums.
 */
export type TimestampMode = 'utc' | 'local-as-utc';

export interface Clock {
  /** The value to store in `added_at` now (millisecond precision). */
  now(): Date;
  /** The true instant of a stored `added_at`. */
  toInstant(stored: Date): Date;
}

export function makeClock(mode: TimestampMode): Clock {
  if (mode === 'utc') return { now: () => new Date(), toInstant: (d) => d };
  return {
    now: () => {
      const t = new Date();
      return new Date(t.getTime() - t.getTimezoneOffset() * 60_000);
    },
    toInstant: (d) => {
      // The offset is that of the true instant; near a DST change the first guess can be an hour off.
      const guess = d.getTime() + new Date(d.getTime()).getTimezoneOffset() * 60_000;
      return new Date(d.getTime() + new Date(guess).getTimezoneOffset() * 60_000);
    },
  };
}
