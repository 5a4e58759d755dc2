import { join } from 'node:path';
import { newRuntime, tempDir, Workbook } from '../support/local-runtime';

describe('embedded charts', () => {
  it('are built, inserted, listed, survive save and load, and removed', async () => {
    const { rt, g, ss, sheet } = newRuntime();
    sheet.getRange(1, 1, 3, 2).setValues([
      ['Month', 'Invoiced'],
      ['2026-01', 100],
      ['2026-02', 200],
    ]);
    const chart = sheet
      .newChart()
      .setChartType(g.Charts.ChartType.COLUMN)
      .addRange(sheet.getRange(1, 1, 3, 2))
      .setPosition(2, 4, 0, 0)
      .setOption('title', 'Revenue')
      .build();
    expect(sheet.getCharts()).toHaveLength(0);
    sheet.insertChart(chart);
    const [inserted] = sheet.getCharts();
    expect(inserted.getRanges()).toEqual(['A1:B3']);
    expect(inserted.getOptions().get('title')).toBe('Revenue');
    expect(rt.stats.byMethod['Sheet.insertChart']).toBe(1);
    expect(() => sheet.newChart().addRange(sheet.getRange('A1')).build()).toThrow(/chart type/);

    const file = join(tempDir(), 'charts.xlsx');
    await rt.workbook.save(file);
    const loaded = await Workbook.load(file);
    expect(loaded.sheet('Sheet1').charts).toEqual([expect.objectContaining({ type: 'COLUMN', ranges: ['A1:B3'] })]);

    sheet.removeChart(inserted);
    expect(sheet.getCharts()).toHaveLength(0);
    expect(ss.getSheetByName('Sheet1').getCharts()).toHaveLength(0);
  });
});
