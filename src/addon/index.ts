/**
 * The one export list: every top-level function the bundle exposes to Apps Script (menu items,
 * triggers, google.script.run endpoints). build.mjs declares a top-level forwarder for each name.
 */
export function onOpen(): void {
  SpreadsheetApp.getUi().createAddonMenu().addItem('Run Daily Processes now', 'menuRunDailyProcesses').addToUi();
}
