// The preview server's second address: the project's web app (the front desk on a phone) at /desk, over a
// hand-made bundle. HTTP only (the browser suites drive the real desk): the page doGet returns with its
// title, meta tags and the google.script.run shim; the modelled sign-in (`as=`); Google's pages for
// nobody signed in and for an error; the page's google.script.run as its signed-in account.
import { join } from 'node:path';
import { fixtureBundle, tempDir, Workbook } from '../support/local-runtime';

const { serve } = require('../../local/server') as {
  serve(opts: { workbook: string; port: number; quiet: boolean; distDir: string }): Promise<{
    url: string;
    deskUrl: string | null;
    close(): Promise<void>;
  }>;
};

const CODE = `
function doGet(e) {
  var ss = SpreadsheetApp.openById(e.parameter.s);
  return HtmlService.createHtmlOutput(
    '<!DOCTYPE html><html><head><meta name="viewport" content="width=1200"><title>own</title></head>' +
      '<body><h1>' + ss.getName() + '</h1><p id="q">' + e.queryString + '</p></body></html>'
  )
    .setTitle('Front desk <phone>')
    .addMetaTag('viewport', 'width=device-width, initial-scale=1')
    .addMetaTag('description', 'not allowed');
}
function whoAmI() { return Session.getActiveUser().getEmail(); }
function secret_() { return 'hidden'; }
`;
const MANIFEST = { timeZone: 'Australia/Sydney', webapp: { executeAs: 'USER_ACCESSING', access: 'ANYONE' } };

let server: Awaited<ReturnType<typeof serve>>;
let id: string;

beforeAll(async () => {
  const workbook = join(tempDir('studio-desk-'), 'studio.xlsx');
  const wb = Workbook.create({
    name: 'Studio',
    sharing: { owner: 'owner@example.com', editors: ['frontdesk@example.com'], viewers: [] },
  });
  id = wb.id;
  // A key column under Set up workbook's kind of protection, for the grid's tooltip.
  const sheet = wb.sheets[0];
  sheet.cellForWrite(1, 1).v = 'Key';
  sheet.cellForWrite(2, 1).v = 'S-1:0';
  sheet.cellForWrite(2, 2).v = 'not protected';
  sheet.protections.push({
    description: 'Studio Packages: Invoices › Key',
    warningOnly: true,
    editors: null,
    row: 1,
    column: 1,
    numRows: null,
    numColumns: 1,
  });
  await wb.save(workbook);
  server = await serve({ workbook, port: 0, quiet: true, distDir: fixtureBundle(CODE, MANIFEST) });
});
afterAll(() => server.close());

const get = async (path: string) => {
  const res = await fetch(server.url + path);
  return { status: res.status, html: await res.text() };
};
const run = async (body: unknown) =>
  (
    await fetch(`${server.url}/api/desk/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json();

test('the desk address is announced: /api/state and serve() name it, with the spreadsheet id', async () => {
  expect(server.deskUrl).toBe(`${server.url}/desk?s=${encodeURIComponent(id)}`);
  const state = await (await fetch(`${server.url}/api/state`)).json();
  expect(state.desk).toBe(`/desk?s=${encodeURIComponent(id)}`);
});

test("the preview's read-only grid tells a protected cell's protection (where Sheets would warn before an edit)", async () => {
  const state = await (await fetch(`${server.url}/api/state`)).json();
  const [row1, row2] = state.grid[0].rows;
  expect(row1[0]).toMatchObject({ t: 'Key', p: 'Warning only: Studio Packages: Invoices › Key' });
  expect(row2[0].p).toBe('Warning only: Studio Packages: Invoices › Key');
  expect(row2[1]).not.toHaveProperty('p');
});

test('GET /desk: the page doGet returns, as the front desk by default, with its title, meta tags and the shim', async () => {
  const { status, html } = await get(`/desk?s=${id}&n=1&as=frontdesk%40example.com&n=2`);
  expect(status).toBe(200);
  expect(html).toContain('<h1>Studio</h1>');
  // `as` is the preview's sign-in, not the web app's parameter.
  expect(html).toContain(`<p id="q">s=${id}&n=1&n=2</p>`);
  expect(html).toContain('<title>Front desk &#60;phone&#62;</title>');
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  // Google ignores the page's own meta tags and serves only the allowed addMetaTag names.
  expect(html).not.toContain('width=1200');
  expect(html).not.toContain('not allowed');
  expect(html).not.toContain('<title>own</title>');
  expect(html).toContain('"endpoint":"/api/desk/run","user":"frontdesk@example.com"');
  expect(html).not.toMatch(/__DESK__|__FUNCTION_NAMES__/);
  expect(html).toContain('"whoAmI"');
  expect(html).not.toContain('secret_');
  expect((await get(`/desk?s=${id}`)).html).toContain('"user":"frontdesk@example.com"');
});

test("GET /desk: nobody signed in gets the sign-in page; a stranger gets the script's error page", async () => {
  const signin = await get(`/desk?s=${id}&as=`);
  expect(signin.status).toBe(200);
  expect(signin.html).toContain("Sign in to continue (modelled: Google's sign-in page)");
  const stranger = await get(`/desk?s=${id}&as=stranger@gmail.com`);
  expect(stranger.status).toBe(500);
  expect(stranger.html).toContain('You do not have permission to access the requested document.');
});

test('POST /api/desk/run: google.script.run as the page’s account; private names are not found', async () => {
  expect(await run({ name: 'whoAmI', args: [], user: 'frontdesk@example.com' })).toEqual({
    ok: true,
    value: 'frontdesk@example.com',
  });
  expect(await run({ name: 'secret_', args: [], user: 'frontdesk@example.com' })).toEqual({
    ok: false,
    error: { name: 'ScriptError', message: 'Script function not found: secret_' },
  });
  expect(await run({ name: 'whoAmI', args: [], user: '' })).toMatchObject({ ok: false });
});
