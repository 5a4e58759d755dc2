// File › Make a copy of a studio (issue 29, finding 8), on the built bundle: the runtime copies the
// spreadsheet as Google does (runtime/copy.js: a new id, the hidden system tab as it is, no triggers), and
// the copy starts clean: no nightly run of its own (and says so), fresh hints, its client email held until
// the nightly run is installed in it, so the same invoice never goes to a client from both spreadsheets.
import { FORTNIGHTLY_RESET, newStudio, ok, type Studio, setSetting } from '../support/studio';

const { createCloud, copySpreadsheet } = require('../../local/runtime');
const { SYSTEM_TAB } = require('../../sheets-template/tabs');

const OWNER = 'owner@example.com';

/** Two clients with addresses, sold a fortnightly package on 5 Jan; client email on; the nightly run installed. */
function original(): Studio {
  const studio = newStudio({ cloud: createCloud() });
  const day = '2026-01-05';
  setSetting(studio, 'Send client emails', 'Yes');
  const pkg = ok(studio.call(day, 'savePackage', FORTNIGHTLY_RESET)).package;
  for (const c of [
    { name: 'Ava Jones', email: 'ava@example.com' },
    { name: 'Cleo Park', email: 'cleo@example.com' },
  ]) {
    const client = ok(studio.call(day, 'saveClient', c)).client;
    ok(studio.call(day, 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: day }));
  }
  ok(studio.call(day, 'installNightlyTrigger'));
  ok(studio.call(day, 'runDailyProcesses', {}));
  return studio;
}

function copyOf(studio: Studio): Studio {
  const workbook = copySpreadsheet(studio.cloud, studio.workbook, { user: OWNER });
  return newStudio({ workbook, cloud: studio.cloud, setUp: false });
}

const sent = (studio: Studio) =>
  (studio.cloud.mail.outbox as { to: string[]; subject: string }[]).map((m) => `${m.to.join(',')}: ${m.subject}`);
const systemRow = (studio: Studio, key: string) => {
  const rows = studio.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name];
  const value = rows.find((r) => r.Key === key)?.Value;
  return value ? JSON.parse(String(value)) : null;
};

it('a copy has its own spreadsheet id and no trigger; its status shows no nightly run and tells the owner to install one', () => {
  const first = original();
  const copy = copyOf(first);
  expect(copy.workbook.id).not.toBe(first.workbook.id);
  expect(copy.cloud.triggers.filter((t: { documentId: string }) => t.documentId === copy.workbook.id)).toEqual([]);
  const status = ok(copy.call('2026-01-06', 'getNightlyStatus')).nightly;
  expect(status.installed).toBeNull();
  expect(status.notice).toContain(`This spreadsheet is a copy of another studio spreadsheet (${first.workbook.id})`);
  expect(status.notice).toContain('Install nightly trigger');
  // The same notice greets every editor who opens the copy.
  const rt = copy.runtime('2026-01-06');
  rt.open();
  expect(rt.ui.toasts.map((t: { message: string }) => t.message).join(' ')).toContain('is a copy');
  // The original is untouched: its nightly run is still installed.
  expect(ok(first.call('2026-01-06', 'getNightlyStatus')).nightly.installed).not.toBeNull();
});

it("both copies' Daily Processes never email the same invoice to the same client; installing the nightly run in the copy releases its email", () => {
  const first = original();
  const copy = copyOf(first);
  const before = sent(first).length;
  ok(first.call('2026-01-19', 'runDailyProcesses', {}));
  const reply = ok(copy.call('2026-01-19', 'runDailyProcesses', {}));
  expect(JSON.stringify(reply)).toContain('Client email held');
  const all = sent(first);
  expect(all.length).toBeGreaterThan(before);
  expect(new Set(all).size).toBe(all.length);
  // The copy's first write made the system tab its own: its home, no trigger record, no hints of the original.
  expect(systemRow(copy, 'home')).toMatchObject({
    id: copy.workbook.id,
    copiedFrom: first.workbook.id,
    holdEmail: true,
  });
  expect(systemRow(copy, 'nightly')).toBeNull();
  expect(systemRow(first, 'nightly')).not.toBeNull();
  // The owner makes the copy the working studio (and would remove the original's nightly run).
  ok(copy.call('2026-01-20', 'installNightlyTrigger'));
  const installed = ok(copy.call('2026-01-20', 'getNightlyStatus')).nightly;
  expect(installed.installed).not.toBeNull();
  expect(String(installed.notice)).not.toContain('is a copy of another studio');
  expect(systemRow(copy, 'home').holdEmail).toBe(false);
  const sentBefore = sent(first).length;
  ok(copy.call('2026-01-20', 'runDailyProcesses', {}));
  expect(sent(first).length).toBeGreaterThan(sentBefore);
});
