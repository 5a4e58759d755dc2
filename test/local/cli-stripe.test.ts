// The `studio` CLI's local Stripe Dashboard: a payout (`studio stripe-payout`) and a refund
// (`studio stripe-refund`) made in the local Stripe account, then found by the nightly reconciliation.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../support/local-runtime';

const CLI = join(__dirname, '..', '..', 'local', 'cli.js');

function studio(workbook: string, ...args: string[]): any {
  const out = execFileSync(process.execPath, [CLI, ...args, '--workbook', workbook], { encoding: 'utf8' });
  return args[0] === 'stripe-key' ? out.trim() : JSON.parse(out);
}

it('a payout made with stripe-payout is a line of the next run\'s "Stripe reconciliation" Run Log row; a refund of nothing is refused', () => {
  const workbook = join(tempDir('studio-cli-stripe-'), 'studio.xlsx');
  studio(workbook, 'init', '--empty', '--today', '2026-03-02');
  const key = studio(workbook, 'stripe-key', '--today', '2026-03-02');
  expect(key).toMatch(/^rk_test_/);
  const website = 'https://pilates.example/thanks';
  const connected = studio(
    workbook,
    'call',
    'connectStripe',
    JSON.stringify({ key, currency: 'aud', website }),
    '--today',
    '2026-03-02',
  );
  expect(connected).toMatchObject({ ok: true, connection: { mode: 'test' } });
  const payout = studio(workbook, 'stripe-payout', '25500', '--arrival', '2026-03-06', '--today', '2026-03-03');
  expect(payout).toMatchObject({ object: 'payout', amount: 25500, status: 'in_transit' });
  studio(workbook, 'daily', '--today', '2026-03-03');
  const rows = studio(workbook, 'dump', '--tab', 'Run Log')['Run Log'];
  const reconciled = rows.filter((r: any) => r.Job === 'Stripe reconciliation');
  expect(reconciled).toHaveLength(1);
  expect(reconciled[0].Details).toBe(`Stripe payout ${payout.id} of $255.00, arriving Fri 6 Mar 2026 (in transit)`);
  expect(JSON.stringify(rows)).not.toContain(key);
  const refund = spawnSync(process.execPath, [CLI, 'stripe-refund', 'pi_nothing', '--workbook', workbook], {
    encoding: 'utf8',
  });
  expect(refund.status).toBe(1);
  expect(refund.stderr).toContain('pi_nothing has no successful charge');
});
