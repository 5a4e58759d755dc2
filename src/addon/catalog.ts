/** Endpoints for packages and clients (the setup wizard and the sale form). */
import {
  type Client,
  type PackageView,
  packageView,
  SAVE_CLIENT,
  SAVE_PACKAGE,
  saveClient as saveClientRule,
  savePackage as savePackageRule,
} from '../domain';
import { openStore } from './context';
import { endpoint, problemLines, type Reply } from './reply';
import { wholeWriteEndpoint, writeEndpoint } from './write';

/**
 * Creates a package (no `id`) or edits one (`id` given). Sales keep the terms they were sold with, so
 * editing a package never changes what was sold.
 */
export const savePackage = writeEndpoint('packages', SAVE_PACKAGE, (store, input) =>
  savePackageRule(store.packages().records, () => store.rawKeys('packages', 'Package ID'), input),
);

export function listPackages(): Reply<{ packages: PackageView[]; problems: string[] }> {
  return endpoint(() => {
    const store = openStore();
    const packages = store.packages().records.map(packageView);
    return { ok: true, packages, problems: problemLines(store.problems) };
  });
}

/** Adds a client (no `id`) or edits one. A deleted client's id that sales still name is never reused. */
export const saveClient = wholeWriteEndpoint('clients', SAVE_CLIENT, (store, input) =>
  saveClientRule(
    store.clients().records,
    () => [...store.rawKeys('clients', 'Client ID'), ...store.rawKeys('sales', 'Client ID')],
    input,
  ),
);

export function listClients(): Reply<{ clients: Client[]; problems: string[] }> {
  return endpoint(() => {
    const store = openStore();
    return { ok: true, clients: store.clients().records, problems: problemLines(store.problems) };
  });
}
