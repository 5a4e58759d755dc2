/** What a studio sells and to whom: saving a package (the setup wizard) and a client (the sale form). */
import type { Write } from './changes';
import { describeTerms, type Package, validatePackageTerms } from './package';
import { type Client, nextId } from './records';
import { type FieldError, fail, ok, type Result } from './result';
import { asRecord, checkOptionalText, checkText, shownId } from './validate';

/** A package as the sidebars show it: its terms and their description in words. */
export interface PackageView extends Package {
  description: string;
}

export function packageView(p: Package): PackageView {
  return { ...p, description: describeTerms(p) };
}

/** The id an edit names, as given ('' / missing: a new record). */
function editedId(raw: Record<string, unknown>): unknown {
  const id = raw.id;
  return id === undefined || id === null || id === '' ? null : id;
}

/**
 * Creates a package (no `id`) or edits one (`id` given). Sales keep the terms they were sold with, so
 * editing a package never changes what was sold. `packageIds`: every id the Packages tab holds, rows that
 * did not parse included (never reused).
 */
export function savePackage(
  packages: readonly Package[],
  packageIds: () => Iterable<string>,
  input: unknown,
): Result<Write<{ package: PackageView }>> {
  const checked = validatePackageTerms(input);
  if (!checked.ok) return checked;
  const terms = checked.value;
  const id = editedId(asRecord(input));
  if (id !== null) {
    const found = packages.find((p) => p.id === String(id));
    if (!found) return fail([{ field: 'id', message: `No package with id ${shownId(id)}.` }]);
    const pkg = { id: found.id, ...terms };
    return ok({ changes: { updatedPackages: [pkg] }, reply: { package: packageView(pkg) } });
  }
  const sameName = packages.find((p) => p.name.toLowerCase() === terms.name.toLowerCase());
  if (sameName) {
    return fail([{ field: 'name', message: `A package named "${sameName.name}" already exists (${sameName.id}).` }]);
  }
  const pkg = { id: nextId('P', packageIds()), ...terms };
  return ok({ changes: { newPackages: [pkg] }, reply: { package: packageView(pkg) } });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A client's fields, checked: `{ name, email?, phone? }`. */
export function validateClient(input: unknown): Result<Omit<Client, 'id'>> {
  const raw = asRecord(input);
  const errors: FieldError[] = [];
  const name = checkText(errors, 'name', raw.name, 'Client name');
  const email = checkOptionalText(errors, 'email', raw.email, 'Email', 254);
  if (email && !EMAIL.test(email)) errors.push({ field: 'email', message: 'Email must look like name@example.com.' });
  const phone = checkOptionalText(errors, 'phone', raw.phone, 'Phone', 40);
  return errors.length ? fail(errors) : ok({ name, email, phone });
}

/**
 * Adds a client (no `id`) or edits one. `clientIds`: every client id the Clients and Sales tabs name
 * (a deleted client's id that sales still name is never reused).
 */
export function saveClient(
  clients: readonly Client[],
  clientIds: () => Iterable<string>,
  input: unknown,
): Result<Write<{ client: Client }>> {
  const checked = validateClient(input);
  if (!checked.ok) return checked;
  const id = editedId(asRecord(input));
  if (id !== null) {
    const found = clients.find((c) => c.id === String(id));
    if (!found) return fail([{ field: 'id', message: `No client with id ${shownId(id)}.` }]);
    const client = { id: found.id, ...checked.value };
    return ok({ changes: { updatedClients: [client] }, reply: { client } });
  }
  const client = { id: nextId('C', clientIds()), ...checked.value };
  return ok({ changes: { newClients: [client] }, reply: { client } });
}
