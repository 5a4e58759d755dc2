/**
 * The one export list: every top-level function the bundle exposes to Apps Script (simple triggers,
 * menu items, the nightly trigger, the front desk web app's doGet and the google.script.run endpoints).
 * build.mjs declares a top-level forwarder for each name exported here, and nothing else.
 */
export { exportForAccounting } from './accounting';
export { archiveHistory } from './archive';
export { askForCard } from './cards';
export { listClients, listPackages, saveClient, savePackage } from './catalog';
export { runDailyProcesses } from './daily';
export { menuFrontDeskAddress, menuFrontDeskLink } from './desklink';
export { emailStatement } from './email';
export { deskCheckIn, deskClient, deskSearch, deskUndo, doGet } from './frontdesk';
export {
  menuArchiveHistory,
  menuInstallNightlyTrigger,
  menuNightlyStatus,
  menuPreviewDailyProcesses,
  menuRemoveNightlyTrigger,
  menuRunDailyProcesses,
  menuSendTestEmail,
  menuSetUpWorkbook,
  onInstall,
  onOpen,
} from './menu';
export { getSelectedSales, pauseSale, pauseSales } from './pause';
export { listInvoices, recordPayment } from './payments';
export { cancelSale, changePackage, previewSale, sellPackage, shareSale } from './sales';
export { checkInstallation, menuCheckInstallation } from './selfcheck';
export { checkIn, correctSessions, getAdjustments } from './sessions';
export { setUpWorkbook } from './setup';
export {
  menuExportForAccounting,
  showCheckInSidebar,
  showClientSidebar,
  showHistorySidebar,
  showPackageSidebar,
  showPauseSidebar,
  showPaymentSidebar,
  showSaleSidebar,
  showStripeSidebar,
} from './sidebars';
export { connectStripe, disconnectStripe, stripeStatus } from './stripe';
export {
  getNightlyStatus,
  installNightlyTrigger,
  nightlyDailyProcesses,
  nightlyHousekeeping,
  removeNightlyTrigger,
} from './triggers';
