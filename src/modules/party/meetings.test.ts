// 三会一课: quorum and motions (《中国共产党支部工作条例（试行）》第十一条、第十二条) and the compliance calendar.
import { describe, expect, it } from 'vitest';
import { complianceCalendar, completion, motionPasses, periods, quorate } from './meetings';

describe('第十一条: the members’ meeting votes with at least half of the voting members present', () => {
  it.each([
    [4, 9, false],
    [5, 9, true],
    [5, 10, true], // 半数以上: exactly half is enough ("以上" includes the number)
    [4, 10, false],
    [0, 0, false],
  ])('%i of %i present → quorate %s', (present, entitled, ok) => expect(quorate(present, entitled)).toBe(ok));
});

describe('第十一条: a motion passes with MORE than half of those who should attend in favour', () => {
  it.each([
    [5, 10, false], // exactly half is not more than half
    [6, 10, true],
    [5, 9, true],
    [4, 9, false],
  ])('%i in favour of %i who should attend → passes %s', (yes, should, ok) => expect(motionPasses(yes, should)).toBe(ok));
  it('counts against all who should attend, not only those present: 5 of 6 present in favour of 12 fails', () => {
    expect(quorate(6, 12)).toBe(true);
    expect(motionPasses(5, 12)).toBe(false);
  });
});

describe('第十二条: the branch committee meets with at least half of its members', () => {
  it.each([
    [2, 5, false],
    [3, 5, true],
    [2, 3, true],
    [1, 3, false],
  ])('%i of %i → %s', (present, members, ok) => expect(quorate(present, members)).toBe(ok));
});

describe('periods', () => {
  it('aligns to calendar months, quarters, halves and years', () => {
    expect(periods('quarterly', '2026-02-10', '2026-08-01')).toEqual([
      { start: '2026-01-01', end: '2026-03-31' },
      { start: '2026-04-01', end: '2026-06-30' },
      { start: '2026-07-01', end: '2026-09-30' },
    ]);
    expect(periods('monthly', '2024-02-01', '2024-02-29')).toEqual([{ start: '2024-02-01', end: '2024-02-29' }]);
    expect(periods('half_yearly', '2026-01-01', '2026-12-31').map((p) => p.end)).toEqual(['2026-06-30', '2026-12-31']);
    expect(periods('yearly', '2025-12-01', '2026-01-31')).toEqual([{ start: '2025-01-01', end: '2025-12-31' }, { start: '2026-01-01', end: '2026-12-31' }]);
    expect(periods('monthly', '2025-11-15', '2026-01-10').map((p) => p.start)).toEqual(['2025-11-01', '2025-12-01', '2026-01-01']);
  });
});

describe('the compliance calendar', () => {
  const held = [
    { kind: 'members' as const, date: '2026-02-20' },
    { kind: 'committee' as const, date: '2026-10-09' },
    { kind: 'committee' as const, date: '2026-09-30' },
  ];
  const cal = complianceCalendar(['members', 'committee'], {}, held, '2026-01-01', '2026-12-31', '2026-11-25', 7);
  it('marks each period held, missing, due soon, open or upcoming', () => {
    const members = cal.filter((s) => s.kind === 'members');
    expect(members.map((s) => s.status)).toEqual(['held', 'missing', 'missing', 'open']);
    const committee = cal.filter((s) => s.kind === 'committee');
    expect(committee.find((s) => s.start === '2026-09-01')).toMatchObject({ status: 'held', held: ['2026-09-30'] });
    expect(committee.find((s) => s.start === '2026-10-01')!.status).toBe('held');
    // November ends in 5 days and nothing is held: a reminder
    expect(committee.find((s) => s.start === '2026-11-01')!.status).toBe('due_soon');
    expect(committee.find((s) => s.start === '2026-12-01')!.status).toBe('upcoming');
    expect(committee.find((s) => s.start === '2026-08-01')!.status).toBe('missing');
  });
  it('a frequency setting changes what is due (党课 quarterly by default, monthly here)', () => {
    const q = complianceCalendar(['lecture'], {}, [], '2026-01-01', '2026-12-31', '2026-12-31');
    const m = complianceCalendar(['lecture'], { lecture: 'monthly' }, [], '2026-01-01', '2026-12-31', '2026-12-31');
    expect(q).toHaveLength(4);
    expect(m).toHaveLength(12);
  });
  it('completion counts only the periods already due', () => {
    // members: 1 held of 3 due (Q4 still open); committee: Sep and Oct held, Jan–Aug missing (Nov open, Dec upcoming)
    expect(completion(cal)).toEqual({ held: 3, due: 13 });
  });
});
