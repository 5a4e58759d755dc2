// A studio that gets paid through its own (emulated) Stripe account: the key issued with exactly the
// permissions README asks for, Stripe connected, a package that charges automatically, clients who saved a
// card on Stripe's page. The emulator is the studio's cloud's (local/runtime/stripe/): every runtime of the
// studio reaches the same account.
import { FORTNIGHTLY_RESET, newStudio, ok, type Studio, setSetting } from './studio';

/** What README's "Get paid with Stripe" asks the restricted key for: exactly what the add-on's calls use (one list, the CLI's). */
export const ADDON_PERMISSIONS: Record<string, 'read' | 'write'> =
  require('../../local/studio').ADDON_STRIPE_PERMISSIONS;

export const WEBSITE = 'https://pilates.example/thanks';

/** Sets one cell of the row whose `keyHeader` is `key`, as an owner would type it. */
export function setCell(studio: Studio, tab: string, keyHeader: string, key: string, header: string, value: string) {
  const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName(tab);
  const rows: unknown[][] = sheet.getDataRange().getValues();
  const col = rows[0].indexOf(header) + 1;
  const row = rows.findIndex((r) => r[rows[0].indexOf(keyHeader)] === key) + 1;
  if (col < 1 || row < 2) throw new Error(`No ${tab} row ${key} or column ${header}`);
  sheet.getRange(row, col).setValue(value);
}

export interface PaidStudio {
  studio: Studio;
  key: string;
  packageId: string;
}

/** A studio with email on, Stripe connected (test mode), and a fortnightly package charged automatically. */
export function paidStudio(day = '2026-03-02', options: Parameters<typeof newStudio>[0] = {}): PaidStudio {
  const studio = newStudio(options);
  setSetting(studio, 'Send client emails', 'Yes');
  const packageId = ok(studio.call(day, 'savePackage', FORTNIGHTLY_RESET)).package.id;
  setCell(studio, 'Packages', 'Package ID', packageId, 'Charge Automatically', 'Yes');
  const key = studio.cloud.stripe.issueKey({ mode: 'test', type: 'restricted', permissions: ADDON_PERMISSIONS });
  ok(studio.call(day, 'connectStripe', { key, currency: 'aud', website: WEBSITE }));
  return { studio, key, packageId };
}

/**
 * A client with an address who is sold the package on `at`'s day (a day, or a time of it:
 * `2026-03-02T09:05`) and saves `card` on the page emailed to them; the card reaches the Clients tab with
 * the next nightly run.
 */
export function clientWithCard(
  paid: PaidStudio,
  name: string,
  card: string,
  at = '2026-03-02',
): { clientId: string; saleId: string; link: string } {
  const { studio, packageId } = paid;
  const day = at.slice(0, 10);
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
  const clientId = ok(studio.call(at, 'saveClient', { name, email })).client.id;
  const saleId = ok(
    studio.call(at, 'sellPackage', { clientId, packageId, startDate: day, requestId: `sell-${clientId}` }),
  ).receipt.saleId;
  ok(studio.call(at, 'askForCard', { clientId, requestId: `card-${clientId}` }));
  const mail = studio.cloud.mail.outbox.filter((m: { to: string[] }) => m.to.includes(email)).at(-1);
  const link = /https:\/\/checkout\.stripe\.com\/c\/pay\/\S+/.exec(mail?.body ?? '')?.[0];
  if (!link) throw new Error(`No card link was emailed to ${email}`);
  const saved = studio.cloud.stripe.completeCheckout(link, { card, exp: '08/28' });
  if (!saved.ok) throw new Error(`The card ${card} was not saved: ${saved.message}`);
  return { clientId, saleId, link };
}
