// Issue 31, item 12: a client typed again with other spaces, capitals or accents is not silently a second
// client, and an edit keeps what it doesn't change (the client's "no email" above all).
import { type Client, parsedThen, SAVE_CLIENT, SAVE_PACKAGE, saveClient, savePackage } from '../../src/domain';
import { pkg } from './harness';

/** saveClient as its endpoint runs it: the input parsed (SAVE_CLIENT), then the rule. */
const save = (clients: readonly Client[], ids: () => Iterable<string>, raw: unknown) =>
  parsedThen(SAVE_CLIENT, raw, (input) => saveClient(clients, ids, input));

const ZOE: Client = { id: 'C-1', name: 'Zoë Walker', email: 'zoe.walker@example.com', phone: '' };
const BEN: Client = { id: 'C-2', name: 'Ben Okafor', email: '', phone: '0400 000 000', noEmail: true };
const ids = () => ['C-1', 'C-2'];

test('the same name or email told apart only by case, accents or spaces asks to confirm, and says who', () => {
  for (const input of [
    { name: '  zoe   WALKER  ' },
    { name: 'Zoe Walker' },
    { name: 'Someone Else', email: ' ZOE.WALKER@EXAMPLE.COM ' },
  ]) {
    const reply = save([ZOE, BEN], ids, input);
    expect(reply.ok).toBe(false);
    if (reply.ok) continue;
    expect(reply.errors).toHaveLength(1);
    expect(reply.errors[0].field).toBe('confirm');
    expect(reply.errors[0].message).toContain('Zoë Walker (C-1) already has');
  }
  const byEmail = save([ZOE], ids, { name: 'Z W', email: 'Zoe.Walker@example.com' });
  expect(!byEmail.ok && byEmail.errors[0].message).toBe(
    'Zoë Walker (C-1) already has the email zoe.walker@example.com on the Clients tab. Choose them instead, or confirm to add Z W as another client.',
  );
});

test('confirmed, a second client of that name is added, its name spaced as a name', () => {
  const reply = save([ZOE, BEN], ids, { name: '  zoe   walker ', confirm: true });
  expect(reply.ok && reply.value.reply.client).toEqual({ id: 'C-3', name: 'zoe walker', email: '', phone: '' });
});

test('a different client is added without a question', () => {
  const reply = save([ZOE, BEN], ids, { name: 'Zoe Walkers', email: 'zw@example.com' });
  expect(reply.ok && reply.value.reply.client.id).toBe('C-3');
});

test('an edit is not a twin of itself, and keeps the client\'s "no email" unless it says otherwise', () => {
  const kept = save([ZOE, BEN], ids, { id: 'C-2', name: 'Ben  Okafor', phone: '0411 111 111' });
  expect(kept.ok && kept.value.changes.updatedClients).toEqual([
    { id: 'C-2', name: 'Ben Okafor', email: '', phone: '0411 111 111', noEmail: true },
  ]);
  const changed = save([ZOE, BEN], ids, { id: 'C-2', name: 'Ben Okafor', noEmail: false });
  expect(changed.ok && changed.value.changes.updatedClients?.[0].noEmail).toBeUndefined();
  // Renamed onto another client's name: asked, with the words for an edit.
  const onto = save([ZOE, BEN], ids, { id: 'C-2', name: 'zoe walker' });
  expect(!onto.ok && onto.errors[0].message).toBe(
    'Zoë Walker (C-1) already has that name on the Clients tab. To save it anyway, confirm.',
  );
});

test('two clients who share a name (confirmed once) stay editable: an edit is asked only about what it changes', () => {
  const twin: Client = { id: 'C-3', name: 'zoe walker', email: '', phone: '' };
  const phone = save([ZOE, BEN, twin], ids, { id: 'C-3', name: 'zoe walker', phone: '0400 222 333' });
  expect(phone.ok).toBe(true);
  // Giving the twin Zoë's email is a change, and asked about.
  const email = save([ZOE, BEN, twin], ids, { id: 'C-3', name: 'zoe walker', email: 'ZOE.walker@example.com' });
  expect(!email.ok && email.errors[0].field).toBe('confirm');
});

test('an edit that sends "no email" as null keeps the client\'s choice', () => {
  const sent = { id: 'C-2', name: 'Ben Okafor', noEmail: null };
  const kept = parsedThen(SAVE_CLIENT, sent, (input) => save([ZOE, BEN], ids, input));
  expect(kept.ok && kept.value.changes.updatedClients?.[0].noEmail).toBe(true);
});

test("an edit of a package may not take another package's name (the sale form lists packages by name)", () => {
  const packages = [pkg({ name: 'Mat Weekly' }, 'P-1'), pkg({ name: 'Reformer' }, 'P-2')];
  const { id: _, ...terms } = pkg();
  const edit = (name: string) =>
    parsedThen(SAVE_PACKAGE, { ...terms, id: 'P-2', name }, (input) =>
      savePackage(packages, () => ['P-1', 'P-2'], input),
    );
  const taken = edit('mat weekly');
  expect(taken.ok ? [] : taken.errors).toEqual([
    { field: 'name', message: 'A package named "Mat Weekly" already exists (P-1).' },
  ]);
  // Its own name (in other capitals) is no clash.
  const renamed = edit('REFORMER');
  expect(renamed.ok && renamed.value.changes.updatedPackages?.[0]).toMatchObject({ id: 'P-2', name: 'REFORMER' });
});
