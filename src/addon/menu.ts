/** The add-on menu and the menu items that answer with an alert. */
import { counted, formatMoney, longDate } from '../domain';
import { TabUnusableError } from '../sheets/table';
import { describeSetup } from '../sheets/upgrade';
import { archiveHistory } from './archive';
import { authorizationRequired } from './consent';
import { activeSpreadsheet, userEmail } from './context';
import { type DailySummary, runDailyProcesses } from './daily';
import { sendTestEmail } from './email';
import { INTERACTIVE_WAIT_MS } from './lock';
import type { Reply } from './reply';
import { describeUpgrade, setUpWorkbook, upgradeIfOlder } from './setup';
import { installNightlyTrigger, type NightlyView, nightlyView, removeNightlyTrigger } from './triggers';

export const MENU_ITEMS: readonly (readonly [caption: string, handler: string] | null)[] = [
  ['Set up package…', 'showPackageSidebar'],
  ['Add or edit a client…', 'showClientSidebar'],
  ['Sell package…', 'showSaleSidebar'],
  ['Check in…', 'showCheckInSidebar'],
  ['Adjustments history…', 'showHistorySidebar'],
  ['Record payment…', 'showPaymentSidebar'],
  ['Pause selected sales…', 'showPauseSidebar'],
  ['Front desk link…', 'menuFrontDeskLink'],
  ['Front desk address…', 'menuFrontDeskAddress'],
  null,
  ['Run Daily Processes now', 'menuRunDailyProcesses'],
  ["Preview tonight's run", 'menuPreviewDailyProcesses'],
  ['Send a test email to me', 'menuSendTestEmail'],
  ['Archive old history now', 'menuArchiveHistory'],
  ['Export for accounting…', 'menuExportForAccounting'],
  ['Get paid with Stripe…', 'showStripeSidebar'],
  null,
  ['Nightly run status…', 'menuNightlyStatus'],
  ['Install nightly trigger', 'menuInstallNightlyTrigger'],
  ['Remove nightly trigger', 'menuRemoveNightlyTrigger'],
  ['Set up workbook', 'menuSetUpWorkbook'],
  ['Check this installation…', 'menuCheckInstallation'],
];

/**
 * Builds the menu. In AuthMode.NONE (the add-on is installed but not yet used in this file) nothing else
 * may run: no spreadsheet, no properties (add-ons/concepts/editor-auth-lifecycle). Otherwise (LIMITED:
 * the current file only) a failed or stopped nightly run is shown to whoever opens the spreadsheet.
 */
export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen | GoogleAppsScript.Events.AddonOnInstall): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU_ITEMS) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  menu.addToUi();
  if (e?.authMode === ScriptApp.AuthMode.NONE) return;
  try {
    const { notice } = nightlyView();
    if (notice) activeSpreadsheet().toast(notice, 'Studio Packages', 30);
  } catch (e) {
    // The notice is a courtesy: a spreadsheet not set up yet (or any read problem) still gets its menu.
    // A setting or header the owner made unreadable is said, though: it stops the nightly work.
    if (e instanceof TabUnusableError) activeSpreadsheet().toast(e.message, 'Studio Packages', 30);
  }
}

/** Runs in AuthMode.FULL right after the add-on is installed from the Marketplace. */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e);
}

function alert(title: string, reply: Reply<object>, describe: () => string): void {
  const ui = SpreadsheetApp.getUi();
  const text = reply.ok ? describe() : reply.errors.map((e) => e.message).join('\n');
  ui.alert(title, text, ui.ButtonSet.OK);
}

/** The emails of a run: how many went (or would), then each one's kind, address and subject. */
function describeEmails(s: DailySummary): string[] {
  const mail = s.emails;
  if (!mail.planned.length) return [];
  const sending = mail.planned.filter((m) => !m.skipped).length;
  const head = s.dryRun
    ? `Emails it would send: ${sending} (${mail.planned.length - sending} skipped).`
    : `Emails: ${mail.sent} sent, ${mail.waiting} waiting for tomorrow's quota, ${mail.failed} failed (see the Email Log).`;
  const each = mail.planned
    .slice(0, 15)
    .map((m) => `${m.skipped ? `(${m.skipped}) ` : ''}${m.kind} to ${m.to || 'no address'}: ${m.subject}`);
  return ['', head, ...each, ...(mail.planned.length > 15 ? [`… and ${mail.planned.length - 15} more.`] : [])];
}

/** What automatic collection did (nothing when it charged nothing and nothing waits). */
function describeCollection(s: DailySummary): string[] {
  const { charged, declined, waiting } = s.collection;
  if (!charged && !declined && !waiting) return [];
  return [
    '',
    `Charged by card through Stripe: ${charged} paid, ${declined} declined, ${waiting} waiting (see each invoice's Collection).`,
  ];
}

/** "Send a test email to me": the invoice email with sample values, to the address of whoever runs it. */
export function menuSendTestEmail(): void {
  const reply = sendTestEmail();
  alert('Test email', reply, () => (reply.ok ? `Sent to ${reply.to}: look in your inbox (and spam folder).` : ''));
}

function describeRun(s: DailySummary): string {
  const verb = s.dryRun ? 'would create' : 'created';
  const lines = [
    `Daily Processes for ${longDate(s.today)} ${verb} ${counted(s.invoicesCreated, 'invoice', 'invoices')} and ${counted(s.adjustmentsCreated, 'session adjustment', 'session adjustments')}.`,
  ];
  for (const inv of s.invoices.slice(0, 20)) {
    lines.push(`#${inv.number} ${inv.clientName}: ${formatMoney(inv.amountCents)} due ${longDate(inv.dueDate)}`);
  }
  if (s.invoices.length > 20) lines.push(`… and ${s.invoicesCreated - 20} more.`);
  lines.push(...describeCollection(s));
  lines.push(...describeEmails(s));
  if (s.problems.length)
    lines.push(
      '',
      `${counted(s.problems.length, 'problem', 'problems')} (see the Run Log):`,
      ...s.problems.slice(0, 10),
    );
  return lines.join('\n');
}

export function menuRunDailyProcesses(): void {
  const upgraded = upgradeIfOlder(INTERACTIVE_WAIT_MS);
  const reply = runDailyProcesses({});
  const title = reply.ok ? `Daily Processes for ${longDate(reply.summary.today)}` : 'Daily Processes';
  alert(title, reply, () => (reply.ok ? describeUpgrade(upgraded) + describeRun(reply.summary) : ''));
}

/**
 * What the next nightly run will create, for the day it bills: it starts at the nightly hour (2:00 by
 * default), so from then on that is tomorrow. Written nothing; said even when no trigger is installed.
 */
export function menuPreviewDailyProcesses(): void {
  const view = nightlyView();
  const reply = runDailyProcesses({ dryRun: true, today: view.nextRun });
  const when = `${longDate(view.nextRun)} at ${view.hour}:00`;
  const trigger = view.installed
    ? ''
    : '\n\nThe nightly trigger is not installed: this runs only when someone runs it.';
  alert(`Preview of the nightly run, ${when} (nothing written)`, reply, () =>
    reply.ok ? describeRun(reply.summary) + trigger : '',
  );
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
      ? [
          `${reply.installed ? 'Installed' : 'Already installed'} for this spreadsheet: Daily Processes runs every night from ${reply.hour}:00 (${reply.timeZone}); an hour later the reports are rewritten and, once a week, old history is archived. A run that fails is tried again the next hour.`,
          reply.replaced ? `It replaces the nightly run ${reply.replaced} installed, which stops at its next run.` : '',
        ]
          .filter(Boolean)
          .join('\n')
      : '',
  );
}

export function menuRemoveNightlyTrigger(): void {
  const reply = removeNightlyTrigger();
  alert('Nightly trigger', reply, () => {
    if (!reply.ok) return '';
    if (reply.retiring)
      return `The nightly run ${reply.retiring} installed stops at its next run (you cannot see another editor's triggers; it deletes itself). Daily Processes no longer runs by itself.`;
    return reply.removed ? 'Removed: Daily Processes no longer runs by itself.' : 'There was no nightly trigger.';
  });
}

/**
 * Who installed the nightly run, when it last ran and how that went: the same for every editor. Google
 * asks for any permission a new version added before this runs, so it is also how the installer gives it.
 */
export function menuNightlyStatus(): void {
  const ui = SpreadsheetApp.getUi();
  const view = nightlyView();
  const given = view.status.consent?.user === userEmail() && !authorizationRequired();
  const thanks = given
    ? 'You have given the permission this version asked for: the nightly run resumes at its next hour.\n\n'
    : '';
  ui.alert('Nightly run', thanks + describeNightly(view), ui.ButtonSet.OK);
}

const JOBS = { billing: 'Daily Processes', housekeeping: 'the reports and archive' } as const;

export function describeNightly(v: NightlyView): string {
  const lines: string[] = [];
  if (v.notice) lines.push(v.notice, '');
  lines.push(
    v.installed
      ? `Installed by ${v.installed.user || 'an editor'} on ${longDate(v.installed.installedOn)}: Daily Processes from ${v.hour}:00 (${v.timeZone}), reports an hour later.`
      : 'Not installed: Daily Processes runs only when someone runs it (Install nightly trigger).',
  );
  const last = (label: string, o: NightlyView['status']['lastBilling']) =>
    o
      ? `${label}: ${longDate(o.today)} at ${o.hour}:00, ${o.ok ? 'done' : 'FAILED'} — ${o.message}`
      : `${label}: the trigger has not run it yet.`;
  // What the trigger did, then what anyone last completed (the menu, a sidebar or the trigger): said as
  // such, so "not run yet by the trigger" never reads as contradicting a completed run from the menu.
  lines.push(
    last('Nightly trigger, Daily Processes', v.status.lastBilling),
    last('Nightly trigger, reports and archive', v.status.lastHousekeeping),
  );
  const running = v.status.running;
  if (running)
    lines.push(
      `Running now (or stopped by Apps Script): ${JOBS[running.job]}, started ${studioTime(running.at, v.timeZone)}.`,
    );
  if (v.lastDaily)
    lines.push(
      `Daily Processes last completed (from the menu, a sidebar or the trigger) for ${longDate(v.lastDaily.today)}, run on ${studioTime(v.lastDaily.at, v.timeZone)}.`,
    );
  return lines.join('\n');
}

/** An instant the system tab records (ISO, UTC) as the owner reads it: "Wed 25 Nov 2026 at 2:05", studio time. */
function studioTime(at: string, timeZone: string): string {
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) return at;
  const day = Utilities.formatDate(when, timeZone, 'yyyy-MM-dd');
  return `${longDate(day)} at ${Utilities.formatDate(when, timeZone, 'H:mm')}`;
}

export function menuSetUpWorkbook(): void {
  const reply = setUpWorkbook();
  alert('Set up workbook', reply, () => (reply.ok ? describeSetup(reply.report) : ''));
}
