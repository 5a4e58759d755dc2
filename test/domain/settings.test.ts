/**
 * The settings table (src/domain/settings.ts): one entry per setting gives its row, how its Value is read,
 * its default, and whether client email reads it.
 */
import {
  DEFAULT_SETTINGS,
  type EmailSettings,
  emailSettingsOf,
  SETTINGS,
  type Settings,
  settingValue,
} from '../../src/domain';

test("the defaults are each setting's default Value, read", () => {
  const defaults: Settings = {
    studioName: 'My Studio',
    currency: '$',
    graceDays: 7,
    nightlyHour: 2,
    archiveDays: 365,
    taxName: 'GST',
    taxRate: 0,
    pricesIncludeTax: true,
    taxId: '',
    salesAccount: '200',
    taxCode: 'GST on Income',
    taxFreeCode: 'GST Free Income',
    sendEmail: false,
    paymentInstructions: 'Pay at the desk, or by bank transfer (ask us for the details).',
    maxReminders: 2,
    reminderSpacing: 7,
    monthlyStatements: false,
    retryDays: [],
    pauseUnpaid: false,
  };
  expect(DEFAULT_SETTINGS).toEqual(defaults);
});

test('the retry days: rising whole days from 1 to 60, blank for none', () => {
  expect(settingValue('retryDays', '3, 7')).toEqual({ value: [3, 7] });
  expect(settingValue('retryDays', '2;5 9')).toEqual({ value: [2, 5, 9] });
  expect(settingValue('retryDays', '')).toEqual({ value: [] });
  for (const bad of ['7, 3', '0', '3, x', '61', '1.5']) expect(settingValue('retryDays', bad)).toHaveProperty('mustBe');
});

test('a Value is read by its setting: the value, the default for a blank that means so, or what it must be', () => {
  expect(settingValue('graceDays', '14')).toEqual({ value: 14 });
  expect(settingValue('graceDays', '1.5')).toEqual({ mustBe: 'a whole number of days from 0 to 365' });
  expect(settingValue('graceDays', '')).toEqual({ mustBe: 'a whole number of days from 0 to 365' });
  expect(settingValue('archiveDays', '0')).toEqual({ value: 0 });
  expect(settingValue('archiveDays', '6')).toEqual({ mustBe: '0 (never) or a whole number of days from 7 to 3660' });
  expect(settingValue('nightlyHour', '24')).toEqual({ mustBe: 'an hour from 0 to 23' });
  expect(settingValue('sendEmail', 'y')).toEqual({ value: true });
  expect(settingValue('monthlyStatements', 'maybe')).toEqual({ mustBe: 'Yes or No' });
  expect(settingValue('taxRate', '8.875')).toEqual({ value: 88_750 });
  expect(settingValue('currency', '€')).toEqual({ value: '€' });
  expect(settingValue('currency', 'EURO!')).toEqual({ mustBe: '1 to 4 characters' });
  expect(settingValue('studioName', '')).toEqual({ keep: true });
  expect(settingValue('studioName', 'x'.repeat(120))).toEqual({ value: 'x'.repeat(100) });
  expect(settingValue('paymentInstructions', 'y'.repeat(600))).toEqual({ value: 'y'.repeat(500) });
  // A blank tax id is no tax id; the time zone check is the add-on's own, never read.
  expect(settingValue('taxId', '')).toEqual({ value: '' });
  expect(settingValue('timeZone', 'garbage')).toEqual({ keep: true });
});

test('client email reads the settings marked for it, under their own names', () => {
  const email: EmailSettings = emailSettingsOf({ ...DEFAULT_SETTINGS, reminderSpacing: 3 });
  expect(email).toEqual({
    studioName: 'My Studio',
    graceDays: 7,
    taxName: 'GST',
    taxId: '',
    paymentInstructions: 'Pay at the desk, or by bank transfer (ask us for the details).',
    maxReminders: 2,
    reminderSpacing: 3,
    monthlyStatements: false,
  });
  // Every setting has its row's words; only the add-on's own row has no reader.
  for (const [name, spec] of Object.entries(SETTINGS)) {
    expect([name, spec.label.length > 0, spec.note.length > 0, 'read' in spec]).toEqual([
      name,
      true,
      true,
      name !== 'timeZone',
    ]);
  }
});
