/**
 * The retry rule of client email, in one place (src/domain/email.ts `mayRetry`): a message the Email Log
 * holds goes again only when it waits or the owner typed resend.
 */
import { type EmailLogStatus, mayRetry } from '../../src/domain';

test('waiting and resend (as typed: any case, spaces around) may go again; every other status never', () => {
  for (const status of ['waiting', 'resend', 'Resend', ' RESEND ', 'Waiting'])
    expect([status, mayRetry(status)]).toEqual([status, true]);
  const never: (EmailLogStatus | string)[] = [
    'sent',
    'sending',
    'skipped: no address',
    'failed: Invalid email',
    'listed in reminder:C-1:2026-03-16',
    'unreadable',
    're send',
    '',
  ];
  for (const status of never) expect([status, mayRetry(status)]).toEqual([status, false]);
});
