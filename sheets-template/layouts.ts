/**
 * The workbook's layouts, oldest first: what each version of the template (tabs.ts, and the default words
 * of the Messages tab) added to the one before. A workbook records the layout it was last brought to (the
 * system tab's `layout` row); Set up workbook, and the first Daily Processes of a version whose layout is
 * newer (the nightly run's and the menu's), bring it to the current one (src/sheets/upgrade.ts).
 *
 * A change to tabs.ts (a column, a dropdown's choices, a setting) or to a default message is a new layout
 * here: test/sheets/layouts.test.ts compares the template with the snapshot of LAYOUT_VERSION and says so.
 * The upgrade reads the workbook itself (its headers, its dropdowns, its Messages rows), so it is right
 * for a workbook of any layout; this history says what each layout was, for the test fixtures that rebuild
 * a workbook of each earlier layout, and which earlier default words a message left unedited still has.
 */
import type { MessageKind, Template } from '../src/domain';
import type { Header, SettingName, TabName } from './tabs';

/** The default words a message had before a layout changed them. */
export type EarlierWords = Pick<Template, 'kind' | 'subject' | 'body'>;

export interface Layout {
  version: number;
  /** When it shipped. */
  since: string;
  /** What it brought, in an owner's words. */
  what: string;
  /** Tabs it added (a workbook of an earlier layout has none of them). */
  tabs?: readonly TabName[];
  /** Columns it added to tabs an earlier layout had. */
  columns?: { readonly [T in TabName]?: readonly Header<T>[] };
  /** Values it added to the dropdown of a column an earlier layout had. */
  choices?: { readonly [T in TabName]?: { readonly [H in Header<T>]?: readonly string[] } };
  /** Settings rows it added. */
  settings?: readonly SettingName[];
  /** Message kinds it added to a Messages tab an earlier layout had. */
  messages?: readonly MessageKind[];
  /** The default words of the messages it changed, as they were before it: an unedited one is brought up to date. */
  replaced?: readonly EarlierWords[];
}

const TERMS_V2 = [
  'Usable Days After End',
  'Expire After Periods',
  'Intro Periods',
  'Intro Price',
  'Minimum Periods',
  'Notice Days',
] as const;

export const LAYOUTS: readonly Layout[] = [
  {
    version: 1,
    since: '2026-12-02',
    what: 'Packages, Clients, Sales, Invoices, Payments, Adjustments, Settings and the Run Log',
  },
  {
    version: 2,
    since: '2026-12-04',
    what: 'package rules: a minimum commitment and notice, sessions usable after the end or for N periods, an intro price, shared packages, a change of package',
    columns: {
      packages: TERMS_V2,
      sales: [...TERMS_V2, 'Package Changes', 'Shared With'],
      adjustments: ['Attended By'],
    },
    choices: { adjustments: { Type: ['Change'] } },
  },
  {
    version: 3,
    since: '2026-12-04',
    what: 'tax on invoices, revenue recognition and exports for accounting',
    columns: {
      packages: ['Tax Free'],
      sales: ['Tax Free'],
      invoices: ['Net', 'Tax'],
      adjustments: ['Carried Value'],
    },
    settings: ['taxName', 'taxRate', 'pricesIncludeTax', 'taxId', 'salesAccount', 'taxCode', 'taxFreeCode'],
  },
  {
    version: 4,
    since: '2026-12-04',
    what: 'client email: the Messages and Email Log tabs, No Email on Clients',
    tabs: ['messages', 'emailLog'],
    columns: { clients: ['No Email'] },
    settings: ['sendEmail', 'paymentInstructions', 'maxReminders', 'reminderSpacing', 'monthlyStatements'],
  },
  {
    version: 5,
    since: '2026-12-04',
    what: "the invoice email's tax line ({tax})",
    replaced: [
      {
        kind: 'invoice',
        subject: '{studio}: invoice {number} for {package}',
        body: 'Hi {client},\n\nInvoice {number} for {package}, period {period}: {amount}, due {due}. It gives you {sessions}; you have {sessionsLeft} in all.\n\nHow to pay: {payment}\n\n{studio}',
      },
    ],
  },
  {
    version: 6,
    since: '2026-12-06',
    what: "one overdue reminder per client, listing that client's overdue invoices",
    replaced: [
      {
        kind: 'reminder',
        subject: '{studio}: invoice {number} is overdue',
        body: 'Hi {client},\n\nInvoice {number} ({package}) for {amount} was due {due}, {days} days ago; {owed} is still owing.\n\nHow to pay: {payment}\n\n{studio}',
      },
    ],
  },
  {
    version: 7,
    since: '2026-12-07',
    what: "getting paid with Stripe: each client's card on file, packages charged automatically, each invoice's Collection",
    columns: {
      clients: ['Stripe Customer', 'Card', 'Stripe Card'],
      packages: ['Charge Automatically'],
      invoices: ['Collection'],
      payments: ['Reference'],
    },
    choices: { payments: { Method: ['Stripe'] }, messages: { Kind: ['Card request'] } },
    messages: ['card'],
  },
  {
    version: 8,
    since: '2026-12-07',
    what: 'a declined card tried again on the days the owner sets, and its client told',
    settings: ['retryDays'],
    choices: { messages: { Kind: ['Card declined'] } },
    messages: ['declined'],
  },
  {
    version: 9,
    since: '2026-12-07',
    what: "each owing invoice's Stripe pay link (in its invoice email), turned off once it is paid",
    columns: { invoices: ['Pay Link', 'Stripe Pay Link'] },
  },
  {
    version: 10,
    since: '2026-12-07',
    what: "the Card declined email gives the invoice's pay link, and says when no try is left",
    replaced: [
      {
        kind: 'declined',
        subject: '{studio}: your card was declined for invoice {number}',
        body: "Hi {client},\n\nWe could not charge your card {amount} for invoice {number}: {reason}. {next}\n\nTo pay it now or save another card, use Stripe's secure page (the link works until {expires}):\n\n{link}\n\n{studio}",
      },
    ],
  },
  {
    version: 11,
    since: '2026-12-07',
    what: "a sale paused until paid after its card's last try fails (a setting)",
    settings: ['pauseUnpaid'],
  },
];

/** The current layout: a workbook that records an older one (or none) is brought up to it. */
export const LAYOUT_VERSION = LAYOUTS[LAYOUTS.length - 1].version;

/** The earlier default words of `kind` that layouts after `after` replaced (after = 0: all of them). */
export function replacedSince(kind: MessageKind, after: number): EarlierWords[] {
  return LAYOUTS.filter((l) => l.version > after).flatMap((l) => (l.replaced ?? []).filter((w) => w.kind === kind));
}
