/** Menu items that open the sidebars (HtmlService, IFRAME sandbox, 300 px wide). */
import { SIDEBARS, type SidebarName, sidebarHtml } from '../ui/render';
import { nightlyView } from './triggers';

/** A failed or stopped nightly run, for the banner above every sidebar (none when it can't be read). */
function notice(): string | null {
  try {
    return nightlyView().notice;
  } catch {
    return null;
  }
}

function show(name: SidebarName): void {
  const html = HtmlService.createHtmlOutput(sidebarHtml(name, notice())).setTitle(SIDEBARS[name]);
  SpreadsheetApp.getUi().showSidebar(html);
}

export function showPackageSidebar(): void {
  show('package');
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
