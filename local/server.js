// @ts-check
// `studio serve`: the local preview. One page (local/preview/) shows the workbook's tabs as a grid, the
// add-on menu from onOpen, and the sidebars beside the grid in sandboxed iframes. Sidebar calls to
// google.script.run come here (POST /api/run) and run the bundle's real endpoints over the workbook file.
// A second address is the project's web app (the front desk on a phone): /desk runs doGet as a visitor.
//
//   GET  /                  the page            GET /preview/*   its script and styles
//   GET  /api/state         { title, menus, grid, toasts, desk } (opens the spreadsheet: onOpen runs;
//                           desk: the web app's address for this spreadsheet, null without a web app)
//   POST /api/menu          { functionName } → runs a menu item: { sidebar?, alerts, grid }
//   POST /api/run           { name, args } → { ok: true, value, grid } | { ok: false, error: { name, message } }
//   POST /api/select        { sheet, ranges: A1[] } → the active sheet and selection (the grid's row heads)
//   GET  /desk?s=ID&…       the web app's page: doGet(e) with the query (runtime.webApp). Nothing local can
//                           sign in to Google, so `as=EMAIL` names the signed-in account (default
//                           frontdesk@example.com; `as=` is nobody: the sign-in page) and is not passed on
//   POST /api/desk/run      { name, args, user } → the page's google.script.run, as `user` (runtime.webAppCall):
//                           { ok: true, value } | { ok: false, error: { name, message } }
//   GET  /api/outbox        { messages: [{ id, date, from, to, cc, subject }] }: what MailApp sent, newest
//                           first (the .eml files in <workbook>.outbox/)
//   GET  /stripe/<host>/…   the emulated Stripe's hosted pages (a Checkout page: https://checkout.stripe.com/c/pay/<id>
//   POST /stripe/<host>/…   is /stripe/checkout.stripe.com/c/pay/<id>), and their forms, from this origin only
//                           (hosted.js); /stripe/left?to=URL where a finished page sends the client
//   GET  /api/outbox/ID     { message: { id, date, from, name, replyTo, to, cc, bcc, subject, body, htmlBody } }
//                           (the page shows htmlBody only in an iframe sandboxed without scripts)
//
// Every request that touches the workbook runs through one promise queue, one session at a time.
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { session, withStudio, workbookPath } = require('./studio');
const { activeSpreadsheet } = require('./bundle');
const { illegalResult, toClientValue } = require('./runtime/webapp');
const { outboxDirOf, readOutbox, readEml, isOutboxId } = require('./runtime/mail');
const { formatNumber } = require('./runtime/values');
const hosted = require('./hosted');

const PREVIEW = path.join(__dirname, 'preview');
/** Arimo: metrically the same as Arial, the grid's font in Sheets, so text fits here as it fits there. */
const font = (/** @type {number} */ weight) =>
  require.resolve(`@fontsource/arimo/files/arimo-latin-${weight}-normal.woff2`);
const STATIC = {
  '/': [path.join(PREVIEW, 'index.html'), 'text/html; charset=utf-8'],
  '/preview/app.js': [path.join(PREVIEW, 'app.js'), 'text/javascript; charset=utf-8'],
  '/preview/style.css': [path.join(PREVIEW, 'style.css'), 'text/css; charset=utf-8'],
  '/preview/arimo-400.woff2': [font(400), 'font/woff2'],
  '/preview/arimo-700.woff2': [font(700), 'font/woff2'],
};
const MAX_BODY = 1_000_000;
/** Who the web app page is signed in as when its URL does not say (`as=`): the studio's front desk. */
const DESK_USER = 'frontdesk@example.com';
/**
 * The meta tags a web app page may have, all set with HtmlOutput.addMetaTag (reference/html/html-output
 * #addMetaTag(String,String): "Meta tags included directly in an Apps Script HTML file are ignored. Only
 * the following meta tags are allowed").
 */
const ALLOWED_META = new Set([
  'apple-mobile-web-app-capable',
  'google-site-verification',
  'mobile-web-app-capable',
  'viewport',
]);

/** The bundle's public top-level functions: what google.script.run offers. @param {Record<string, unknown>} script @param {object} globals */
function publicFunctions(script, globals) {
  return Object.keys(script)
    .filter((n) => typeof script[n] === 'function' && !n.endsWith('_') && !(n in globals))
    .sort();
}

/** Rows as CSV (RFC 4180): a field quoted when it holds a comma, a quote or a line break. @param {string[][]} rows */
function toCsv(rows) {
  const field = (/** @type {string} */ v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${rows.map((row) => row.map((v) => field(String(v))).join(',')).join('\r\n')}\r\n`;
}

/**
 * The tabs as display strings (what Sheets shows), with the column widths and the frozen rows. A cell
 * under a protection carries its description (`p`): the grid is read-only, so the page shows it as the
 * cell's tooltip where Sheets would show its warning before an edit.
 * @param {import('./runtime').Runtime} runtime
 */
function readGrid(runtime) {
  const ss = activeSpreadsheet(runtime);
  // Sheets shows no tab for a hidden sheet (the add-on's system tab): View › Hidden sheets lists them.
  const visible = ss.getSheets().filter((s) => !s.isSheetHidden());
  return visible.map((sheet) => {
    const name = sheet.getName();
    const range = sheet.getDataRange();
    const values = range.getValues();
    const display = range.getDisplayValues();
    const model = runtime.workbook.sheets.find((s) => s.name === name);
    // Every column the sheet has, as Sheets shows them (a chart beside a report sits in its own columns).
    const columns = Math.max(display[0]?.length ?? 0, Math.min(sheet.getMaxColumns(), MAX_SHOWN_COLUMNS));
    return {
      name,
      frozenRows: sheet.getFrozenRows(),
      widths: Array.from({ length: columns }, (_, c) => model?.columnWidths.get(c + 1) ?? 100),
      rows: display.map((row, r) =>
        row.map((text, c) => {
          const v = values[r][c];
          const numeric = typeof v === 'number' || Object.prototype.toString.call(v) === '[object Date]';
          const style = model?.cell(r + 1, c + 1);
          const guard = model && protectionAt(model, r + 1, c + 1);
          return {
            t: text,
            ...(numeric ? { n: 1 } : {}),
            ...(style?.bold ? { b: 1 } : {}),
            ...(style?.bg ? { bg: style.bg } : {}),
            ...(guard ? { p: `${guard.warningOnly ? 'Warning only' : 'Protected'}: ${guard.description}` } : {}),
          };
        }),
      ),
      charts: sheet.getCharts().map((chart) => chartOf(sheet, chart)),
    };
  });
}

/** Columns the grid shows at most (a sheet can have 18 278; the add-on's tabs have a few dozen). */
const MAX_SHOWN_COLUMNS = 52;

/**
 * The first protection covering a cell (its description and whether it only warns), or null.
 * @param {import('./runtime/workbook').SheetModel} model @param {number} row @param {number} column
 */
function protectionAt(model, row, column) {
  return (
    model.protections.find((p) => {
      const lastRow = p.numRows === null ? model.maxRows : p.row + p.numRows - 1;
      const lastColumn = p.numColumns === null ? model.maxColumns : p.column + p.numColumns - 1;
      return p.row <= row && row <= lastRow && p.column <= column && column <= lastColumn;
    }) ?? null
  );
}

/**
 * An embedded chart as the page draws it: its title, where it sits, and its data (the first column the
 * labels, each further column a series named by its header row).
 * @param {import('./runtime/spreadsheet').Sheet} sheet @param {import('./runtime/charts').EmbeddedChart} chart
 */
function chartOf(sheet, chart) {
  // The runtime's chart keeps its ranges as A1 notations on its sheet.
  const [a1] = /** @type {unknown[]} */ (chart.getRanges());
  const range = typeof a1 === 'string' ? sheet.getRange(a1) : undefined;
  const rows = range ? range.getDisplayValues() : [];
  const numbers = range ? range.getValues() : [];
  const anchor = chart.getContainerInfo();
  const values = numbers.slice(1).flatMap((row) => row.slice(1).map((v) => (typeof v === 'number' ? v : 0)));
  const top = Math.max(1, ...values);
  // The value axis in the data's own number format, as Sheets labels it ("$2,235.00", not "2235").
  const format = range ? String(range.getNumberFormats()[1]?.[1] ?? '') : '';
  const label = (/** @type {number} */ n) => (format && format !== '@' ? formatNumber(n, format) : String(n));
  return {
    title: String(chart.getOptions().get('title') ?? ''),
    max: top,
    axis: [label(0), label(top)],
    row: anchor.getAnchorRow(),
    column: anchor.getAnchorColumn(),
    series: (rows[0] ?? []).slice(1),
    points: rows.slice(1).map((row, r) => ({
      label: row[0],
      values: numbers[r + 1].slice(1).map((v) => (typeof v === 'number' ? v : 0)),
    })),
    sheet: sheet.getName(),
  };
}

/**
 * Inserts the google.script.run shim before the sidebar's own scripts. `desk`: the shim of the web app
 * page, which calls `endpoint` itself as `user`.
 * @param {string} html @param {string[]} names public function names
 * @param {{ endpoint: string, user: string } | null} [desk]
 */
function injectShim(html, names, desk = null) {
  const shim = fs
    .readFileSync(path.join(PREVIEW, 'shim.js'), 'utf8')
    .replace('__FUNCTION_NAMES__', () => scriptJson(names))
    .replace('__DESK__', () => scriptJson(desk));
  return intoHead(html, `<script>${shim.replace(/<\/script/gi, '<\\/script')}</script>`);
}

/** JSON to put inside an inline script: `<` escaped, so no value (the `as=` address) can close or open a tag. @param {unknown} value */
function scriptJson(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** `html` with `tags` at the start of its head (or of the document). @param {string} html @param {string} tags */
function intoHead(html, tags) {
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tags + html.slice(head.index + head[0].length);
  return tags + html;
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The web app page as Google serves it: the HtmlOutput's title and its addMetaTag tags (the allowed
 * ones) in the head; the page's own <meta name=…> tags and <title> dropped (Google ignores them: the
 * page runs in an iframe of a page it makes), the shim.
 * @param {{ title: string, html: string, metaTags: { name: string, content: string }[] }} page
 * @param {string[]} names @param {string} user
 */
function deskHtml(page, names, user) {
  const own = page.html.replace(/<meta\b[^>]*\bname\s*=[^>]*>|<title\b[^>]*>[\s\S]*?<\/title>/gi, '');
  const meta = page.metaTags
    .filter((m) => ALLOWED_META.has(m.name))
    .map((m) => `<meta name="${escapeHtml(m.name)}" content="${escapeHtml(m.content)}">`)
    .join('');
  const title = page.title ? `<title>${escapeHtml(page.title)}</title>` : '';
  return intoHead(injectShim(own, names, { endpoint: '/api/desk/run', user }), meta + title);
}

/** A plain page standing for one of Google's (sign-in, no access, error). @param {string} title @param {string} text */
function plainPage(title, text) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family: sans-serif; margin: 2rem"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
}

/**
 * The query of a /desk address as the web app gets it: the raw query string without the preview's
 * `as` parameter, and the signed-in account that parameter names (absent: the front desk; empty: nobody).
 * @param {URL} url
 */
function deskVisit(url) {
  const parts = url.search.replace(/^\?/, '').split('&').filter(Boolean);
  const isAs = (/** @type {string} */ p) => new URLSearchParams(p).has('as');
  const user = url.searchParams.has('as') ? (url.searchParams.get('as') ?? '') : DESK_USER;
  return { query: parts.filter((p) => !isAs(p)).join('&'), user };
}

/**
 * A selection the page sent: a tab and its blocks, each an A1 range such as "A2:K4".
 * @param {{ sheet?: unknown, ranges?: unknown }} body
 */
function readSelection(body) {
  const sheet = typeof body.sheet === 'string' ? body.sheet : '';
  const ranges = Array.isArray(body.ranges) ? body.ranges : [];
  const a1 = /^[A-Z]{1,3}[1-9]\d{0,6}(:[A-Z]{1,3}[1-9]\d{0,6})?$/;
  if (!sheet || ranges.length === 0 || ranges.length > 50 || !ranges.every((r) => typeof r === 'string' && a1.test(r)))
    throw new HttpError(400, 'Send { sheet, ranges: ["A2:K4", …] }.');
  return { sheet, ranges: /** @type {string[]} */ (ranges) };
}

/** A request's body as text (at most MAX_BODY bytes). @param {http.IncomingMessage} req @returns {Promise<string>} */
function readText(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) reject(new HttpError(413, 'Request too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A request's body as JSON (`{}` when empty). @param {http.IncomingMessage} req @returns {Promise<any>} */
async function readJson(req) {
  const text = await readText(req);
  try {
    return JSON.parse(text || '{}');
  } catch {
    throw new HttpError(400, 'The body is not JSON');
  }
}

class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Starts the preview server on 127.0.0.1. `distDir`: serve another bundle than dist/ (a test's fixture).
 * @param {{ workbook?: string, today?: string, port?: number, quiet?: boolean, distDir?: string }} opts
 * @returns {Promise<{ url: string, deskUrl: string | null, port: number, server: http.Server, session: <T>(fn: (script: Record<string, Function>, runtime: import('./runtime').Runtime) => T) => Promise<T>, close: () => Promise<void> }>}
 */
async function serve(opts) {
  // The workbook stays in memory between requests (read again only when another process changed the file).
  // The preview is the studio as deployed: getUrl() gives the web app's /exec address (the Front desk link
  // dialog names it, and adds where the desk runs in this preview).
  const sessionOpts = {
    workbook: opts.workbook,
    today: opts.today,
    cache: new Map(),
    distDir: opts.distDir,
    serviceUrl: /** @type {const} */ ('exec'),
  };
  /** @type {Promise<unknown>} */
  let queue = Promise.resolve();
  /** What the page has selected (row heads clicked), as every execution's active sheet and ranges sees it. */
  /** @type {{ sheet: string, ranges: string[] } | null} */
  let selection = null;
  /** Runs `task` once every earlier request has finished. @template T @param {() => Promise<T>} task @returns {Promise<T>} */
  const enqueue = (task) => {
    const next = queue.then(task);
    queue = next.catch(() => {});
    return next;
  };
  /** Runs `fn` in a session (the bundle loaded: an interactive execution) after every earlier request. @template T @param {(script: Record<string, Function>, runtime: import('./runtime').Runtime) => T} fn @returns {Promise<T>} */
  const serial = (fn) =>
    enqueue(() =>
      session(sessionOpts, (script, runtime) => {
        if (selection && runtime.workbook.sheet(selection.sheet))
          runtime.setActiveRanges(selection.sheet, selection.ranges);
        return fn(script, runtime);
      }),
    );
  /** Runs `fn` over the workbook with no execution started (the web app's start their own). @template T @param {(runtime: import('./runtime').Runtime) => T} fn @returns {Promise<T>} */
  const serialRuntime = (fn) => enqueue(() => withStudio(sessionOpts, fn));

  // The menu from onOpen, the function names the shim offers, and the web app's address.
  const { menus, names, title, spreadsheetId, hasWebApp } = await serial((script, runtime) => {
    runtime.open();
    return {
      menus: structuredClone(runtime.ui.menus),
      names: publicFunctions(script, runtime.globals()),
      title: String(activeSpreadsheet(runtime).getName()),
      spreadsheetId: runtime.workbook.id,
      hasWebApp: runtime.webAppDeployment !== null,
    };
  });
  const menuFunctions = new Set();
  const collect = (/** @type {import('./runtime/ui').MenuItem[]} */ items) => {
    for (const item of items) {
      if (item.type === 'item') menuFunctions.add(item.functionName);
      if (item.type === 'submenu') collect(item.items);
    }
  };
  for (const menu of menus) collect(menu.items);

  /** @param {{ functionName?: unknown }} body */
  const runMenu = (body) => {
    const name = String(body.functionName ?? '');
    if (!menuFunctions.has(name)) throw new HttpError(400, `"${name}" is not a menu item.`);
    return serial((script, runtime) => {
      script[name]();
      const shown = runtime.ui.sidebars.at(-1);
      // A modal dialog this menu item opened (Ui.showModalDialog): shown over the sheet, its HTML as given.
      const dialog = runtime.ui.dialogs.at(-1);
      return {
        sidebar: shown ? { title: shown.title, html: injectShim(shown.content, names) } : null,
        dialog: dialog
          ? { title: dialog.title, html: dialog.content, width: dialog.width, height: dialog.height }
          : null,
        alerts: runtime.ui.alerts,
        grid: readGrid(runtime),
      };
    });
  };

  /** @param {{ name?: unknown, args?: unknown }} body */
  const run = async (body) => {
    const name = String(body.name ?? '');
    const args = Array.isArray(body.args) ? body.args : [];
    if (name.endsWith('_') || !names.includes(name)) {
      return { ok: false, error: { name: 'ScriptError', message: `Script function not found: ${name}` } };
    }
    try {
      return await serial((script, runtime) => {
        const value = toClientValue(script[name](...args.map((a) => JSON.parse(JSON.stringify(a)))));
        return { ok: true, value, grid: readGrid(runtime) };
      });
    } catch (e) {
      const error = /** @type {Error} */ (e);
      if (!opts.quiet) console.error(`${name}: ${error.stack ?? error}`);
      return { ok: false, error: { name: 'ScriptError', message: error.message ?? String(e) } };
    }
  };

  /** The web app page for a /desk address: [status, html]. @param {URL} url @returns {Promise<[number, string]>} */
  const desk = async (url) => {
    if (!hasWebApp)
      return [404, plainPage('No web app', 'The project has no web app deployment (appsscript.json has no "webapp").')];
    const { query, user } = deskVisit(url);
    const page = await serialRuntime((runtime) => runtime.webApp(query, { user }));
    if (page.status === 'signin')
      return [
        200,
        plainPage(
          'Sign in to continue',
          "Sign in to continue (modelled: Google's sign-in page). Add as=EMAIL to the address to sign in as EMAIL.",
        ),
      ];
    if (page.status === 'denied')
      return [
        403,
        plainPage(
          'You need access',
          `${page.user} has no access to this web app (modelled: Google's "You need access" page).`,
        ),
      ];
    if (page.status === 'error') return [500, plainPage('Error', page.message)];
    return [200, deskHtml(page, names, user)];
  };

  /** The web app page's google.script.run. @param {{ name?: unknown, args?: unknown, user?: unknown }} body */
  const deskRun = async (body) => {
    const name = String(body.name ?? '');
    const args = Array.isArray(body.args) ? body.args : [];
    const user = typeof body.user === 'string' ? body.user : '';
    try {
      return { ok: true, value: await serialRuntime((runtime) => runtime.webAppCall(name, args, { user })) };
    } catch (e) {
      const error = /** @type {Error} */ (e);
      if (!opts.quiet && !/^Script function not found/.test(error.message))
        console.error(`${name}: ${error.stack ?? error}`);
      return { ok: false, error: { name: 'ScriptError', message: error.message ?? String(e) } };
    }
  };

  /**
   * A page of the emulated Stripe (hosted.js), over the workbook's Stripe state. Its form is posted from
   * this origin only (a cross-site form post is refused, as every other POST here).
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url
   */
  const stripeHosted = async (req, res, url) => {
    if (req.method === 'GET' && url.pathname === `${hosted.PREFIX}left`) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(hosted.leftPage(url.searchParams.get('to') ?? ''));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') throw new HttpError(405, 'GET or POST');
    if (req.method === 'POST' && new URL(String(req.headers.origin ?? 'null'), 'http://x').host !== req.headers.host)
      throw new HttpError(403, 'Forbidden origin');
    const payload = req.method === 'POST' ? await readText(req) : '';
    const contentType = String(req.headers['content-type'] ?? '');
    const answer = await serialRuntime((runtime) => {
      const request = hosted.hostedRequest(req.method ?? 'GET', url, payload, contentType, runtime.clock());
      const host = request && runtime.cloud.internet.hosts.get(request.host);
      if (!request || !host) throw new HttpError(404, 'No such Stripe page');
      return hosted.previewResponse(host.handle(request));
    });
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  };

  const file = workbookPath(sessionOpts);
  /** The web app's address for this spreadsheet (its doGet reads the spreadsheet's id from `s`). */
  const deskPath = hasWebApp ? `/desk?s=${encodeURIComponent(spreadsheetId)}` : null;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    /** @param {number} status @param {unknown} data */
    const json = (status, data) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(data));
    };
    try {
      // Only this machine's pages: refuse other Host names (DNS rebinding) and cross-site form posts.
      if (!/^(localhost|127\.0\.0\.1)(:\d+)?$/.test(req.headers.host ?? '')) throw new HttpError(403, 'Forbidden host');
      const stripePage = url.pathname.startsWith(hosted.PREFIX);
      if (req.method === 'POST' && !stripePage && !String(req.headers['content-type']).startsWith('application/json'))
        throw new HttpError(415, 'Send JSON');
      const asset = STATIC[/** @type {keyof typeof STATIC} */ (url.pathname)];
      if (req.method === 'GET' && asset) {
        res.writeHead(200, { 'content-type': asset[1], 'cache-control': 'no-store' });
        res.end(fs.readFileSync(asset[0]));
      } else if (stripePage) {
        await stripeHosted(req, res, url);
      } else if (req.method === 'GET' && url.pathname === '/api/state') {
        // Loading the page is opening the spreadsheet: onOpen runs (its toasts, e.g. a failed nightly run).
        const opened = await serial((_s, runtime) => {
          runtime.open();
          // The spreadsheet's zone: the page shows times (the Outbox) in it, as the add-on does.
          return { grid: readGrid(runtime), toasts: runtime.ui.toasts, timeZone: runtime.workbook.timeZone };
        });
        json(200, { title, menus, desk: deskPath, ...opened });
      } else if (req.method === 'POST' && url.pathname === '/api/menu') {
        json(200, await runMenu(await readJson(req)));
      } else if (req.method === 'POST' && url.pathname === '/api/run') {
        json(200, await run(await readJson(req)));
      } else if (req.method === 'GET' && url.pathname === '/desk') {
        const [status, html] = await desk(url);
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html);
      } else if (req.method === 'POST' && url.pathname === '/api/desk/run') {
        json(200, await deskRun(await readJson(req)));
      } else if (req.method === 'GET' && url.pathname === '/api/csv') {
        // File › Download › Comma-separated values (.csv) of one tab, as Sheets exports it: the values
        // as shown (the display values), each field quoted when it holds a comma, a quote or a line break.
        const sheetName = url.searchParams.get('sheet') ?? '';
        const csv = await serial((_s, runtime) => {
          const sheet = activeSpreadsheet(runtime).getSheetByName(sheetName);
          if (!sheet) throw new HttpError(404, `No tab named ${sheetName}`);
          return toCsv(sheet.getDataRange().getDisplayValues());
        });
        res.writeHead(200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${title} - ${sheetName}.csv`)}`,
          'cache-control': 'no-store',
        });
        res.end(csv);
      } else if (req.method === 'GET' && url.pathname === '/api/outbox') {
        const messages = readOutbox(outboxDirOf(file)).map((m) => ({
          id: m.id,
          date: m.date,
          from: m.from,
          to: m.to,
          cc: m.cc,
          subject: m.subject,
        }));
        json(200, { messages });
      } else if (req.method === 'GET' && url.pathname.startsWith('/api/outbox/')) {
        const id = decodeURIComponent(url.pathname.slice('/api/outbox/'.length));
        const eml = path.join(outboxDirOf(file), `${id}.eml`);
        if (!isOutboxId(id) || !fs.existsSync(eml)) throw new HttpError(404, 'No such message');
        const m = readEml(eml);
        const { date, from, name, replyTo, to, cc, bcc, subject, body, htmlBody } = m;
        json(200, { message: { id: m.id, date, from, name, replyTo, to, cc, bcc, subject, body, htmlBody } });
      } else if (req.method === 'POST' && url.pathname === '/api/select') {
        selection = readSelection(await readJson(req));
        json(200, { ok: true });
      } else {
        json(404, { error: 'Not found' });
      }
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      if (status === 500 && !opts.quiet) console.error(e);
      json(status, { error: e instanceof Error ? e.message : String(e) });
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, '127.0.0.1', () => resolve(undefined));
  });
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const url = `http://localhost:${port}`;
  const deskUrl = deskPath && url + deskPath;
  if (!opts.quiet) {
    console.log(`Studio Packages preview: ${url}  (workbook ${file}; Ctrl+C stops)`);
    if (deskUrl)
      console.log(`Front desk (the web app, as ${DESK_USER}; add &as=EMAIL for another account): ${deskUrl}`);
  }
  return {
    url,
    deskUrl,
    port,
    server,
    /** Runs `fn(script, runtime)` in a session after every queued request (for tests in this process). */
    session: serial,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

module.exports = { serve, injectShim, illegalResult };
