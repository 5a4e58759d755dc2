/** Endpoints for selling a package and cancelling a sale. */
import {
  asRecord,
  balanceOf,
  cancelSale as cancelRule,
  checkDate,
  checkRequestId,
  dailyProcesses,
  describeTerms,
  type FieldError,
  firstAllocationDate,
  formatMoney,
  nextDueDates,
  nextId,
  type Package,
  SALE_WINDOW,
  type Sale,
  saleTerm,
  sell,
  shownId,
} from '../domain';
import type { Store } from '../sheets/store';
import { WRITE_ORDER } from '../sheets/write-order';
import { addAdjustments, addInvoices, addSale, updateBalances, updateSale } from '../sheets/writes';
import { openStore } from './context';
import { withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';

export interface SalePreview {
  description: string;
  firstInvoice: { dueDate: string; amountCents: number; amount: string };
  firstAllocation: { date: string; sessions: number };
  nextDueDates: string[];
}

function findPackage(store: Store, id: unknown, errors: FieldError[]): Package | undefined {
  const pkg = store.packages().records.find((p) => p.id === id);
  if (!pkg) errors.push({ field: 'packageId', message: `No package with id ${shownId(id)}.` });
  return pkg;
}

function preview(sale: Sale): SalePreview {
  return {
    description: describeTerms(sale.terms),
    firstInvoice: {
      dueDate: sale.startDate,
      amountCents: sale.terms.priceCents,
      amount: formatMoney(sale.terms.priceCents),
    },
    firstAllocation: { date: firstAllocationDate(sale), sessions: sale.terms.sessionsPerPeriod },
    nextDueDates: nextDueDates(saleTerm(sale), sale.startDate, 3),
  };
}

/** What a sale would create, before confirming it (reads only). */
export function previewSale(input: unknown): Reply<{ preview: SalePreview }> {
  return endpoint(() => {
    const raw = asRecord(input);
    const store = openStore();
    const today = store.codec.today();
    const errors: FieldError[] = [];
    const pkg = findPackage(store, raw.packageId, errors);
    const startDate = checkDate(errors, 'startDate', raw.startDate, 'Package Start Date', today, SALE_WINDOW);
    if (!pkg || errors.length) return failure(errors);
    const { id: packageId, ...terms } = pkg;
    const sale: Sale = {
      id: '',
      clientId: '',
      clientName: '',
      packageId,
      terms,
      soldOn: today,
      startDate,
      endDate: null,
    };
    return { ok: true, preview: preview(sale) };
  });
}

export interface SaleReceipt {
  saleId: string;
  invoiceNumbers: number[];
  balance: number;
  preview: SalePreview;
  duplicate: boolean;
}

/**
 * Sells a package: writes the sale row first, then its invoices, then its ledger rows. A retry with the
 * same `requestId` finds the sale and writes only what is missing (a crash between writes heals).
 */
export function sellPackage(input: unknown): Reply<{ receipt: SaleReceipt }> {
  return endpoint(() => {
    const raw = asRecord(input);
    const errors: FieldError[] = [];
    const requestId = checkRequestId(errors, raw.requestId);
    if (errors.length) return failure(errors);
    return withDocumentLock(() => {
      const store = openStore();
      const today = store.codec.today();
      const state = store.state();
      const existing = requestId ? state.sales.find((s) => s.requestId === requestId) : undefined;
      if (existing) {
        // Whatever a crash left out, made exactly as Daily Processes would (same keys, same numbering).
        const adjustments = state.adjustments.filter((a) => a.saleId === existing.id);
        const repair = dailyProcesses({ ...state, sales: [existing] }, existing.soldOn);
        const invoices = repair.newInvoices;
        addInvoices(store, invoices, today);
        addAdjustments(store, repair.newAdjustments);
        updateBalances(store, repair.balanceUpdates);
        store.flush(WRITE_ORDER.sellRepair);
        const numbers = [...state.invoices.filter((i) => i.saleId === existing.id), ...invoices].map((i) => i.number);
        return {
          ok: true,
          receipt: {
            saleId: existing.id,
            invoiceNumbers: numbers,
            balance: balanceOf([...adjustments, ...repair.newAdjustments]),
            preview: preview(existing),
            duplicate: true,
          },
        };
      }
      const client = store.clients().records.find((c) => c.id === raw.clientId);
      if (!client)
        errors.push({
          field: 'clientId',
          message: `No client with id ${shownId(raw.clientId)}.`,
        });
      const pkg = findPackage(store, raw.packageId, errors);
      if (!client || !pkg) return failure(errors);
      // Never reuse the id of a sale whose row was deleted: its invoices and ledger rows still hold it.
      const id = nextId('S', [
        ...store.rawKeys('sales', 'Sale ID'),
        ...store.rawKeys('invoices', 'Sale ID'),
        ...store.rawKeys('adjustments', 'Sale ID'),
      ]);
      const sold = sell(state, { id, client, pkg, startDate: raw.startDate }, today);
      if (!sold.ok) return failure(sold.errors);
      const sale = { ...sold.value.sale, requestId };
      addSale(store, sale, today);
      addInvoices(store, sold.value.invoices, today);
      addAdjustments(store, sold.value.adjustments);
      store.flush(WRITE_ORDER.sell);
      return {
        ok: true,
        receipt: {
          saleId: sale.id,
          invoiceNumbers: sold.value.invoices.map((i) => i.number),
          balance: balanceOf(sold.value.adjustments),
          preview: preview(sale),
          duplicate: false,
        },
      };
    });
  });
}

/** Cancels a sale from a date: no invoice due on or after it is created. */
export function cancelSale(input: unknown): Reply<{ sale: Sale }> {
  return endpoint(() =>
    withDocumentLock(() => {
      const store = openStore();
      const today = store.codec.today();
      const result = cancelRule(store.state(), input, today);
      if (!result.ok) return failure(result.errors);
      updateSale(store, result.value, today);
      store.flush(WRITE_ORDER.cancel);
      return { ok: true, sale: result.value };
    }),
  );
}
