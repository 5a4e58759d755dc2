/** What a studio sells and to whom: saving a package (the setup wizard) and a client (the sale form). */
import type { Write } from './changes';
import type { ClientInput, PackageSaved } from './inputs';
import { describeTerms, type Package } from './package';
import { type Client, nextId } from './records';
import { fail, ok, type Result } from './result';
import { shownId } from './validate';

/** A package as the sidebars show it: its terms and their description in words. */
export interface PackageView extends Package {
  description: string;
}

export function packageView(p: Package): PackageView {
  return { ...p, description: describeTerms(p) };
}

/**
 * Creates a package (no `id`) or edits one (`id` given). Sales keep the terms they were sold with, so
 * editing a package never changes what was sold. `packageIds`: every id the Packages tab holds, rows that
 * did not parse included (never reused).
 */
export function savePackage(
  packages: readonly Package[],
  packageIds: () => Iterable<string>,
  input: PackageSaved,
): Result<Write<{ package: PackageView }>> {
  const { id, ...terms } = input;
  const found = id === undefined ? undefined : packages.find((p) => p.id === id);
  if (id !== undefined && !found) return fail([{ field: 'id', message: `No package with id ${shownId(id)}.` }]);
  // A package's name is how the sale form lists it: no two alike, an edit's new name included.
  const sameName = packages.find((p) => p !== found && p.name.toLowerCase() === terms.name.toLowerCase());
  if (sameName) {
    return fail([{ field: 'name', message: `A package named "${sameName.name}" already exists (${sameName.id}).` }]);
  }
  if (found) {
    const pkg = { id: found.id, ...terms };
    return ok({ changes: { updatedPackages: [pkg] }, reply: { package: packageView(pkg) } });
  }
  const pkg = { id: nextId('P', packageIds()), ...terms };
  return ok({ changes: { newPackages: [pkg] }, reply: { package: packageView(pkg) } });
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A client's fields as saved, from the parsed input (SAVE_CLIENT in inputs.ts): blank email and phone ''. */
export function clientFields(input: ClientInput): Omit<Client, 'id'> {
  const fields = { name: input.name, email: input.email ?? '', phone: input.phone ?? '' };
  return input.noEmail ? { ...fields, noEmail: true } : fields;
}

/** A name as a person means it: accents, case and spacing aside ("  zoe  WALKER " is "Zoë Walker"). */
function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Why saving `client` needs confirming (null when it doesn't): another client has the same name or the
 * same email, told apart only by case, accents or spaces. Two people can share a name, so it is asked, not
 * refused.
 */
export function sameClientAs(client: Omit<Client, 'id'>, others: readonly Client[], was?: Client): string | null {
  const emailKey = (c: Pick<Client, 'email'>) => c.email.trim().toLowerCase();
  // An edit is asked about only what it changes: two clients already sharing a name stay editable.
  const email = was && emailKey(was) === emailKey(client) ? '' : emailKey(client);
  const name = was && nameKey(was.name) === nameKey(client.name) ? '' : nameKey(client.name);
  const byEmail = email ? others.find((c) => emailKey(c) === email) : undefined;
  const byName = name ? others.find((c) => nameKey(c.name) === name) : undefined;
  const match = byEmail ?? byName;
  if (!match) return null;
  const what = byEmail ? `the email ${match.email.trim()}` : 'that name';
  const then = was
    ? 'To save it anyway, confirm.'
    : `Choose them instead, or confirm to add ${client.name} as another client.`;
  return `${match.name} (${match.id}) already has ${what} on the Clients tab. ${then}`;
}

/**
 * Adds a client (no `id`) or edits one. `clientIds`: every client id the Clients and Sales tabs name
 * (a deleted client's id that sales still name is never reused). A name or email another client has asks
 * to confirm (`confirm: true`); an edit, only when it changes the name or email. An edit that doesn't say
 * `noEmail` keeps the client's choice: an edit never starts emails to someone who said no.
 */
export function saveClient(
  clients: readonly Client[],
  clientIds: () => Iterable<string>,
  raw: ClientInput,
): Result<Write<{ client: Client }>> {
  const fields = clientFields(raw);
  const { id } = raw;
  const found = id === undefined ? undefined : clients.find((c) => c.id === id);
  if (id !== undefined && !found) return fail([{ field: 'id', message: `No client with id ${shownId(id)}.` }]);
  const others = clients.filter((c) => c !== found);
  const twin = raw.confirm === true ? null : sameClientAs(fields, others, found);
  if (twin) return fail([{ field: 'confirm', message: twin }]);
  if (found) {
    const keep = raw.noEmail === undefined && found.noEmail ? { noEmail: true } : {};
    const client = { id: found.id, ...fields, ...keep };
    return ok({ changes: { updatedClients: [client] }, reply: { client } });
  }
  const client = { id: nextId('C', clientIds()), ...fields };
  return ok({ changes: { newClients: [client] }, reply: { client } });
}
