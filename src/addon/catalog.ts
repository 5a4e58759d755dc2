/** Endpoints for packages and clients (the setup wizard and the sale form). */
import {
  asRecord,
  type Client,
  checkOptionalText,
  checkText,
  describeTerms,
  type FieldError,
  nextId,
  type Package,
  shownId,
  validatePackageTerms,
} from '../domain';

import * as map from '../sheets/mappers';
import { WRITE_ORDER } from '../sheets/write-order';
import { openStore } from './context';
import { withDocumentLock } from './lock';
import { endpoint, failure, problemLines, type Reply } from './reply';

export interface PackageView extends Package {
  description: string;
}

function view(p: Package): PackageView {
  return { ...p, description: describeTerms(p) };
}

/**
 * Creates a package (no `id`) or edits one (`id` given). Sales keep the terms they were sold with, so
 * editing a package never changes what was sold.
 */
export function savePackage(input: unknown): Reply<{ package: PackageView }> {
  return endpoint(() => {
    const checked = validatePackageTerms(input);
    if (!checked.ok) return failure(checked.errors);
    const id = asRecord(input).id;
    return withDocumentLock(() => {
      const store = openStore();
      const { records, rowOf } = store.packages();
      const terms = checked.value;
      if (id !== undefined && id !== null && id !== '') {
        const row = rowOf.get(String(id));
        if (row === undefined) return failure([{ field: 'id', message: `No package with id ${shownId(id)}.` }]);
        const pkg = { id: String(id), ...terms };
        const table = store.table('packages');
        for (const [header, value] of Object.entries(map.packages.cells(pkg))) table.set(row, header, value);
        store.flush(WRITE_ORDER.packages);
        return { ok: true, package: view(pkg) };
      }
      const sameName = records.find((p) => p.name.toLowerCase() === terms.name.toLowerCase());
      if (sameName) {
        return failure([
          { field: 'name', message: `A package named "${sameName.name}" already exists (${sameName.id}).` },
        ]);
      }
      const pkg = { id: nextId('P', store.rawKeys('packages', 'Package ID')), ...terms };
      store.table('packages').append(map.packages.cells(pkg));
      store.flush(WRITE_ORDER.packages);
      return { ok: true, package: view(pkg) };
    });
  });
}

export function listPackages(): Reply<{ packages: PackageView[]; problems: string[] }> {
  return endpoint(() => {
    const store = openStore();
    const packages = store.packages().records.map(view);
    return { ok: true, packages, problems: problemLines(store.problems) };
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function validateClient(input: unknown): { client: Omit<Client, 'id'>; errors: FieldError[] } {
  const raw = asRecord(input);
  const errors: FieldError[] = [];
  const name = checkText(errors, 'name', raw.name, 'Client name');
  const email = checkOptionalText(errors, 'email', raw.email, 'Email', 254);
  if (email && !EMAIL.test(email)) errors.push({ field: 'email', message: 'Email must look like name@example.com.' });
  const phone = checkOptionalText(errors, 'phone', raw.phone, 'Phone', 40);
  return { client: { name, email, phone }, errors };
}

/** Adds a client (no `id`) or edits one. */
export function saveClient(input: unknown): Reply<{ client: Client }> {
  return endpoint(() => {
    const { client, errors } = validateClient(input);
    if (errors.length) return failure(errors);
    const id = asRecord(input).id;
    return withDocumentLock(() => {
      const store = openStore();
      const { rowOf } = store.clients();
      const table = store.table('clients');
      if (id !== undefined && id !== null && id !== '') {
        const row = rowOf.get(String(id));
        if (row === undefined) return failure([{ field: 'id', message: `No client with id ${shownId(id)}.` }]);
        const saved = { id: String(id), ...client };
        for (const [header, value] of Object.entries(map.clients.cells(saved))) table.set(row, header, value);
        store.flush(WRITE_ORDER.clients);
        return { ok: true, client: saved };
      }
      // Never reuse the id of a deleted client row that sales still name.
      const saved = {
        id: nextId('C', [...store.rawKeys('clients', 'Client ID'), ...store.rawKeys('sales', 'Client ID')]),
        ...client,
      };
      table.append(map.clients.cells(saved));
      store.flush(WRITE_ORDER.clients);
      return { ok: true, client: saved };
    });
  });
}

export function listClients(): Reply<{ clients: Client[]; problems: string[] }> {
  return endpoint(() => {
    const store = openStore();
    return { ok: true, clients: store.clients().records, problems: problemLines(store.problems) };
  });
}
