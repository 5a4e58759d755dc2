/**
 * The look check of the preview's tabs (issue 31, "What it must show"): the demo studio after a night's
 * run, every tab at 1440 × 900 and at 480 px wide. No title or header text is cut (a cell's text may run
 * on into empty cells, as in Sheets, and must fit there), the page itself never scrolls sideways (only
 * the grid does), and a chart sits below the frozen rows, inside the sheet's columns, its value axis in
 * the data's money format. Screenshots: test/artifacts/look-<tab>-<width>.png.
 */
import { expect } from '@jest/globals';
import { ARTIFACTS, closeAfterTests, type Studio, seed, startStudio } from './harness';

let studio: Studio;
beforeAll(async () => {
  studio = await startStudio('look', { demo: true });
  await seed(studio, [['runDailyProcesses', {}]]);
}, 60_000);
closeAfterTests(() => studio);

/** The frozen rows' cells whose text is cut: "<tab> <A1>: <text>". */
async function clipped(tab: string): Promise<string[]> {
  return studio.page.locator('#grid table.cells').evaluate((table, name) => {
    const cut: string[] = [];
    const rows = [...table.querySelectorAll('tbody tr.frozen')];
    rows.forEach((tr, r) => {
      [...tr.querySelectorAll('td')].forEach((td, c) => {
        const box = (td.querySelector('span') ?? td) as HTMLElement;
        if (box.textContent && box.scrollWidth > box.clientWidth + 1)
          cut.push(`${name} ${String.fromCharCode(65 + c)}${r + 1}: ${box.textContent}`);
      });
    });
    return cut;
  }, tab);
}

for (const width of [1440, 480]) {
  test(`every tab at ${width} px: no title or header cut, the page never scrolls sideways`, async () => {
    const { page } = studio;
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    await page.evaluate(() => document.fonts.ready);
    const tabs = await page.getByRole('tab').allTextContents();
    expect(tabs).toEqual(expect.arrayContaining(['Sales', 'Invoices', 'Revenue Recognition', 'Revenue by Month']));
    const cut: string[] = [];
    for (const name of tabs) {
      await page.getByRole('tab', { name, exact: true }).click();
      await page.locator('#grid table.cells').waitFor();
      cut.push(...(await clipped(name)));
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
      expect([name, scroll <= client]).toEqual([name, true]);
      await page.screenshot({ path: `${ARTIFACTS}/look-${name.replace(/\W+/g, '-')}-${width}.png` });
    }
    expect(cut).toEqual([]);
  });
}

test('a report chart sits below the frozen rows, inside the sheet, its axis in dollars', async () => {
  const { page } = studio;
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const name of ['Revenue by Month', 'Revenue Recognition']) {
    await page.getByRole('tab', { name, exact: true }).click();
    const chart = page.locator('#grid figure.chart');
    await chart.waitFor();
    const box = await page.evaluate(() => {
      const figure = document.querySelector('#grid figure.chart') as HTMLElement;
      const frozen = [...document.querySelectorAll('#grid tr.frozen')].pop() as HTMLElement;
      const table = document.querySelector('#grid table.cells') as HTMLElement;
      return {
        top: figure.offsetTop,
        frozenBottom: frozen.offsetTop + frozen.offsetHeight,
        right: figure.offsetLeft + figure.offsetWidth,
        sheetRight: table.offsetWidth,
      };
    });
    expect([name, box.top >= box.frozenBottom, box.right <= box.sheetRight]).toEqual([name, true, true]);
    const labels = await chart.locator('svg text').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['$0.00']));
    expect(labels.some((t) => /^\$\d{1,3}(,\d{3})*\.\d\d$/.test(t) && t !== '$0.00')).toBe(true);
    expect(labels.filter((t) => /^\d+$/.test(t))).toEqual([]);
  }
});
