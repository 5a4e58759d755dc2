import { Summary } from './harness';
import { JOBS, serialOrders, smallStudio, trial } from './interleave';

const { explore, randomStrategy } = require('../../local/runtime/scheduler');

const summary = new Summary();
let start: ReturnType<typeof smallStudio>;

beforeAll(() => {
  start = smallStudio();
});
afterAll(() => summary.print('Two executions at once (scheduler)'));

it('finding 3: two phone check-ins never both take the lease, however their calls interleave', () => {
  const want = serialOrders(start, JOBS.deskCheckIn, JOBS.deskCheckIn2);
  const bad: string[] = [];
  let n = 0;
  const t = Date.now();
  const tally: Record<string, number> = {};
  n = explore((strategy: unknown) => {
    const v = trial(start, JOBS.deskCheckIn, JOBS.deskCheckIn2, want, { strategy });
    const k = v.outcomes.join('+');
    tally[k] = (tally[k] ?? 0) + 1;
    if (v.problems.length) bad.push(v.problems.join('; '));
  }, 2);
  console.log(n, Date.now() - t, tally, bad.slice(0, 5), bad.length);
  expect(bad).toEqual([]);
});
