/**
 * The front desk on a phone (the web app at the preview's second address), at a phone's viewport with
 * touch: search → check in → undo, the double tap, the overdraw confirmation, people without edit access,
 * nothing of a client in the address or the title, and axe-core's WCAG 2.1 AA checks of the page.
 * Screenshots: docs/desk-*.png (UPDATE_DOCS=1).
 */
import { expect } from '@jest/globals';
import type { Page, Request } from 'playwright-core';
import {
  axeViolations,
  closeAfterTests,
  dump,
  openPhone,
  phoneShot,
  type Studio,
  seed,
  startStudio,
  TODAY,
} from './harness';

let studio: Studio;
const PACKAGE = {
  name: 'Reformer Weekly',
  sessionsPerPeriod: 1,
  frequency: 'weekly',
  rollover: 'reset',
  recurWeeks: 0,
  priceCents: 5000,
};
const saleOf: Record<string, string> = {};

beforeAll(async () => {
  studio = await startStudio('desk');
  await seed(studio, [['savePackage', PACKAGE]]);
  for (const name of ['Chloé Martin', 'Ben Okafor', 'Ava Chen']) {
    const [saved] = (await seed(studio, [['saveClient', { name }]])) as { client: { id: string } }[];
    const [sale] = (await seed(studio, [
      ['sellPackage', { clientId: saved.client.id, packageId: 'P-1', startDate: TODAY }],
    ])) as { receipt: { saleId: string } }[];
    saleOf[name] = sale.receipt.saleId;
  }
}, 60_000);
closeAfterTests(() => studio);

/** Types a name and taps the client found. */
async function findClient(phone: Page, typed: string, name: string): Promise<void> {
  await phone.getByRole('searchbox', { name: 'Client' }).fill(typed);
  await phone.getByRole('button', { name }).tap();
  await phone.getByRole('heading', { level: 1, name }).waitFor();
}

const uses = async (saleId: string) =>
  (await dump(studio, 'Adjustments')).Adjustments.filter((r) => r['Sale ID'] === saleId && r.Type === 'Use');

test('search, check in with one tap, then undo it with a reason', async () => {
  const phone = await openPhone(studio);
  await phone.getByRole('heading', { name: 'Front desk' }).waitFor();
  await phone.getByLabel('Client').fill('chloe');
  await phone.getByRole('button', { name: 'Chloé Martin' }).waitFor();
  await phoneShot(phone, 'search');
  await phone.getByRole('button', { name: 'Chloé Martin' }).tap();

  const card = phone.getByRole('region', { name: 'Reformer Weekly' });
  await card.getByText('1 session left').waitFor();
  await expect(card.getByText('Owes $50.00').count()).resolves.toBe(1);
  await phoneShot(phone, 'client');
  await card.getByRole('button', { name: 'Check in' }).tap();
  await phone.getByText('Checked in Chloé Martin: 0 sessions left on Reformer Weekly.').waitFor();
  await phoneShot(phone, 'checked-in');
  expect(await uses(saleOf['Chloé Martin'])).toHaveLength(1);

  // Undo: the recent check-in, a reason, one tap.
  await phone.getByRole('button', { name: /Undo the check-in of Wed 25 Nov 2026/ }).tap();
  await phone.getByRole('button', { name: 'Undo check-in' }).tap();
  await phone.getByText('Reason is required.').waitFor();
  await phone.getByLabel('Reason').fill('Checked in the wrong client');
  await phoneShot(phone, 'undo');
  await phone.getByRole('button', { name: 'Undo check-in' }).tap();
  await phone.getByText('Undone: Chloé Martin has 1 session on Reformer Weekly.').waitFor();
  await phone.getByText('Undone', { exact: true }).waitFor();
  const ledger = (await dump(studio, 'Adjustments')).Adjustments.filter((r) => r['Sale ID'] === saleOf['Chloé Martin']);
  expect(ledger.map((r) => [r.Type, r.Sessions, r.Balance])).toEqual([
    ['Allocate', 1, 1],
    ['Use', -1, 0],
    ['Correct', 1, 1],
  ]);

  // Nothing of the client in the address or the title (they show in the browser's history and tabs).
  expect(await phone.title()).toBe('Front desk · Studio Packages');
  expect(decodeURIComponent(phone.url())).not.toMatch(/Chlo|Martin|S-\d|C-\d/);
});

test('a double tap on "Check in" checks in once', async () => {
  const phone = await openPhone(studio);
  await findClient(phone, 'ava', 'Ava Chen');
  await phone.getByRole('button', { name: 'Check in' }).dblclick();
  await phone.getByText(/Ava Chen: 0 sessions left/).waitFor();
  expect(await uses(saleOf['Ava Chen'])).toHaveLength(1);
});

test('at zero sessions the desk asks before an overdraw', async () => {
  const phone = await openPhone(studio);
  await findClient(phone, 'okafor', 'Ben Okafor');
  await phone.getByRole('button', { name: 'Check in' }).tap();
  await phone.getByText('Checked in Ben Okafor: 0 sessions left on Reformer Weekly.').waitFor();
  await phone.getByRole('button', { name: 'Check in' }).tap();
  await phone.getByText('No sessions left. Check Ben Okafor in anyway? The balance goes below zero.').waitFor();
  expect(await uses(saleOf['Ben Okafor'])).toHaveLength(1);
  await phoneShot(phone, 'overdraw');
  // Cancel changes nothing; confirming checks in below zero.
  await phone.getByRole('button', { name: 'Cancel' }).tap();
  await phone.getByRole('button', { name: 'Check in' }).tap();
  await phone.getByRole('button', { name: 'Check in anyway' }).tap();
  await phone.getByText('Checked in Ben Okafor: -1 session left on Reformer Weekly.').waitFor();
  expect(await uses(saleOf['Ben Okafor'])).toHaveLength(2);
});

test('a client served takes three calls: a longer name is searched in what the page holds, and a check-in updates the page itself (issue 30)', async () => {
  await seed(studio, [['savePackage', { ...PACKAGE, name: 'Mat Class Pack', sessionsPerPeriod: 3 }]]);
  const [saved] = (await seed(studio, [['saveClient', { name: 'Zara Quinn' }]])) as { client: { id: string } }[];
  const [packages] = (await seed(studio, [['listPackages', {}]])) as { packages: { id: string; name: string }[] }[];
  const mat = packages.packages.find((p) => p.name === 'Mat Class Pack');
  const [sold] = (await seed(studio, [
    ['sellPackage', { clientId: saved.client.id, packageId: mat?.id, startDate: TODAY }],
  ])) as { receipt: { saleId: string } }[];

  const phone = await openPhone(studio);
  const calls: string[] = [];
  const count = (r: Request) => {
    const name = r.method() === 'POST' ? (r.postDataJSON() as { name?: string } | null)?.name : undefined;
    if (name) calls.push(name);
  };
  phone.on('request', count);
  try {
    // Every pause in typing is longer than the page's 300 ms: each would have been a search.
    await phone.getByRole('searchbox', { name: 'Client' }).pressSequentially('za', { delay: 400 });
    await phone.getByRole('button', { name: 'Zara Quinn' }).waitFor();
    await phone.getByRole('searchbox', { name: 'Client' }).pressSequentially('ra q', { delay: 400 });
    await phone.waitForTimeout(400);
    await phone.getByRole('button', { name: 'Zara Quinn' }).tap();
    const card = phone.getByRole('region', { name: 'Mat Class Pack' });
    await card.getByText('3 sessions left').waitFor();

    for (const left of [2, 1]) {
      await card.getByRole('button', { name: 'Check in' }).tap();
      await phone
        .getByText(`Checked in Zara Quinn: ${left} session${left === 1 ? '' : 's'} left on Mat Class Pack.`)
        .waitFor();
      await card.getByText(`${left} session${left === 1 ? '' : 's'} left`).waitFor();
    }
    // Both listed, newest first, each said to be just made (rows hold the day, not the time).
    const undo = phone.getByRole('button', { name: /^Undo the check-in of Wed 25 Nov 2026 · Mat Class Pack/ });
    await expect(undo.count()).resolves.toBe(2);
    await expect(phone.getByText('Wed 25 Nov 2026 · Mat Class Pack (just now)').count()).resolves.toBe(2);
    expect(calls).toEqual(['deskSearch', 'deskClient', 'deskCheckIn', 'deskCheckIn']);

    // The page drew what the server now holds: opened afresh, it is the same.
    const recentList = phone.getByRole('region', { name: 'Recent check-ins' });
    const drawn = [await card.textContent(), await recentList.textContent()];
    await phone.getByRole('button', { name: '‹ Search' }).tap();
    await phone.getByRole('button', { name: 'Zara Quinn' }).tap(); // still listed: no new search
    await card.getByText('1 session left').waitFor();
    // (less "just now": opened afresh, the page can't tell when a check-in was made)
    expect([await card.textContent(), await recentList.textContent()]).toEqual(
      drawn.map((text) => text?.split(' (just now)').join('')),
    );
    expect(calls.slice(4)).toEqual(['deskClient']);
  } finally {
    phone.off('request', count);
  }
  expect(await uses(sold.receipt.saleId)).toHaveLength(2);
});

test('look check: the desk at 1440 × 900 and at 480 px never scrolls sideways, its cards and buttons whole (issue 31)', async () => {
  const phone = await openPhone(studio);
  const wide: string[] = [];
  try {
    for (const width of [1440, 480]) {
      await phone.setViewportSize({ width, height: 900 });
      await findClient(phone, 'chloe', 'Chloé Martin');
      await phone.getByRole('region', { name: 'Reformer Weekly' }).waitFor();
      const [scroll, client] = await phone.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
      if (scroll > client) wide.push(`the client page at ${width} px: ${scroll} > ${client}`);
      const cut = await phone
        .locator('h1, h2, h3, button, .balance')
        .evaluateAll((els) =>
          els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent ?? ''),
        );
      for (const text of cut) wide.push(`"${text}" cut at ${width} px`);
      await phone.getByRole('button', { name: '‹ Search' }).tap();
    }
  } finally {
    await phone.setViewportSize({ width: 390, height: 844 });
  }
  expect(wide).toEqual([]);
});

test('a viewer, a stranger and nobody signed in get no desk, and see no client', async () => {
  for (const user of ['accountant@example.com', 'someone@elsewhere.test']) {
    const phone = await openPhone(studio, user);
    await phone.getByRole('heading', { name: 'No access' }).waitFor();
    await phone.getByText(/edit access/).waitFor();
    expect(await phone.content()).not.toMatch(/Chlo|Okafor|Ava/);
    if (user.startsWith('someone')) await phoneShot(phone, 'no-access');
  }
  const nobody = await openPhone(studio, null);
  await nobody
    .getByText(/Sign in/)
    .first()
    .waitFor();
  expect(await nobody.content()).not.toMatch(/Chlo|Okafor|Ava/);
});

test('the desk page passes axe-core (WCAG 2.1 AA) on a phone', async () => {
  const phone = await openPhone(studio);
  await findClient(phone, 'okafor', 'Ben Okafor');
  await phone
    .getByRole('button', { name: /Undo the check-in/ })
    .first()
    .tap();
  expect(await axeViolations(phone)).toEqual([]);
});

test('a client named like markup is shown as text on the phone', async () => {
  const hostile = '<img src=x onerror=alert(1)> Zed';
  await seed(studio, [['saveClient', { name: hostile }]]);
  const phone = await openPhone(studio);
  await phone.getByLabel('Client').fill('zed');
  await phone.getByRole('button', { name: hostile }).tap();
  await phone.getByRole('heading', { level: 1, name: hostile }).waitFor();
  await phone.getByText('No active package. Sell one from the spreadsheet.').waitFor();
  await expect(phone.locator('img').count()).resolves.toBe(0);
});

test('a sale the add-on cannot read is named on the phone, never "No active package"', async () => {
  // An owner types words into Ava's price in the spreadsheet.
  await studio.session((_script, runtime) => {
    const sales: any = runtime.globals().SpreadsheetApp.getActive().getSheetByName('Sales');
    const header: string[] = sales.getRange(1, 1, 1, sales.getLastColumn()).getValues()[0];
    const ids: string[] = sales
      .getRange(1, 1, sales.getLastRow(), 1)
      .getValues()
      .map((r: string[]) => r[0]);
    sales.getRange(ids.indexOf(saleOf['Ava Chen']) + 1, header.indexOf('Price per Period') + 1).setValue('one twenty');
  });
  const phone = await openPhone(studio);
  await findClient(phone, 'ava', 'Ava Chen');
  const alert = phone.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(
    new RegExp(
      `^Sale ${saleOf['Ava Chen']} can't be read: Sales row \\d+: Price per Period .*one twenty.* Fix the row`,
    ),
  );
  await expect(phone.getByText('No active package').count()).resolves.toBe(0);
  await phoneShot(phone, 'unreadable');
});
