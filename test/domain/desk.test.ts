// The front desk's name search (issue 30): the page answers a longer name from a search it holds in
// full, so its rule must agree with the server's pattern, name for name.
import fc from 'fast-check';
import { containsPattern, nameContains, narrows } from '../../src/domain';

test('a name contains what was typed, whatever the case and accents', () => {
  expect(nameContains('Chloé Martin', 'chloe')).toBe(true);
  expect(nameContains('CHLOE MARTIN', 'Chloé m')).toBe(true);
  expect(nameContains('Chloé Martin', 'chloex')).toBe(false);
  expect(nameContains('Ana (C-2)', 'a (c')).toBe(true);
  expect(nameContains('Ana', 'a.a')).toBe(false); // "." is a dot, not any letter
  expect(containsPattern('a+')).toBe('.*[aàáâãäåAÀÁÂÃÄÅ]\\+.*');
});

test('a search that narrows a held one finds only names the held one found', () => {
  expect(narrows('ava c', 'av')).toBe(true);
  expect(narrows('Chloé', 'chlo')).toBe(true);
  expect(narrows('av', 'ava')).toBe(false);
  expect(narrows('ben', 'av')).toBe(false);
  const letters = fc.constantFrom(...'aAàéeEoöłŁ .-(c'.split(''));
  const text = (max: number) => fc.array(letters, { minLength: 1, maxLength: max }).map((a) => a.join(''));
  fc.assert(
    fc.property(text(12), text(5), text(3), (name, query, held) => {
      if (narrows(query, held) && nameContains(name, query)) expect(nameContains(name, held)).toBe(true);
    }),
    { seed: 30, numRuns: 5000 },
  );
  // Letters the pattern matches as they are (ł, Ł) narrow only as typed: "Ł" finds no "ł".
  expect(narrows('łuk', 'Ł')).toBe(false);
});
