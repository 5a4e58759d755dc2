/**
 * The one contract between the sidebars and the server, derived from the server's export list
 * (src/addon/index.ts) and never written twice: an endpoint's name, its argument and its reply are read
 * off the exported functions' own signatures, and the records the sidebars display are the types inside
 * those replies. Rename an endpoint, drop a reply field or change a record on the server, and every
 * sidebar that relies on it stops compiling (test/ui/contract.test.ts keeps it that way).
 *
 * Types only: `import type` is erased, so nothing of the server is bundled into the browser code.
 */
import type * as Server from './addon/index';
import type { Failure } from './addon/reply';

export type { Failure };

type Api = typeof Server;

/** A google.script.run endpoint: an export that answers with a Reply (not a trigger or a menu item). */
export type Endpoint = {
  [K in keyof Api]: ReturnType<Api[K]> extends ({ ok: true } & object) | Failure ? K : never;
}[keyof Api];

/** What endpoint K answers: `({ ok: true } & fields) | Failure`. */
export type ReplyOf<K extends Endpoint> = ReturnType<Api[K]>;

/** Endpoint K's answer when it succeeded. */
export type OkOf<K extends Endpoint> = Extract<ReplyOf<K>, { ok: true }>;

/**
 * The argument endpoint K takes, as the server declares it (its input's declaration in
 * src/domain/inputs.ts: a misspelled or missing field, or a wrong type, does not compile), or `undefined`
 * for an endpoint that takes none.
 */
export type ArgOf<K extends Endpoint> = Parameters<Api[K]> extends [] ? undefined : Parameters<Api[K]>[0];

/** One field error of a Failure: `field` names the input ('' for the form as a whole). */
export type FieldError = Failure['errors'][number];

// The records the sidebars display, as the endpoints return them.
export type Client = OkOf<'listClients'>['clients'][number];
export type PackageView = OkOf<'listPackages'>['packages'][number];
export type SaleSummary = OkOf<'getAdjustments'>['sales'][number];
export type Adjustment = OkOf<'getAdjustments'>['adjustments'][number];
export type Invoice = OkOf<'listInvoices'>['invoices'][number];
export type SalePreview = OkOf<'previewSale'>['preview'];
export type SaleReceipt = OkOf<'sellPackage'>['receipt'];
export type DeskClient = OkOf<'deskSearch'>['clients'][number];
export type DeskCheckIn = OkOf<'deskClient'>['checkIns'][number];
