/** Where background jobs get the time from, so that tests can move it (job SQL takes `now` as a parameter). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until a test sets or advances it. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(moment: Date | string): this {
    this.current = new Date(moment).getTime();
    return this;
  }

  advance(ms: number): this {
    this.current += ms;
    return this;
  }
}

export function manualClock(start?: Date | string): ManualClock {
  return new ManualClock(start);
}
