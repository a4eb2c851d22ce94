// The deadline clock: natural time, working days with holidays and make-up days, pauses, edges.
import { describe, expect, it } from 'vitest';
import { clockStatus, DEADLINE_CLASSES, dueAt, isWorkingDay, NATURAL, usedMs, type Calendar } from './clock';

// local (UTC+8) wall time → Date
const at = (local: string) => new Date(local + '+08:00');
const WORKING: Calendar = {
  workingDays: true,
  // 2026 National Day: 1–7 October off; Sunday 27 September and Saturday 10 October are worked (调休)
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  makeUpDays: new Set(['2026-09-27', '2026-10-10']),
  utcOffsetMinutes: 480,
};

describe('natural time (the default)', () => {
  it('adds 2 hours for an emergency and 24 hours for water, power, gas or heating', () => {
    expect(dueAt(at('2026-11-20T23:30:00'), DEADLINE_CLASSES.emergency, NATURAL)).toEqual(at('2026-11-21T01:30:00'));
    expect(dueAt(at('2026-11-20T10:00:00'), DEADLINE_CLASSES.utilities, NATURAL)).toEqual(at('2026-11-21T10:00:00'));
  });

  it('adds 7 and 15 calendar days across weekends', () => {
    expect(dueAt(at('2026-11-20T10:00:00'), DEADLINE_CLASSES.ordinary, NATURAL)).toEqual(at('2026-11-27T10:00:00'));
    expect(dueAt(at('2026-11-20T10:00:00'), DEADLINE_CLASSES.complex, NATURAL)).toEqual(at('2026-12-05T10:00:00'));
  });

  it('moves the deadline by exactly the time the request was deferred', () => {
    const start = at('2026-11-20T10:00:00');
    const pauses = [{ from: at('2026-11-21T10:00:00'), to: at('2026-11-23T16:30:00') }];
    expect(dueAt(start, DEADLINE_CLASSES.ordinary, NATURAL, pauses)).toEqual(at('2026-11-29T16:30:00'));
  });

  it('has no deadline while deferred, and counts no time during the pause', () => {
    const start = at('2026-11-20T10:00:00');
    const pauses = [{ from: at('2026-11-20T12:00:00'), to: null }];
    expect(dueAt(start, DEADLINE_CLASSES.utilities, NATURAL, pauses)).toBeNull();
    const s = clockStatus(start, DEADLINE_CLASSES.utilities, NATURAL, pauses, at('2026-11-25T12:00:00'));
    expect(s).toMatchObject({ due: null, paused: true, overdue: false, remainingMs: 22 * 3_600_000 });
  });

  it('is overdue one millisecond after the deadline and not at it', () => {
    const start = at('2026-11-20T10:00:00');
    const due = dueAt(start, DEADLINE_CLASSES.emergency, NATURAL)!;
    expect(clockStatus(start, DEADLINE_CLASSES.emergency, NATURAL, [], due).overdue).toBe(false);
    expect(clockStatus(start, DEADLINE_CLASSES.emergency, NATURAL, [], new Date(due.getTime() + 1)).overdue).toBe(true);
  });
});

describe('working days (a setting)', () => {
  it('knows weekends, holidays and make-up days in local time', () => {
    expect(isWorkingDay(at('2026-11-21T12:00:00').getTime(), WORKING)).toBe(false); // Saturday
    expect(isWorkingDay(at('2026-11-23T00:00:00').getTime(), WORKING)).toBe(true); // Monday, local midnight
    expect(isWorkingDay(at('2026-11-22T23:59:59').getTime(), WORKING)).toBe(false); // Sunday, one second before local midnight
    expect(isWorkingDay(at('2026-10-05T10:00:00').getTime(), WORKING)).toBe(false); // National Day holiday
    expect(isWorkingDay(at('2026-10-10T10:00:00').getTime(), WORKING)).toBe(true); // Saturday make-up day
  });

  it('counts 7 working days from Monday 10:00 to the next week’s Wednesday 10:00', () => {
    expect(dueAt(at('2026-11-16T10:00:00'), DEADLINE_CLASSES.ordinary, WORKING)).toEqual(at('2026-11-25T10:00:00'));
  });

  it('starts counting on Monday for a request made on Saturday', () => {
    expect(dueAt(at('2026-11-21T15:00:00'), DEADLINE_CLASSES.ordinary, WORKING)).toEqual(at('2026-12-02T00:00:00'));
  });

  it('skips the National Day week and counts the make-up Saturday', () => {
    // Wed 30 Sep 10:00: 30 Sep (14 h), holidays 1–7 Oct, Thu 8, Fri 9, Sat 10 (make-up), Mon 12, Tue 13, Wed 14, Thu 15 until 10:00
    expect(dueAt(at('2026-09-30T10:00:00'), DEADLINE_CLASSES.ordinary, WORKING)).toEqual(at('2026-10-15T10:00:00'));
  });

  it('still runs emergency hours through weekends and holidays', () => {
    expect(dueAt(at('2026-10-03T09:00:00'), DEADLINE_CLASSES.emergency, WORKING)).toEqual(at('2026-10-03T11:00:00'));
  });

  it('a pause over a weekend costs nothing extra; a pause on working days pushes the deadline', () => {
    const start = at('2026-11-16T10:00:00');
    const weekend = [{ from: at('2026-11-21T00:00:00'), to: at('2026-11-23T00:00:00') }];
    expect(dueAt(start, DEADLINE_CLASSES.ordinary, WORKING, weekend)).toEqual(at('2026-11-25T10:00:00'));
    const twoDays = [{ from: at('2026-11-17T10:00:00'), to: at('2026-11-19T10:00:00') }];
    expect(dueAt(start, DEADLINE_CLASSES.ordinary, WORKING, twoDays)).toEqual(at('2026-11-27T10:00:00'));
  });

  it('reports used time on working days only', () => {
    const start = at('2026-11-20T10:00:00'); // Friday
    expect(usedMs(start, at('2026-11-23T10:00:00'), DEADLINE_CLASSES.ordinary, WORKING)).toBe(24 * 3_600_000);
  });
});
