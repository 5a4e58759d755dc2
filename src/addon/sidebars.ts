/** Menu items that open the sidebars (HtmlService, IFRAME sandbox, 300 px wide). */
import { SIDEBARS, type SidebarName, sidebarHtml } from '../ui/render';

function show(name: SidebarName): void {
  const html = HtmlService.createHtmlOutput(sidebarHtml(name)).setTitle(SIDEBARS[name]);
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
