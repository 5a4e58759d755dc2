/** The add-on menu and the menu items that answer with an alert. */
import { formatMoney } from '../domain';
import { archiveHistory } from './archive';
import { type DailySummary, runDailyProcesses } from './daily';
import type { Reply } from './reply';
import { setUpWorkbook } from './setup';
import { installNightlyTrigger, removeNightlyTrigger } from './triggers';

export const MENU_ITEMS: readonly (readonly [caption: string, handler: string] | null)[] = [
  ['Set up package…', 'showPackageSidebar'],
  ['Sell package…', 'showSaleSidebar'],
  ['Check in…', 'showCheckInSidebar'],
  ['Adjustments history…', 'showHistorySidebar'],
  ['Record payment…', 'showPaymentSidebar'],
  ['Pause selected sales…', 'showPauseSidebar'],
  null,
  ['Run Daily Processes now', 'menuRunDailyProcesses'],
  ["Preview tonight's run", 'menuPreviewDailyProcesses'],
  ['Archive old history now', 'menuArchiveHistory'],
  null,
  ['Install nightly trigger', 'menuInstallNightlyTrigger'],
  ['Remove nightly trigger', 'menuRemoveNightlyTrigger'],
  ['Set up workbook', 'menuSetUpWorkbook'],
];

export function onOpen(): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU_ITEMS) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  menu.addToUi();
}

export function onInstall(): void {
  onOpen();
}

function alert(title: string, reply: Reply<object>, describe: () => string): void {
  const ui = SpreadsheetApp.getUi();
  const text = reply.ok ? describe() : reply.errors.map((e) => e.message).join('\n');
  ui.alert(title, text, ui.ButtonSet.OK);
}

function describeRun(s: DailySummary): string {
  const verb = s.dryRun ? 'would create' : 'created';
  const lines = [
    `Daily Processes for ${s.today} ${verb} ${s.invoicesCreated} invoice(s) and ${s.adjustmentsCreated} session adjustment(s).`,
  ];
  for (const inv of s.invoices.slice(0, 20)) {
    lines.push(`#${inv.number} ${inv.clientName}: ${formatMoney(inv.amountCents)} due ${inv.dueDate}`);
  }
  if (s.invoices.length > 20) lines.push(`… and ${s.invoicesCreated - 20} more.`);
  if (s.problems.length)
    lines.push('', `${s.problems.length} problem(s) (see the Run Log):`, ...s.problems.slice(0, 10));
  return lines.join('\n');
}

export function menuRunDailyProcesses(): void {
  const reply = runDailyProcesses({});
  alert('Daily Processes', reply, () => (reply.ok ? describeRun(reply.summary) : ''));
}

export function menuPreviewDailyProcesses(): void {
  const reply = runDailyProcesses({ dryRun: true });
  alert("Preview of tonight's run (nothing written)", reply, () => (reply.ok ? describeRun(reply.summary) : ''));
}

export function menuArchiveHistory(): void {
  const reply = archiveHistory();
  alert('Archive old history', reply, () =>
    reply.ok ? [reply.summary.message, reply.summary.archiveUrl ?? ''].filter(Boolean).join('\n') : '',
  );
}

export function menuInstallNightlyTrigger(): void {
  const reply = installNightlyTrigger();
  alert('Nightly trigger', reply, () =>
    reply.ok
      ? `${reply.installed ? 'Installed' : 'Already installed'}: Daily Processes runs every night between ${reply.hour}:00 and ${reply.hour + 1}:00 (${reply.timeZone}); an hour later, once a week, old history is archived.`
      : '',
  );
}

export function menuRemoveNightlyTrigger(): void {
  const reply = removeNightlyTrigger();
  alert('Nightly trigger', reply, () =>
    reply.ok
      ? reply.removed
        ? 'Removed: Daily Processes no longer runs by itself.'
        : 'There was no nightly trigger.'
      : '',
  );
}

export function menuSetUpWorkbook(): void {
  const reply = setUpWorkbook();
  alert('Set up workbook', reply, () => {
    if (!reply.ok) return '';
    const { createdTabs, addedColumns } = reply.report;
    if (!createdTabs.length && !addedColumns.length) return 'Every tab and column is in place. Nothing changed.';
    return [
      createdTabs.length ? `Created tabs: ${createdTabs.join(', ')}.` : '',
      addedColumns.length ? `Added columns: ${addedColumns.join(', ')}.` : '',
    ]
      .filter(Boolean)
      .join('\n');
  });
}
