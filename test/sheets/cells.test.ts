/**
 * DateCodec across DST changes: a date cell written for `YYYY-MM-DD` must read back, and display, as
 * that same calendar date in the spreadsheet's time zone, also where a DST change skips or repeats
 * local midnight (America/Santiago, America/Havana, Asia/Beirut, Africa/Cairo, Atlantic/Azores...).
 * Every calendar date of 2025–2027 is checked in each zone, so every DST change of those years is
 * covered; the expected date of a written instant is computed independently with Intl.DateTimeFormat.
 */
import { DateCodec } from '../../src/sheets/cells';

const { createRuntime, Workbook } = require('../../local/runtime');

const ZONES = [
  'UTC',
  'America/Santiago', // DST starts at 24:00 (midnight skipped) in September, ends at 24:00 in April
  'America/Havana', // starts at 00:00 (skipped) in March, ends at 01:00 (midnight twice) in November
  'America/Asuncion', // permanent -03 since Oct 2024 (tzdata 2024b); had midnight changes before
  'Asia/Beirut', // starts and ends at 00:00
  'Africa/Cairo', // starts at 00:00 (skipped), ends at 24:00
  'Atlantic/Azores', // starts at 00:00 (skipped), ends at 01:00 (midnight twice)
  'America/Scoresbysund', // starts at 23:00 -> 00:00 (the day starts at 00:00 sharp), ends at 24:00
  'Europe/London',
  'Australia/Sydney',
  'Australia/Lord_Howe', // 30-minute DST
  'Pacific/Chatham', // +12:45 / +13:45
  'America/Sao_Paulo', // no DST since 2019
  'Africa/Casablanca', // +01, with an hour back for Ramadan each year: two changes about five weeks apart
];

const DAY_MS = 86_400_000;
const FIRST = Date.UTC(2025, 0, 1);
const LAST = Date.UTC(2027, 11, 31);

/** Every calendar date from 2025-01-01 to 2027-12-31. */
const DATES: string[] = [];
for (let t = FIRST; t <= LAST; t += DAY_MS) DATES.push(new Date(t).toISOString().slice(0, 10));

/** The calendar date an instant shows in `timeZone`, straight from Intl (not the emulator, not the codec). */
function intlDate(timeZone: string) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (instant: number) => {
    const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day}`;
  };
}

/** The UTC offset (minutes) at an instant, straight from Intl. */
function intlOffset(timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  return (instant: number) => {
    const name = f.formatToParts(new Date(instant)).find((x) => x.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
    if (!m?.[1]) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3]);
    return m[1] === '-' ? -minutes : minutes;
  };
}

/** The dates on which the zone's offset changes (and which of them skip local midnight), from Intl. */
function transitions(timeZone: string) {
  const offset = intlOffset(timeZone);
  const dateOf = intlDate(timeZone);
  const changes: string[] = [];
  const skippedMidnight: string[] = [];
  const step = 60 * 60_000; // offsets never change twice within an hour
  let before = offset(FIRST - DAY_MS);
  for (let t = FIRST - DAY_MS; t <= LAST + DAY_MS; t += step) {
    const now = offset(t);
    if (now !== before) {
      // Find the transition instant to the minute.
      let lo = t - step;
      let hi = t;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offset(mid) === before) lo = mid;
        else hi = mid;
      }
      const day = dateOf(hi);
      changes.push(day);
      if (dateOf(hi - 1) !== day && (hi + now * 60_000) % DAY_MS !== 0) skippedMidnight.push(day);
      before = now;
    }
  }
  return { changes, skippedMidnight };
}

let utilitiesBefore: unknown;
beforeAll(() => {
  utilitiesBefore = (globalThis as Record<string, unknown>).Utilities;
  const rt = createRuntime({ workbook: Workbook.create({ timeZone: 'UTC' }), now: '2026-03-02' });
  (globalThis as Record<string, unknown>).Utilities = rt.globals().Utilities;
});
afterAll(() => {
  (globalThis as Record<string, unknown>).Utilities = utilitiesBefore;
});

describe('the zones under test', () => {
  it('include the DST changes that skip local midnight', () => {
    expect(transitions('America/Santiago').skippedMidnight).toEqual(['2025-09-07', '2026-09-06', '2027-09-05']);
    expect(transitions('America/Havana').skippedMidnight).toEqual(['2025-03-09', '2026-03-08', '2027-03-14']);
    expect(transitions('Asia/Beirut').skippedMidnight).toHaveLength(3);
    expect(transitions('Africa/Cairo').skippedMidnight).toHaveLength(3);
    expect(transitions('Europe/London').changes).toHaveLength(6);
    expect(transitions('Australia/Lord_Howe').changes).toHaveLength(6);
    expect(transitions('UTC').changes).toEqual([]);
  });
});

describe.each(ZONES)('DateCodec in %s', (zone) => {
  const dateOf = intlDate(zone);
  const { changes } = transitions(zone);

  it(`writes every date of 2025–2027 (${DATES.length} days, covering every DST change) as an instant of that date`, () => {
    const codec = new DateCodec(zone);
    const wrong: string[] = [];
    for (const date of DATES) {
      const cell = codec.startOf(date);
      const shown = dateOf(cell.getTime());
      const read = codec.read(cell);
      if (shown !== date || read !== date)
        wrong.push(`${date} -> ${cell.toISOString()} (shows ${shown}, reads ${read})`);
    }
    expect(wrong).toEqual([]);
    // Every DST change day is among the dates checked.
    for (const day of changes) expect(DATES).toContain(day);
  });

  it('writes the first instant of the day: one millisecond earlier is the day before', () => {
    const codec = new DateCodec(zone);
    const wrong: string[] = [];
    for (const date of DATES) {
      const t = codec.startOf(date).getTime();
      const prev = new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
      if (dateOf(t - 1) !== prev) wrong.push(`${date} -> ${new Date(t).toISOString()}`);
    }
    expect(wrong).toEqual([]);
  });

  it('round-trips through a sheet in that zone: getValues reads, and getDisplayValues shows, the same date', () => {
    const workbook = Workbook.create({ timeZone: zone });
    const rt = createRuntime({ workbook, now: '2026-03-02' });
    const ss = rt.globals().SpreadsheetApp.getActive();
    expect(ss.getSpreadsheetTimeZone()).toBe(zone);
    const codec = new DateCodec(ss.getSpreadsheetTimeZone());
    // 1095 dates as 73 rows of 15 (a new sheet has 1000 rows).
    const width = 15;
    expect(DATES.length % width).toBe(0);
    const grid = (values: string[]) =>
      Array.from({ length: values.length / width }, (_, r) => values.slice(r * width, (r + 1) * width));
    const range = ss.getSheetByName('Sheet1').getRange(1, 1, DATES.length / width, width);
    range.setNumberFormat('yyyy-mm-dd');
    range.setValues(grid(DATES).map((row) => row.map((d) => codec.write(d))));
    const fresh = new DateCodec(zone); // no cache shared with the writer
    const read = (range.getValues() as unknown[][]).map((row) => row.map((v) => fresh.read(v as Date)));
    expect(read).toEqual(grid(DATES));
    expect(range.getDisplayValues()).toEqual(grid(DATES));
    // Every cell holds a whole day, even where the zone skips midnight (issue 31, item 26): a date with a
    // time (01:00) is missed by a filter or a formula comparing it with DATE(…).
    const cells = workbook
      .sheet('Sheet1')
      .rows.slice(0, DATES.length / width)
      .flat();
    expect(cells.filter((c: any) => !Number.isInteger(c.v)).map((c: any) => c.v)).toEqual([]);
  });

  it('hands out copies: mutating a written Date does not corrupt the cache', () => {
    const codec = new DateCodec(zone);
    const a = codec.startOf('2026-09-06');
    a.setTime(0);
    expect(codec.read(codec.startOf('2026-09-06'))).toBe('2026-09-06');
  });
});
