// Issue 31, item 19: the check-in card and the phone desk said "No more sessions to come" for a cancelled
// sale whose unused sessions lapse on a date, and showed a pause nowhere. One wording for both
// (src/ui/client/upcoming.ts), from the sale summary the server sends (lapsesOn, pause, endDate).
import type { SaleSummary } from '../../src/contract';
import { upcoming } from '../../src/ui/client/upcoming';
import { newStudio, ok } from '../support/studio';

const day = (iso: string) => iso;
const base = {
  id: 'S-3',
  nextDueDate: '2026-12-14',
  sessionsPerPeriod: 6,
  rollover: 'reset',
  balance: 6,
  endDate: null,
  pause: null,
  lapsesOn: '2026-12-14',
} as unknown as SaleSummary;

test('the next sessions, a pause, a cancellation, and what lapses when nothing more comes', () => {
  expect(upcoming(base, day)).toEqual(['6 sessions on 2026-12-14: unused ones lapse then']);
  expect(upcoming({ ...base, rollover: 'add', sessionsPerPeriod: 1 }, day)).toEqual(['1 more session on 2026-12-14']);
  expect(upcoming({ ...base, pause: { from: '2026-12-10', to: '2026-12-23' } }, day)).toEqual([
    'Paused 2026-12-10 – 2026-12-23: nothing falls due then.',
    '6 sessions on 2026-12-14: unused ones lapse then',
  ]);
  expect(upcoming({ ...base, endDate: '2026-12-21', nextDueDate: null, lapsesOn: '2026-12-21' }, day)).toEqual([
    'Cancelled from 2026-12-21.',
    'No more sessions to come: 6 sessions left, unused ones lapse on 2026-12-21',
  ]);
  expect(upcoming({ ...base, nextDueDate: null, balance: 0, lapsesOn: null }, day)).toEqual([
    'No more sessions to come',
  ]);
});

test('the server sends the pause under way and when unused sessions lapse', () => {
  const studio = newStudio();
  const pkg = ok(
    studio.call('2026-12-01', 'savePackage', {
      name: 'Reformer Weekly',
      sessionsPerPeriod: 6,
      frequency: 'weekly',
      rollover: 'reset',
      recurWeeks: 0,
      priceCents: 5000,
    }),
  ).package;
  const client = ok(studio.call('2026-12-01', 'saveClient', { name: 'Ava Chen' })).client;
  const sale = ok(
    studio.call('2026-12-01', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-12-01' }),
  ).receipt.saleId;
  ok(studio.call('2026-12-07', 'runDailyProcesses', {}));
  ok(studio.call('2026-12-07', 'pauseSale', { saleId: sale, from: '2026-12-10', weeks: 2 }));
  const [summary] = ok(studio.call('2026-12-07', 'getAdjustments', { clientId: client.id })).sales;
  expect(summary).toMatchObject({ pause: { from: '2026-12-10', to: '2026-12-23' }, lapsesOn: '2026-12-08' });
});
