// Chaos, part (c): two executions at once, interleaved at service-call granularity by the runtime's
// scheduler (local/runtime/scheduler.js: replay, a virtual clock, LockService's locks as Google documents
// them, and a find-and-replace that is a search and then a write, with no atomicity Google never
// promised). Pairs among a phone's check-in and undo, a sidebar's check-in and sale, the nightly run and
// archiving. Every schedule must end as one of the two serial orders, after a clean busy refusal is
// retried; 0 duplicates, 0 lost rows, no desk flag or lease left behind (interleave.ts).
//
// `npm test` runs, for two phone check-ins, the 66 schedules that switch twice around finding 3's window
// (of the about 350 with at most two preemptions), and for the other pairs a fixed-seed sample of schedules
// with random preemptions (about two a run).
// INTERLEAVE=all npx jest test/reliability/chaos-interleave.test.ts --maxWorkers=1 runs the full sweep:
// every schedule with at most two preemptions of two phone check-ins, and a seeded sample of
// INTERLEAVE_SAMPLE (default 10 000) schedules over the pairs.
import { Summary } from './harness';
import { JOBS, type Job, serialOrders, smallStudio, trial } from './interleave';

const { choiceStrategy, explore, randomStrategy } = require('../../local/runtime/scheduler');

const FULL = process.env.INTERLEAVE === 'all';
const SAMPLE = FULL ? Number(process.env.INTERLEAVE_SAMPLE ?? 10_000) : 0;
const SEED = Number(process.env.INTERLEAVE_SEED ?? 29);
/** The chance of a preemption at each scheduling point (a phone check-in has about 20 of them). */
const P = 0.08;

const summary = new Summary();
let start: ReturnType<typeof smallStudio>;

/** The pairs, and how many schedules of each `npm test` samples. */
const PAIRS: [string, string, number][] = [
  ['deskCheckIn', 'deskCheckIn2', 0], // the named test below samples these
  ['deskCheckIn', 'nightly', 20],
  ['deskCheckIn', 'archive', 10],
  ['deskUndo', 'deskCheckIn', 10],
  ['deskCheckIn', 'sale', 10],
  ['sidebarCheckIn', 'nightly', 10],
  ['sale', 'nightly', 8],
  ['nightly', 'archive', 8],
];

interface Tally {
  schedules: number;
  refused: number;
  bad: string[];
  outcomes: Record<string, number>;
}

/** Runs `schedules` (each given a strategy) of `x` with `y`; returns the tally. */
function sweep(x: Job, y: Job, schedules: (run: (strategy: unknown) => void) => void): Tally {
  const want = serialOrders(start, x, y);
  const tally: Tally = { schedules: 0, refused: 0, bad: [], outcomes: {} };
  schedules((strategy) => {
    const v = trial(start, x, y, want, { strategy });
    tally.schedules++;
    tally.refused += v.refused;
    const key = v.outcomes.join(' + ');
    tally.outcomes[key] = (tally.outcomes[key] ?? 0) + 1;
    if (v.problems.length) tally.bad.push(`[${key}] ${v.problems.join('; ')}`);
  });
  return tally;
}

const sampled = (n: number, seed: number) => (run: (strategy: unknown) => void) => {
  for (let i = 0; i < n; i++) run(randomStrategy(seed * 100_003 + i, P));
};

function report(label: string, t: Tally): void {
  const outcomes = Object.entries(t.outcomes)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  summary.add(`${label}: schedules`, `${t.schedules} (${outcomes}; ${t.refused} refused and retried)`);
  summary.add(`${label}: duplicates, lost rows, not serial, flags left`, t.bad.length);
}

beforeAll(() => {
  start = smallStudio();
});

afterAll(() => summary.print('Two executions at once (scheduler; replace = search, then write)'));

/**
 * The schedules that switch away from the first execution at decision point `i` and back at `j` (a
 * decision point: a scheduling point where the other execution could run; point 0 picks who starts).
 */
const twoSwitches = (first: number[], second: number[]) => (run: (strategy: unknown) => void) => {
  for (const i of first)
    for (const j of second) {
      const prefix = Array.from({ length: j + 1 }, (_, k) => (k === i || k === j ? 1 : 0));
      run(choiceStrategy(prefix));
    }
};

it('finding 3: two phone check-ins never both hold the lease, however their calls interleave', () => {
  // Before the fix the lease was taken by a find-and-replace of its cell. Switched away between its search
  // (the cell reads free) and its write (point 5), the first check-in came back after the second had taken
  // the lease and checked it (points 15–19): it wrote its own lease over it, both went on, and both
  // appended at one remembered last row: one check-in lost. These schedules, and the points around them:
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
  const x = JOBS.deskCheckIn;
  const y = JOBS.deskCheckIn2;
  const t = sweep(x, y, FULL ? (run) => explore(run, 2) : twoSwitches(range(3, 8), range(12, 22)));
  report(FULL ? 'two phone check-ins, every schedule with ≤ 2 preemptions' : 'two phone check-ins', t);
  expect(t.bad).toEqual([]);
});

it('every pair among check-in, undo, sale, the nightly run and archiving ends as a serial order', () => {
  let total = 0;
  const bad: string[] = [];
  const weights = PAIRS.reduce((sum, [, , n]) => sum + Math.max(n, 10), 0);
  PAIRS.forEach(([a, b, n], i) => {
    const count = FULL ? Math.ceil((SAMPLE * Math.max(n, 10)) / weights) : n;
    if (count === 0) return;
    const t = sweep(JOBS[a], JOBS[b], sampled(count, SEED + i + 1));
    report(`${JOBS[a].name} × ${JOBS[b].name}`, t);
    total += t.schedules;
    bad.push(...t.bad.map((m) => `${a} × ${b}: ${m}`));
  });
  summary.add('schedules in all', total);
  expect(bad).toEqual([]);
});
