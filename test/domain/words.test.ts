// Issue 31, item 7: one wording helper for counts and period nouns; no plural is made by adding "s".
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { counted, describeTerms, YES_NO_CHOICES, yesNo } from '../../src/domain';
import { pkg } from './harness';

test('counted: the noun agrees with the count, both forms given', () => {
  expect([0, 1, 2, -1].map((n) => counted(n, 'invoice', 'invoices'))).toEqual([
    '0 invoices',
    '1 invoice',
    '2 invoices',
    '-1 invoice',
  ]);
});

test('an every-3-weeks package reads right in every part of its summary', () => {
  const terms = pkg({
    frequency: 'every 3 weeks',
    rollover: 'add',
    sessionsPerPeriod: 4,
    priceCents: 15000,
    introPeriods: 2,
    introPriceCents: 5000,
    expireAfterPeriods: 2,
    minPeriods: 6,
    noticeDays: 1,
  });
  expect(describeTerms(terms)).toBe(
    "first 2 3-week periods at $50.00, $150.00 every 3 weeks, 4 sessions each 3-week period, unused sessions carry over, each 3-week period's sessions usable for 2 3-week periods, no end date, at least 6 3-week periods, 1 day's notice to cancel",
  );
  expect(
    describeTerms(pkg({ frequency: 'weekly', sessionsPerPeriod: 1, introPeriods: 1, introPriceCents: 0 })),
  ).toMatch(/^first week at \$0\.00, \$[\d.,]+ every week, 1 session each week/);
});

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('no text in src builds a plural by adding "s" or writes "(s)"', () => {
  const found = sources('src').flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => [line, i + 1] as const)
      .filter(
        ([line]) => /\? '' : 's'|\? 's' : ''|[a-z]\(s\)|\}s[ .,:)'`]/.test(line) && !/\(s\) =>|\(s\)\)/.test(line),
      )
      .map(([line, n]) => `${file}:${n}: ${line.trim()}`),
  );
  expect(found).toEqual([]);
});

test('one Yes/No for every column and setting: the labels in any case, and Y/N/TRUE/FALSE; else nothing', () => {
  expect(['Yes', 'yes', ' YES ', 'y', 'TRUE', 'No', 'no', 'n', 'false', '', 'oui', '1'].map(yesNo)).toEqual([
    true,
    true,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
    null,
    null,
    null,
  ]);
  expect(YES_NO_CHOICES.map((c) => [c.value, yesNo(c.label)])).toEqual([
    ['yes', true],
    ['no', false],
  ]);
});
