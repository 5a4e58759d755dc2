import { closeAfterTests, type Studio, seed, startStudio } from './harness';

let studio: Studio;
beforeAll(async () => {
  studio = await startStudio('look', { demo: true });
}, 60_000);
closeAfterTests(() => studio);
test('shots', async () => {
  const { page } = studio;
  await seed(studio, [['runDailyProcesses', {}]]);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.reload();
  await page.evaluate(() => document.fonts.ready);
  const names = await page.getByRole('tab').allTextContents();
  console.log(names);
  for (const name of names) {
    await page.getByRole('tab', { name, exact: true }).click();
    await page.screenshot({ path: `/tmp/shots/${name.replace(/\W+/g, '_')}.png` });
  }
}, 120_000);
