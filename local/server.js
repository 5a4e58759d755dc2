// @ts-check
// `studio serve`: the local preview. One page (local/preview/) shows the workbook's tabs as a grid, the
// add-on menu from onOpen, and the sidebars beside the grid in sandboxed iframes. Sidebar calls to
// google.script.run come here (POST /api/run) and run the bundle's real endpoints over the workbook file.
//
//   GET  /                  the page            GET /preview/*   its script and styles
//   GET  /api/state         { title, menus, grid, toasts } (opens the spreadsheet: onOpen runs)
//   POST /api/menu          { functionName } → runs a menu item: { sidebar?, alerts, grid }
//   POST /api/run           { name, args } → { ok: true, value, grid } | { ok: false, error: { name, message } }
//   POST /api/select        { sheet, ranges: A1[] } → the active sheet and selection (the grid's row heads)
//
// Every request that touches the workbook runs through one promise queue, one session at a time.
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { session, workbookPath } = require('./studio');
const { activeSpreadsheet } = require('./bundle');

const PREVIEW = path.join(__dirname, 'preview');
const STATIC = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/preview/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/preview/style.css': ['style.css', 'text/css; charset=utf-8'],
};
const MAX_BODY = 1_000_000;

/** True when `value` holds something google.script.run can't return (a Date, a function …). */
function illegalResult(/** @type {unknown} */ value, seen = new Set()) {
  if (value === null || value === undefined) return false;
  const type = typeof value;
  if (type === 'function' || type === 'symbol' || type === 'bigint') return true;
  if (type !== 'object') return false;
  if (Object.prototype.toString.call(value) === '[object Date]') return true;
  if (seen.has(value)) return true;
  seen.add(value);
  const found = Object.values(/** @type {object} */ (value)).some((v) => illegalResult(v, seen));
  seen.delete(value);
  return found;
}

/** The bundle's public top-level functions: what google.script.run offers. @param {Record<string, unknown>} script @param {object} globals */
function publicFunctions(script, globals) {
  return Object.keys(script)
    .filter((n) => typeof script[n] === 'function' && !n.endsWith('_') && !(n in globals))
    .sort();
}

/** The tabs as display strings (what Sheets shows), with the column widths and the frozen rows. @param {import('./runtime').Runtime} runtime */
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
    const columns = display[0]?.length ?? 0;
    return {
      name,
      frozenRows: sheet.getFrozenRows(),
      widths: Array.from({ length: columns }, (_, c) => model?.columnWidths.get(c + 1) ?? 100),
      rows: display.map((row, r) =>
        row.map((text, c) => {
          const v = values[r][c];
          const numeric = typeof v === 'number' || Object.prototype.toString.call(v) === '[object Date]';
          const style = model?.cell(r + 1, c + 1);
          return {
            t: text,
            ...(numeric ? { n: 1 } : {}),
            ...(style?.bold ? { b: 1 } : {}),
            ...(style?.bg ? { bg: style.bg } : {}),
          };
        }),
      ),
      charts: sheet.getCharts().map((chart) => chartOf(sheet, chart)),
    };
  });
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
  return {
    title: String(chart.getOptions().get('title') ?? ''),
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
 * Inserts the google.script.run shim before the sidebar's own scripts.
 * @param {string} html @param {string[]} names public function names
 */
function injectShim(html, names) {
  const shim = fs
    .readFileSync(path.join(PREVIEW, 'shim.js'), 'utf8')
    .replace('__FUNCTION_NAMES__', () => JSON.stringify(names));
  const tag = `<script>${shim.replace(/<\/script/gi, '<\\/script')}</script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  return tag + html;
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

/** @param {http.IncomingMessage} req @returns {Promise<any>} */
function readJson(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) reject(new HttpError(413, 'Request too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        reject(new HttpError(400, 'The body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Starts the preview server on 127.0.0.1.
 * @param {{ workbook?: string, today?: string, port?: number, quiet?: boolean }} opts
 * @returns {Promise<{ url: string, port: number, server: http.Server, session: <T>(fn: (script: Record<string, Function>, runtime: import('./runtime').Runtime) => T) => Promise<T>, close: () => Promise<void> }>}
 */
async function serve(opts) {
  // The workbook stays in memory between requests (read again only when another process changed the file).
  const sessionOpts = { workbook: opts.workbook, today: opts.today, cache: new Map() };
  /** @type {Promise<unknown>} */
  let queue = Promise.resolve();
  /** What the page has selected (row heads clicked), as every execution's active sheet and ranges sees it. */
  /** @type {{ sheet: string, ranges: string[] } | null} */
  let selection = null;
  /** Runs `fn` in a session once every earlier request has finished. @template T @param {(script: Record<string, Function>, runtime: import('./runtime').Runtime) => T} fn @returns {Promise<T>} */
  const serial = (fn) => {
    const next = queue.then(() =>
      session(sessionOpts, (script, runtime) => {
        if (selection && runtime.workbook.sheet(selection.sheet))
          runtime.setActiveRanges(selection.sheet, selection.ranges);
        return fn(script, runtime);
      }),
    );
    queue = next.catch(() => {});
    return next;
  };

  // The menu from onOpen, and the function names the shim offers.
  const { menus, names, title } = await serial((script, runtime) => {
    runtime.open();
    return {
      menus: structuredClone(runtime.ui.menus),
      names: publicFunctions(script, runtime.globals()),
      title: String(activeSpreadsheet(runtime).getName()),
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
      return {
        sidebar: shown ? { title: shown.title, html: injectShim(shown.content, names) } : null,
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
        const result = script[name](...args.map((a) => JSON.parse(JSON.stringify(a))));
        const value = result === undefined || illegalResult(result) ? null : JSON.parse(JSON.stringify(result));
        return { ok: true, value, grid: readGrid(runtime) };
      });
    } catch (e) {
      const error = /** @type {Error} */ (e);
      if (!opts.quiet) console.error(`${name}: ${error.stack ?? error}`);
      return { ok: false, error: { name: 'ScriptError', message: error.message ?? String(e) } };
    }
  };

  const file = workbookPath(sessionOpts);

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
      if (req.method === 'POST' && !String(req.headers['content-type']).startsWith('application/json'))
        throw new HttpError(415, 'Send JSON');
      const asset = STATIC[/** @type {keyof typeof STATIC} */ (url.pathname)];
      if (req.method === 'GET' && asset) {
        res.writeHead(200, { 'content-type': asset[1], 'cache-control': 'no-store' });
        res.end(fs.readFileSync(path.join(PREVIEW, asset[0])));
      } else if (req.method === 'GET' && url.pathname === '/api/state') {
        // Loading the page is opening the spreadsheet: onOpen runs (its toasts, e.g. a failed nightly run).
        const opened = await serial((_s, runtime) => {
          runtime.open();
          return { grid: readGrid(runtime), toasts: runtime.ui.toasts };
        });
        json(200, { title, menus, ...opened });
      } else if (req.method === 'POST' && url.pathname === '/api/menu') {
        json(200, await runMenu(await readJson(req)));
      } else if (req.method === 'POST' && url.pathname === '/api/run') {
        json(200, await run(await readJson(req)));
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
  if (!opts.quiet) console.log(`Studio Packages preview: ${url}  (workbook ${file}; Ctrl+C stops)`);
  return {
    url,
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
