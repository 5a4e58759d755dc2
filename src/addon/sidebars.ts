/** Menu items that open the sidebars (HtmlService, IFRAME sandbox, 300 px wide). */
import { type NightlyBanner, SIDEBARS, type SidebarName, sidebarHtml } from './render';
import { describeLastRun, type NightlyView, nightlyView } from './triggers';

/**
 * What every sidebar shows above its page about the nightly run: a failure or a stop (the notice), and
 * who installed it and how it last went, for every editor (another account's trigger is invisible to
 * them), and the studio's today for the date fields. Nothing when the system tab can't be read (a
 * spreadsheet not set up yet): the date fields then take the browser's date.
 */
function banner(): NightlyBanner {
  let view: NightlyView;
  try {
    view = nightlyView();
  } catch {
    return { notice: null, status: null };
  }
  const by = view.installed ? `installed by ${view.installed.user || 'another editor'}` : 'not installed';
  return { notice: view.notice, status: `Nightly run: ${by}${describeLastRun(view)}.`, today: view.today };
}

function show(name: SidebarName): void {
  const html = HtmlService.createHtmlOutput(sidebarHtml(name, banner())).setTitle(SIDEBARS[name]);
  SpreadsheetApp.getUi().showSidebar(html);
}

export function showPackageSidebar(): void {
  show('package');
}
export function showClientSidebar(): void {
  show('clients');
}
export function showSaleSidebar(): void {
  show('sale');
}
export function showCheckInSidebar(): void {
  show('checkin');
}
export function showHistorySidebar(): void {
  show('history');
}
export function showPaymentSidebar(): void {
  show('payment');
}
export function showPauseSidebar(): void {
  show('pause');
}
/**
 * "Export for accounting…": a date range (last calendar month by default), then the three export tabs
 * (src/addon/accounting.ts). Here with the other sidebars, so the menu's list stays free of the HTML.
 */
export function menuExportForAccounting(): void {
  show('exports');
}
/** "Get paid with Stripe…": connect the studio's Stripe account, and ask a client for a card on file. */
export function showStripeSidebar(): void {
  show('stripe');
}
