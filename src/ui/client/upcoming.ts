/**
 * What comes next for a sale, as the check-in card and the phone desk say it (one home for the wording):
 * a pause under way or to come, a cancellation, the next sessions or that none come, and when unused
 * sessions lapse when nothing else says so.
 */
import type { SaleSummary } from '../../contract';
import { counted } from '../../domain/words';
import { sessions } from './format';

export function upcoming(sale: SaleSummary, day: (iso: string) => string): string[] {
  const lines: string[] = [];
  if (sale.pause) lines.push(`Paused ${day(sale.pause.from)} – ${day(sale.pause.to)}: nothing falls due then.`);
  if (sale.endDate) lines.push(`Cancelled from ${day(sale.endDate)}.`);
  if (sale.nextDueDate) {
    const when = day(sale.nextDueDate);
    lines.push(
      sale.rollover === 'reset'
        ? `${sessions(sale.sessionsPerPeriod)} on ${when}: unused ones lapse then`
        : `${counted(sale.sessionsPerPeriod, 'more session', 'more sessions')} on ${when}`,
    );
    return lines;
  }
  const left =
    sale.balance > 0 && sale.lapsesOn
      ? `: ${sessions(sale.balance)} left, unused ones lapse on ${day(sale.lapsesOn)}`
      : '';
  lines.push(`No more sessions to come${left}`);
  return lines;
}
