// The rule of 民法典 第二百七十八条 第二款, table by table: the quorum (2/3 of area AND of owners
// take part), the ordinary approval (过半数: more than 1/2 of the participating area AND owners),
// the special approval of items (6)(7)(8) (3/4 of both), abstention, the exact arithmetic at the
// boundaries (where doubles go wrong), deemed votes (从众条款) reported apart, and the seats of an
// owners' committee election (item (3), ranked by agreeing owners then area, a tie for the last
// seat seats nobody of the tied).
import { describe, expect, it } from 'vitest';
import { allocateSeats, atLeast, decide, deemedTally, moreThan, percent, type Figures, type Item, type Tally, type TestName } from './rule';
import { computeResults, type MatterTally } from './service';

const ART = '民法典 第二百七十八条 第二款';
const f = (areaCenti: bigint | number, persons: bigint | number): Figures => ({ area: BigInt(areaCenti), persons: BigInt(persons) });
const tally = (total: Figures, agree: Figures, oppose: Figures = f(0, 0), abstain: Figures = f(0, 0)): Tally => ({ total, agree, oppose, abstain });

// an estate of 30 owners holding 300.00 m² (30000 hundredths): 2/3 is 20000 and 20, 1/2 of that 10000 and 10, 3/4 15000 and 15
const TOTAL = f(30000, 30);

interface Case {
  name: string;
  item: Item;
  t: Tally;
  passed: boolean;
  failed: TestName[];
}

const cases: Case[] = [
  // quorum (every item)
  { name: `${ART}（第四项）: exactly 2/3 of area and 2/3 of owners take part → the quorum is met`, item: 4, t: tally(TOTAL, f(20000, 20)), passed: true, failed: [] },
  { name: `${ART}（第四项）: one hundredth of a m² under 2/3 of the area → quorum_area fails`, item: 4, t: tally(TOTAL, f(19999, 20)), passed: false, failed: ['quorum_area'] },
  { name: `${ART}（第四项）: one owner under 2/3 of the owners → quorum_persons fails`, item: 4, t: tally(TOTAL, f(20000, 19)), passed: false, failed: ['quorum_persons'] },
  { name: `${ART}（第七项）: the quorum is the same 2/3 for a special item`, item: 7, t: tally(TOTAL, f(19999, 19)), passed: false, failed: ['quorum_area', 'quorum_persons'] },
  // ordinary approval: more than half (过半数 is strictly more)
  { name: `${ART}（第四项）: exactly 1/2 of the participating area and owners agree → fails (过半数 is >)`, item: 4, t: tally(TOTAL, f(10000, 10), f(10000, 10)), passed: false, failed: ['agree_area', 'agree_persons'] },
  { name: `${ART}（第四项）: one hundredth of a m² and one owner over half → passes`, item: 4, t: tally(TOTAL, f(10001, 11), f(9999, 9)), passed: true, failed: [] },
  { name: `${ART}（第一项）: area over half but owners exactly half → agree_persons fails`, item: 1, t: tally(TOTAL, f(10001, 10), f(9999, 10)), passed: false, failed: ['agree_persons'] },
  { name: `${ART}（第二项）: owners over half but area exactly half → agree_area fails`, item: 2, t: tally(TOTAL, f(10000, 11), f(10000, 9)), passed: false, failed: ['agree_area'] },
  { name: `${ART}（第三项）: a candidate with a bare majority of both → passes`, item: 3, t: tally(TOTAL, f(10001, 11), f(9999, 9)), passed: true, failed: [] },
  { name: `${ART}（第九项）: other major matters are ordinary`, item: 9, t: tally(TOTAL, f(10001, 11), f(9999, 9)), passed: true, failed: [] },
  // item (5) using the fund is ordinary; item (6) raising it is special
  { name: `${ART}（第五项 使用维修资金）: a simple majority is enough`, item: 5, t: tally(TOTAL, f(10001, 11), f(9999, 9)), passed: true, failed: [] },
  { name: `${ART}（第六项 筹集维修资金）: the same tally fails: 3/4 needed`, item: 6, t: tally(TOTAL, f(10001, 11), f(9999, 9)), passed: false, failed: ['agree_area', 'agree_persons'] },
  // special approval: at least 3/4 (以上 is ≥)
  { name: `${ART}（第六项）: exactly 3/4 of area and owners agree → passes`, item: 6, t: tally(TOTAL, f(15000, 15), f(5000, 5)), passed: true, failed: [] },
  { name: `${ART}（第七项）: exactly 3/4 of area and owners agree → passes`, item: 7, t: tally(TOTAL, f(15000, 15), f(5000, 5)), passed: true, failed: [] },
  { name: `${ART}（第八项）: exactly 3/4 of area and owners agree → passes`, item: 8, t: tally(TOTAL, f(15000, 15), f(5000, 5)), passed: true, failed: [] },
  { name: `${ART}（第六项）: one hundredth of a m² under 3/4 → agree_area fails`, item: 6, t: tally(TOTAL, f(14999, 15), f(5001, 5)), passed: false, failed: ['agree_area'] },
  { name: `${ART}（第七项）: one owner under 3/4 → agree_persons fails`, item: 7, t: tally(TOTAL, f(15000, 14), f(5000, 6)), passed: false, failed: ['agree_persons'] },
  { name: `${ART}（第八项）: just under 3/4 on both → both fail`, item: 8, t: tally(TOTAL, f(14999, 14), f(5001, 6)), passed: false, failed: ['agree_area', 'agree_persons'] },
  // area and persons are separate tests: each named when it fails
  { name: `${ART}（第四项）: area passes everywhere, owners fail the quorum and the approval`, item: 4, t: tally(TOTAL, f(15000, 9), f(5000, 10)), passed: false, failed: ['quorum_persons', 'agree_persons'] },
  { name: `${ART}（第四项）: owners pass everywhere, area fails the quorum and the approval`, item: 4, t: tally(TOTAL, f(9000, 15), f(9000, 5)), passed: false, failed: ['quorum_area', 'agree_area'] },
  // abstention counts as taking part: it helps the quorum and lowers the agreeing share
  { name: `${ART}（第四项）: abstainers count in the quorum (without them it would fail)`, item: 4, t: tally(TOTAL, f(10001, 11), f(0, 0), f(9999, 9)), passed: true, failed: [] },
  { name: `${ART}（第四项）: abstainers lower the agreeing share: agree 2 : oppose 1 still fails`, item: 4, t: tally(TOTAL, f(10000, 10), f(5000, 5), f(5000, 5)), passed: false, failed: ['agree_area', 'agree_persons'] },
  { name: `${ART}（第八项）: abstainers lower the share below 3/4`, item: 8, t: tally(TOTAL, f(15000, 15), f(0, 0), f(5001, 6)), passed: false, failed: ['agree_area', 'agree_persons'] },
  // nobody takes part: every test fails, no division by zero
  { name: `${ART}（第四项）: zero participation fails all four tests`, item: 4, t: tally(TOTAL, f(0, 0)), passed: false, failed: ['quorum_area', 'quorum_persons', 'agree_area', 'agree_persons'] },
  { name: `${ART}（第六项）: zero participation fails all four tests`, item: 6, t: tally(TOTAL, f(0, 0)), passed: false, failed: ['quorum_area', 'quorum_persons', 'agree_area', 'agree_persons'] },
  { name: `${ART}: an empty roll (total zero) never meets the quorum`, item: 4, t: tally(f(0, 0), f(0, 0)), passed: false, failed: ['quorum_area', 'quorum_persons', 'agree_area', 'agree_persons'] },
];

describe('decide: 民法典 第二百七十八条 第二款, table-driven', () => {
  it.each(cases)('$name', ({ item, t, passed, failed }) => {
    const d = decide(item, t);
    expect(d.failed).toEqual(failed);
    expect(d.passed).toBe(passed);
    expect(d.rule).toBe([6, 7, 8].includes(item) ? 'double_three_quarters' : 'double_majority');
    // every test carries its figures, the share required and the article
    for (const x of d.tests) {
      expect(x.article).toContain('民法典 第二百七十八条 第二款');
      expect(x.passed).toBe(!failed.includes(x.name));
    }
    expect(d.participating).toEqual({ area: t.agree.area + t.oppose.area + t.abstain.area, persons: t.agree.persons + t.oppose.persons + t.abstain.persons });
  });

  it('reports each test with its figures, the comparator and the article (第六项 vs 第四项)', () => {
    const special = decide(6, tally(TOTAL, f(15000, 15), f(5000, 5)));
    expect(special.tests).toEqual([
      { name: 'quorum_area', passed: true, value: '20000', of: '30000', required: '≥ 2/3', article: expect.stringContaining('三分之二以上') },
      { name: 'quorum_persons', passed: true, value: '20', of: '30', required: '≥ 2/3', article: expect.stringContaining('三分之二以上') },
      { name: 'agree_area', passed: true, value: '15000', of: '20000', required: '≥ 3/4', article: expect.stringContaining('第六至八项') },
      { name: 'agree_persons', passed: true, value: '15', of: '20', required: '≥ 3/4', article: expect.stringContaining('四分之三以上') },
    ]);
    const ordinary = decide(4, tally(TOTAL, f(10000, 10), f(10000, 10)));
    expect(ordinary.tests[2]).toMatchObject({ name: 'agree_area', passed: false, value: '10000', of: '20000', required: '> 1/2', article: expect.stringContaining('过半数') });
  });

  it('gives the same decision for every item of a class (items 1–5 and 9 ordinary, 6–8 special)', () => {
    const t = tally(TOTAL, f(12000, 12), f(8000, 8)); // 60 % agree
    const byItem = ([1, 2, 3, 4, 5, 6, 7, 8, 9] as Item[]).map((i) => [i, decide(i, t).passed]);
    expect(byItem).toEqual([[1, true], [2, true], [3, true], [4, true], [5, true], [6, false], [7, false], [8, false], [9, true]]);
  });
});

describe('exact arithmetic at the boundaries (民法典 第二百七十八条 第二款: 以上 is ≥, 过半数 is >)', () => {
  // Areas kept as m² in doubles and summed drift by one ulp and flip a decision at an exact boundary.
  const sumDoubles = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

  it('第六项: four owners of 50.05 m², three agree: exactly 3/4 — doubles say no, hundredths say yes', () => {
    const areas = [50.05, 50.05, 50.05, 50.05];
    const agreeM2 = sumDoubles(areas.slice(0, 3));
    const partM2 = sumDoubles(areas);
    expect(agreeM2 / partM2 >= 3 / 4).toBe(false); // the naive computation is wrong
    const d = decide(6, tally(f(20020, 4), f(15015, 3), f(5005, 1)));
    expect(d.tests.find((x) => x.name === 'agree_area')).toMatchObject({ passed: true, value: '15015', of: '20020' });
    expect(d.passed).toBe(true);
  });

  it('quorum: 63.05 m² and 65.03 m² take part, 64.04 m² does not: exactly 2/3 — doubles say no, hundredths say yes', () => {
    const partM2 = sumDoubles([63.05, 65.03]);
    const totalM2 = sumDoubles([63.05, 65.03, 64.04]);
    expect(partM2 / totalM2 >= 2 / 3).toBe(false); // the naive computation is wrong
    const d = decide(4, tally(f(19212, 3), f(12808, 2)));
    expect(d.tests[0]).toMatchObject({ name: 'quorum_area', passed: true, value: '12808', of: '19212' });
    expect(atLeast(12808n, 19212n, 2n, 3n)).toBe(true);
    expect(atLeast(12807n, 19212n, 2n, 3n)).toBe(false);
  });

  it('even with integer hundredths, a division in doubles says “2/3 reached” for a share just under it; ours does not', () => {
    const of = 6_000_000_000_000_002n; // a share of 4_000_000_000_000_001 / 6_000_000_000_000_002 is just under 2/3
    const value = 4_000_000_000_000_001n;
    expect(value * 3n < of * 2n).toBe(true); // exactly: under 2/3
    expect(Number(value) / Number(of) >= 2 / 3).toBe(true); // doubles: "reached"
    expect(atLeast(value, of, 2n, 3n)).toBe(false);
    expect(decide(4, tally(f(of, 3), f(value, 2))).failed).toContain('quorum_area');
  });

  it('totals not divisible by 3 or 4: 100.00 m² needs 66.67 m² for 2/3 and 75.00 m² for 3/4; 1/2 of 100.01 m² is passed by 50.01', () => {
    expect(atLeast(6667n, 10000n, 2n, 3n)).toBe(true);
    expect(atLeast(6666n, 10000n, 2n, 3n)).toBe(false);
    expect(atLeast(7500n, 10000n, 3n, 4n)).toBe(true);
    expect(atLeast(7499n, 10000n, 3n, 4n)).toBe(false);
    expect(moreThan(5001n, 10001n, 1n, 2n)).toBe(true);
    expect(moreThan(5000n, 10001n, 1n, 2n)).toBe(false);
    expect(moreThan(5000n, 10000n, 1n, 2n)).toBe(false);
    // 7 owners: 2/3 is 4.67, so 5 owners are needed and 4 are not
    expect(decide(4, tally(f(700, 7), f(500, 5))).failed).toEqual([]);
    expect(decide(4, tally(f(700, 7), f(400, 4))).failed).toEqual(['quorum_area', 'quorum_persons']);
  });

  it('10,000 owners × 150.01 m²: 6,667 owners take part → quorum; 6,666 → not; area one hundredth under 2/3 fails', () => {
    const unit = 15001n;
    const total = f(unit * 10000n, 10000);
    const pass = decide(4, tally(total, f(unit * 6667n, 6667)));
    expect(pass.tests.slice(0, 2).map((x) => x.passed)).toEqual([true, true]);
    const fail = decide(4, tally(total, f(unit * 6666n, 6666)));
    expect(fail.failed).toEqual(['quorum_area', 'quorum_persons']);
    // 12,000 owners × 150.01 m²: exactly 2/3 is 8,000 owners and 120,008,000 hundredths
    const t12 = f(unit * 12000n, 12000);
    expect(decide(4, tally(t12, f(unit * 8000n, 8000))).tests[0].passed).toBe(true);
    expect(decide(4, tally(t12, f(unit * 8000n - 1n, 8000))).failed).toEqual(['quorum_area']);
    // the same sum in doubles does not even add up to the exact total
    let m2 = 0;
    for (let i = 0; i < 10000; i++) m2 += 150.01;
    expect(m2).not.toBe(1500100);
    // exactly 3/4 of 12,000 owners agree on item (7): 9,000 owners → passes; 8,999 → fails
    expect(decide(7, tally(t12, f(unit * 9000n, 9000), f(unit * 3000n, 3000))).passed).toBe(true);
    expect(decide(7, tally(t12, f(unit * 8999n, 8999), f(unit * 3001n, 3001))).failed).toEqual(['agree_area', 'agree_persons']);
  });

  it('percentages are for display only, two decimals rounded down', () => {
    expect(percent(2n, 3n)).toBe('66.66');
    expect(percent(20000n, 30000n)).toBe('66.66');
    expect(percent(3n, 4n)).toBe('75.00');
    expect(percent(0n, 0n)).toBe('0.00');
    expect(percent(1n, 1n)).toBe('100.00');
  });
});

describe('deemed votes (从众条款, only where the covenant says so), reported apart', () => {
  it('non-voters follow the majority opinion: the choice held by more than half of the participating area AND owners', () => {
    // 16 of 30 owners take part (below the 2/3 quorum); 12 agree, 4 oppose
    const t = tally(TOTAL, f(12000, 12), f(4000, 4));
    expect(decide(4, t).failed).toEqual(['quorum_area', 'quorum_persons']);
    const d = deemedTally(t);
    expect(d.deemedAs).toBe('agree');
    expect(d.deemed).toEqual(f(14000, 14));
    expect(d.tally.agree).toEqual(f(26000, 26));
    // the real figures are untouched
    expect(t.agree).toEqual(f(12000, 12));
    expect(decide(4, d.tally).passed).toBe(true);
  });

  it('with no majority opinion (a choice with more than half of the area but not of the owners) non-voters are deemed to abstain', () => {
    const t = tally(TOTAL, f(9000, 7), f(3000, 9));
    const d = deemedTally(t);
    expect(d.deemedAs).toBe('abstain');
    expect(d.tally.abstain).toEqual(f(18000, 14));
    expect(decide(4, d.tally).failed).toEqual(['agree_area', 'agree_persons']);
  });

  it('exactly half is no majority (过半数): deemed abstain', () => {
    const d = deemedTally(tally(TOTAL, f(5000, 5), f(5000, 5)));
    expect(d.deemedAs).toBe('abstain');
  });

  it('a majority against draws the non-voters against', () => {
    const d = deemedTally(tally(TOTAL, f(2000, 2), f(10000, 10)));
    expect(d.deemedAs).toBe('oppose');
    expect(d.tally.oppose).toEqual(f(28000, 28));
  });

  it('nobody voting: nobody to follow, deemed abstain, fails', () => {
    const d = deemedTally(tally(TOTAL, f(0, 0)));
    expect(d.deemedAs).toBe('abstain');
    expect(decide(4, d.tally).failed).toEqual(['agree_area', 'agree_persons']);
  });

  const matter = (item: Item, agree: Figures, oppose: Figures): MatterTally => ({ matterId: 1, seq: 1, item, title: '续聘物业', electionId: null, agree, oppose, abstain: f(0, 0) });

  it('computeResults: with the clause the deemed decision takes effect, and the real one is reported beside it', () => {
    const r = computeResults([matter(4, f(12000, 12), f(4000, 4))], TOTAL, true, null);
    const m = r.matters[0];
    expect(m.effective).toBe('deemed');
    expect(m.passed).toBe(true);
    expect(m.failed).toEqual([]);
    expect(m.real).toEqual({ passed: false, failed: ['quorum_area', 'quorum_persons'] });
    // the real figures: the tests and the tally carry only real ballots
    expect(m.agree).toEqual({ areaCenti: '12000', persons: 12 });
    expect(m.tests[0]).toMatchObject({ name: 'quorum_area', value: '16000', of: '30000', passed: false, percent: '53.33' });
    expect(m.deemed).toMatchObject({ deemedAs: 'agree', deemed: { areaCenti: '14000', persons: 14 }, passed: true, failed: [] });
    expect(m.deemed!.tests[0]).toMatchObject({ value: '30000', of: '30000', percent: '100.00' });
  });

  it('computeResults: without the clause there is no deemed block and the real decision takes effect', () => {
    const r = computeResults([matter(4, f(12000, 12), f(4000, 4))], TOTAL, false, null);
    expect(r.matters[0]).toMatchObject({ effective: 'real', passed: false, failed: ['quorum_area', 'quorum_persons'], deemed: null, real: { passed: false } });
    expect(r.totals).toEqual({ areaCenti: '30000', persons: 30 });
  });
});

describe('allocateSeats: 业委会 election (item (3) for each candidate, ranked by agreeing owners then area)', () => {
  const c = (matterId: number, passed: boolean, area: number, persons: number) => ({ matterId, passed, agree: f(area, persons) });
  const ids = (xs: { matterId: number }[]) => xs.map((x) => x.matterId);

  it('seats only candidates who passed on their own, by agreeing owners first, area second', () => {
    const r = allocateSeats([c(1, true, 5000, 20), c(2, false, 9000, 29), c(3, true, 9000, 20), c(4, true, 1000, 25), c(5, true, 100, 18), c(6, true, 200, 18), c(7, true, 50, 17)], 5);
    expect(ids(r.elected)).toEqual([4, 3, 1, 6, 5]);
    expect(r.tiedForLast).toEqual([]);
  });

  it('fewer passing candidates than seats: all of them are seated, the seats stay short', () => {
    const r = allocateSeats([c(1, true, 100, 10), c(2, false, 100, 10), c(3, true, 90, 9)], 5);
    expect(ids(r.elected)).toEqual([1, 3]);
  });

  it('a tie inside the elected group is no problem', () => {
    const r = allocateSeats([c(1, true, 100, 10), c(2, true, 100, 10), c(3, true, 90, 9), c(4, true, 90, 8), c(5, true, 80, 7), c(6, true, 10, 1)], 5);
    expect(ids(r.elected)).toEqual([1, 2, 3, 4, 5]);
    expect(r.tiedForLast).toEqual([]);
  });

  it('a tie for the last seat (same owners and same area): none of the tied is seated, they go to a run-off', () => {
    const r = allocateSeats([c(1, true, 500, 15), c(2, true, 400, 14), c(3, true, 300, 13), c(4, true, 200, 12), c(5, true, 100, 11), c(6, true, 100, 11)], 5);
    expect(ids(r.elected)).toEqual([1, 2, 3, 4]);
    expect(ids(r.tiedForLast)).toEqual([5, 6]);
  });

  it('a tie for the last seat that reaches up: all level candidates are left out, nobody below them moves up', () => {
    const r = allocateSeats(
      [c(1, true, 500, 15), c(2, true, 400, 14), c(3, true, 300, 13), c(4, true, 100, 11), c(5, true, 100, 11), c(6, true, 100, 11), c(7, true, 90, 10), c(8, true, 80, 9)],
      5,
    );
    expect(ids(r.elected)).toEqual([1, 2, 3]);
    expect(ids(r.tiedForLast)).toEqual([4, 5, 6]);
  });

  it('the same owners but different areas is no tie: the larger area wins the seat', () => {
    const r = allocateSeats([c(1, true, 500, 15), c(2, true, 400, 14), c(3, true, 300, 13), c(4, true, 200, 12), c(5, true, 101, 11), c(6, true, 100, 11)], 5);
    expect(ids(r.elected)).toEqual([1, 2, 3, 4, 5]);
    expect(r.tiedForLast).toEqual([]);
  });

  it('computeResults seats the election from the matters that passed', () => {
    const TOT = f(10000, 10);
    const m = (id: number, agree: number, oppose: number): MatterTally => ({ matterId: id, seq: id, item: 3, title: `选举${id}`, electionId: 9, agree: f(agree * 1000, agree), oppose: f(oppose * 1000, oppose), abstain: f(0, 0) });
    const candidates = [1, 2, 3, 4, 5, 6, 7].map((id) => ({ matterId: id, personId: 100 + id, name: `候选人${id}` }));
    // 7 and 6 fail (not over half); 1–5 pass, 4 and 5 tie at 6 agreeing owners
    const r = computeResults([m(1, 9, 1), m(2, 8, 2), m(3, 7, 3), m(4, 6, 4), m(5, 6, 4), m(6, 5, 5), m(7, 4, 6)], TOT, false, { electionId: 9, seats: 5, candidates });
    expect(r.matters.map((x) => x.passed)).toEqual([true, true, true, true, true, false, false]);
    expect(r.election).toMatchObject({ electionId: 9, seats: 5, runOffNeeded: false });
    expect(r.election!.elected.map((e) => [e.matterId, e.rank, e.agreePersons, e.agreeArea])).toEqual([[1, 1, 9, '9000'], [2, 2, 8, '8000'], [3, 3, 7, '7000'], [4, 4, 6, '6000'], [5, 5, 6, '6000']]);
    const r3 = computeResults([m(1, 9, 1), m(2, 8, 2), m(3, 7, 3), m(4, 6, 4), m(5, 6, 4)], TOT, false, { electionId: 9, seats: 3, candidates: candidates.slice(0, 5) });
    expect(r3.election!.elected.map((e) => e.matterId)).toEqual([1, 2, 3]);
    const r4 = computeResults([m(1, 9, 1), m(2, 8, 2), m(3, 7, 3), m(4, 6, 4), m(5, 6, 4)], TOT, false, { electionId: 9, seats: 4, candidates: candidates.slice(0, 5) });
    expect(r4.election).toMatchObject({ runOffNeeded: true, tiedForLast: [{ matterId: 4 }, { matterId: 5 }] });
    expect(r4.election!.elected.map((e) => e.matterId)).toEqual([1, 2, 3]);
  });
});
