#!/usr/bin/env node
// @ts-check
// `studio`: run the add-on locally, on the built bundle, over a workbook file.
const fs = require('node:fs');
const {
  session,
  callEndpoint,
  init,
  listTriggers,
  fireTriggers,
  workbookPath,
  share,
  stripeKey,
  stripePage,
  stripeRefund,
  stripePayout,
} = require('./studio');
const { dumpTabs } = require('./dump');
const { serve } = require('./server');
const { outboxDirOf, readOutbox } = require('./runtime/mail');
const { copyStudio } = require('./copy');

const USAGE = `studio — Studio Packages on your machine (the built bundle under the local Apps Script runtime)

  studio init [--empty] [--force] [--time-zone TZ]   new workbook: every tab, plus the demo studio unless --empty
  studio daily [--today YYYY-MM-DD] [--dry-run]       run Daily Processes (a dry run writes nothing)
  studio call <endpoint> [json]                        call a server endpoint, print its JSON result
  studio check                                         "Check this installation…": each assumption about Google
                                                       (trigger, Sheets API, desk link, archive, permissions,
                                                       email quota) tried on this workbook; nothing changed
  studio dump [--tab NAME]                             the tabs as JSON objects keyed by header
  studio triggers                                      the installed triggers: id, handler, user, schedule
  studio fire [--at YYYY-MM-DDTHH:mm]                  run this workbook's time-driven triggers as Apps
                                                       Script would at that time (each as its owner)
  studio share [EMAIL --role ROLE]                     who the spreadsheet is shared with; with EMAIL, give
                                                       them ROLE: owner, editor, viewer or none (removes them)
  studio copy --to PATH                                File › Make a copy, as --user: a new spreadsheet id, the
                                                       bound script and its properties copied, no triggers
  studio stripe-key [--live]                           a restricted key of the local (imitated) Stripe account,
                                                       with the add-on's permissions, for "Get paid with Stripe…"
  studio stripe-page URL [--card N] [--exp MM/YY]      a client saving a card on the local Stripe page URL (from
                                                       a Card request email; default card 4242 4242 4242 4242)
  studio stripe-refund PI [--amount CENTS]             a refund made in the local Stripe's Dashboard of the
                                                       PaymentIntent PI (the Reference of a Payments row)
  studio stripe-payout CENTS [--arrival YYYY-MM-DD]    a payout of the local Stripe account to the bank
  studio outbox [ID]                                   the email MailApp sent (newest first: id, date, to,
                                                       subject); with ID, that message (from <workbook>.outbox/)
  studio serve [--port N]                              the local preview (grid, menu and sidebars) and the
                                                       front desk web app (/desk; ?as=EMAIL signs in as EMAIL)
  studio start [--port N]                              init (when there is no workbook) + serve

Options for every command:
  --workbook PATH   the workbook file (default .studio/workbook.xlsx, or STUDIO_WORKBOOK)
  --today DATE      the clock's date, YYYY-MM-DD (or STUDIO_TODAY); default: the real date
  --mode MODE       bound (a script bound to the workbook, default) or addon (the published add-on:
                    no active spreadsheet in a trigger, one trigger per user per file…) (or STUDIO_MODE)
  --user EMAIL      who runs it (or STUDIO_USER; default owner@example.com)
  STUDIO_MAIL_QUOTA  MailApp's email recipients per day (default 100, a consumer account's; 1500 Workspace)
Exit status: 0 on success; 1 when the endpoint answers ok: false or fails; 2 for a usage error.`;

/** @param {string[]} argv */
function parse(argv) {
  /** @type {Record<string, string | boolean>} */
  const flags = {};
  /** @type {string[]} */
  const args = [];
  const valued = new Set([
    'workbook',
    'today',
    'tab',
    'port',
    'time-zone',
    'mode',
    'user',
    'at',
    'role',
    'to',
    'card',
    'exp',
    'amount',
    'arrival',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (valued.has(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        flags[name] = value;
      } else flags[name] = true;
    } else args.push(a);
  }
  return { flags, args };
}

class UsageError extends Error {}

/** @param {unknown} value */
function print(value) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** @param {Record<string, string | boolean>} flags @param {string} name */
function str(flags, name) {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { flags, args } = parse(rest);
  const opts = {
    workbook: str(flags, 'workbook'),
    today: str(flags, 'today'),
    mode: str(flags, 'mode'),
    user: str(flags, 'user'),
  };
  switch (command) {
    case 'init':
      print(
        await init({
          ...opts,
          empty: flags.empty === true,
          force: flags.force === true,
          timeZone: str(flags, 'time-zone'),
        }),
      );
      return 0;
    case 'daily': {
      const reply = await session(opts, (script) =>
        callEndpoint(script, 'runDailyProcesses', { dryRun: flags['dry-run'] === true }),
      );
      print(reply);
      return reply.ok ? 0 : 1;
    }
    case 'call': {
      const [name, json] = args;
      if (!name) throw new UsageError('call needs an endpoint name');
      let arg;
      try {
        arg = json === undefined ? undefined : JSON.parse(json);
      } catch {
        throw new UsageError(`the argument is not JSON: ${json}`);
      }
      const reply = await session(opts, (script) => callEndpoint(script, name, arg));
      print(reply);
      if (reply && typeof reply === 'object' && reply.ok === false) {
        process.stderr.write(
          `${(reply.errors ?? []).map((/** @type {{field: string, message: string}} */ e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('\n')}\n`,
        );
        return 1;
      }
      return 0;
    }
    case 'check': {
      const reply = await session(opts, (script) => callEndpoint(script, 'checkInstallation'));
      process.stdout.write(`${reply.ok ? reply.report : JSON.stringify(reply, null, 2)}\n`);
      return reply.ok && reply.checks.every((/** @type {{ ok: boolean | null }} */ c) => c.ok !== false) ? 0 : 1;
    }
    case 'triggers':
      print(await listTriggers(opts));
      return 0;
    case 'fire': {
      const outcomes = await fireTriggers({ ...opts, at: str(flags, 'at') });
      print(outcomes);
      return outcomes.every((o) => o.ok) ? 0 : 1;
    }
    case 'share': {
      const [email] = args;
      const role = str(flags, 'role');
      if ((email === undefined) !== (role === undefined))
        throw new UsageError('share needs both EMAIL and --role, or neither');
      print(await share(opts, email, role));
      return 0;
    }
    case 'stripe-key':
      process.stdout.write(`${await stripeKey(opts, flags.live === true)}\n`);
      return 0;
    case 'stripe-page': {
      const [url] = args;
      if (!url) throw new UsageError('stripe-page needs the page URL');
      const outcome = await stripePage(
        opts,
        url,
        str(flags, 'card') ?? '4242424242424242',
        str(flags, 'exp') ?? '12/34',
      );
      print(outcome);
      return outcome.ok ? 0 : 1;
    }
    case 'stripe-refund': {
      const [intent] = args;
      if (!intent) throw new UsageError('stripe-refund needs the PaymentIntent (pi_…)');
      const amount = str(flags, 'amount');
      if (amount !== undefined && !/^\d+$/.test(amount)) throw new UsageError('--amount is in cents: 5000');
      print(await stripeRefund(opts, intent, amount === undefined ? undefined : Number(amount)));
      return 0;
    }
    case 'stripe-payout': {
      const [cents] = args;
      if (!cents || !/^\d+$/.test(cents)) throw new UsageError('stripe-payout needs the amount in cents: 25500');
      const arrival = str(flags, 'arrival');
      if (arrival !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(arrival))
        throw new UsageError('--arrival is a date: YYYY-MM-DD');
      print(await stripePayout(opts, Number(cents), arrival));
      return 0;
    }
    case 'copy': {
      const to = str(flags, 'to');
      if (!to) throw new UsageError('copy needs --to PATH');
      print(await copyStudio(opts, to));
      return 0;
    }
    case 'outbox': {
      const [id] = args;
      const messages = readOutbox(outboxDirOf(workbookPath(opts)));
      if (id === undefined) {
        print(messages.map((m) => ({ id: m.id, date: m.date, to: m.to, subject: m.subject })));
        return 0;
      }
      const message = messages.find((m) => m.id === id);
      if (!message) throw new Error(`No message ${id} in ${outboxDirOf(workbookPath(opts))}`);
      print(message);
      return 0;
    }
    case 'dump': {
      print(await session(opts, (_script, runtime) => dumpTabs(runtime, str(flags, 'tab'))));
      return 0;
    }
    case 'serve':
    case 'start': {
      if (command === 'start' && !fs.existsSync(workbookPath(opts))) {
        process.stdout.write('No workbook yet: creating the demo studio…\n');
        await init(opts);
      }
      await serve({ ...opts, port: Number(str(flags, 'port') ?? process.env.PORT ?? 8080) });
      return undefined;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`studio: ${e instanceof Error ? e.message : String(e)}\n`);
    if (e instanceof UsageError) process.stderr.write('Run "studio help" for usage.\n');
    process.exitCode = e instanceof UsageError ? 2 : 1;
  },
);
