// UrlFetchApp in the local runtime (local/runtime/urlfetch.js): fetch and fetchAll as Google documents them
// (method, headers, payload as a string or form fields, contentType, muteHttpExceptions), the HTTPResponse,
// Google's error texts, the daily quota, the script.external_request scope, and the network's faults
// (before or after the host acted); no real network: handlers by host, an unknown host is a DNS error.
import { createRuntime, fixtureBundle, Workbook } from '../support/local-runtime';

const { createCloud } = require('../../local/runtime');
const { createInternet } = require('../../local/runtime/urlfetch');

const EXTERNAL = 'https://www.googleapis.com/auth/script.external_request';

type Seen = {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  payload: string;
  contentType: string;
};

/** A cloud whose internet is one echoing host (example.test) and one that keeps a counter (counter.test). */
function world() {
  const seen: Seen[] = [];
  let count = 0;
  const internet = createInternet({
    'example.test': {
      handle(request: Seen & { path: string }) {
        seen.push(request);
        if (request.path === '/missing') return { status: 404, body: 'not here: '.padEnd(400, 'x') };
        if (request.path === '/moved') return { status: 302, headers: { Location: '/landed' }, body: '' };
        if (request.path === '/multi')
          return { status: 200, headers: { 'Set-Cookie': ['a=1', 'b=2'], 'X-One': 'one' }, body: 'ok' };
        return {
          status: 200,
          headers: { 'Content-Type': 'text/plain' },
          body: `you asked ${request.method} ${request.path}`,
        };
      },
    },
    'counter.test': {
      handle() {
        count++;
        return { status: 200, body: String(count), latencyMs: 1000 };
      },
    },
  });
  const cloud = createCloud({ internet });
  return { cloud, seen, count: () => count };
}

function runtime(options: Record<string, unknown> = {}) {
  const { cloud, seen, count } = world();
  const rt = createRuntime({
    workbook: Workbook.create({ timeZone: 'Australia/Sydney' }),
    now: '2026-03-02T10:00',
    distDir: fixtureBundle('', { timeZone: 'Australia/Sydney', oauthScopes: [EXTERNAL] }),
    cloud,
    ...options,
  });
  return { rt, g: rt.globals(), seen, count };
}

describe('fetch', () => {
  test('a GET: the HTTPResponse gives the code, the text, the headers', () => {
    const { g, seen } = runtime();
    const response = g.UrlFetchApp.fetch('https://example.test/hello?x=1');
    expect(response.getResponseCode()).toBe(200);
    expect(response.getContentText()).toBe('you asked GET /hello');
    expect(response.getHeaders()).toEqual({ 'Content-Type': 'text/plain' });
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/hello', query: 'x=1', payload: '' });
  });

  test('a POST of form fields: form-encoded, whatever contentType says; headers sent, Content-Type among them ignored', () => {
    const { g, seen } = runtime();
    g.UrlFetchApp.fetch('https://example.test/form', {
      method: 'post',
      headers: { Authorization: 'Bearer abc', 'Content-Type': 'text/xml' },
      payload: { 'metadata[invoice]': 'S-1:2', amount: 300, note: 'a b&c' },
    });
    expect(seen[0].method).toBe('POST');
    expect(seen[0].headers.authorization).toBe('Bearer abc');
    expect(seen[0].contentType).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(seen[0].payload).get('metadata[invoice]')).toBe('S-1:2');
    expect(new URLSearchParams(seen[0].payload).get('note')).toBe('a b&c');
    expect(new URLSearchParams(seen[0].payload).get('amount')).toBe('300');
  });

  test('a string payload goes as it is, with its contentType; GET sends no payload', () => {
    const { g, seen } = runtime();
    g.UrlFetchApp.fetch('https://example.test/json', {
      method: 'put',
      payload: '{"a":1}',
      contentType: 'application/json',
    });
    g.UrlFetchApp.fetch('https://example.test/get', { payload: 'ignored' });
    expect(seen[0]).toMatchObject({ method: 'PUT', payload: '{"a":1}', contentType: 'application/json' });
    expect(seen[1]).toMatchObject({ method: 'GET', payload: '' });
  });

  test('a 4xx throws Google\'s "Request failed" with the start of the body, unless muteHttpExceptions', () => {
    const { g } = runtime();
    expect(() => g.UrlFetchApp.fetch('https://example.test/missing')).toThrow(
      /^Request failed for https:\/\/example\.test returned code 404\. Truncated server response: not here: x+ \(use muteHttpExceptions option to examine full response\)$/,
    );
    try {
      g.UrlFetchApp.fetch('https://example.test/missing');
    } catch (e) {
      expect((e as Error).message.match(/x/g)?.length).toBeLessThan(200);
    }
    const muted = g.UrlFetchApp.fetch('https://example.test/missing', { muteHttpExceptions: true });
    expect(muted.getResponseCode()).toBe(404);
    expect(muted.getContentText()).toHaveLength(400);
  });

  test('redirects are followed unless followRedirects is false; repeated headers are arrays in getAllHeaders', () => {
    const { g } = runtime();
    expect(g.UrlFetchApp.fetch('https://example.test/moved').getContentText()).toBe('you asked GET /landed');
    expect(g.UrlFetchApp.fetch('https://example.test/moved', { followRedirects: false }).getResponseCode()).toBe(302);
    const multi = g.UrlFetchApp.fetch('https://example.test/multi');
    expect(multi.getAllHeaders()).toEqual({ 'Set-Cookie': ['a=1', 'b=2'], 'X-One': 'one' });
    expect(multi.getHeaders()).toEqual({ 'Set-Cookie': 'b=2', 'X-One': 'one' });
    expect(multi.getContent()).toEqual([111, 107]);
  });

  test('no network: an unknown host is a DNS error; a bad URL or method is refused', () => {
    const { g } = runtime();
    expect(() => g.UrlFetchApp.fetch('https://nowhere.test/')).toThrow('DNS error: https://nowhere.test/');
    expect(() => g.UrlFetchApp.fetch('nowhere')).toThrow('Invalid argument: nowhere');
    expect(() => g.UrlFetchApp.fetch('https://example.test/', { method: 'fly' })).toThrow('Invalid argument: method');
    expect(() => g.UrlFetchApp.fetch(`https://example.test/${'x'.repeat(2100)}`)).toThrow(
      'Limit Exceeded: URLFetch URL Length.',
    );
  });

  test('getRequest says what would be sent, and sends nothing', () => {
    const { g, seen } = runtime();
    const request = g.UrlFetchApp.getRequest('https://example.test/a', { method: 'post', payload: { a: '1' } });
    expect(request).toMatchObject({ url: 'https://example.test/a', method: 'post', payload: 'a=1' });
    expect(seen).toEqual([]);
  });

  test("the request takes the host's time against the execution's 6 minutes", () => {
    const { rt, g } = runtime();
    const before = rt.elapsedMs;
    g.UrlFetchApp.fetch('https://counter.test/');
    expect(rt.elapsedMs - before).toBeGreaterThanOrEqual(1000);
  });
});

describe('fetchAll', () => {
  test("every request is sent, the responses in order; at once, so it takes the longest one's time", () => {
    const { rt, g, count } = runtime();
    const before = rt.elapsedMs;
    const responses = g.UrlFetchApp.fetchAll([
      'https://counter.test/',
      { url: 'https://counter.test/', method: 'post', payload: 'x' },
      { url: 'https://example.test/b' },
    ]);
    expect(responses.map((r: any) => r.getResponseCode())).toEqual([200, 200, 200]);
    expect(responses[2].getContentText()).toBe('you asked GET /b');
    expect(count()).toBe(2);
    const took = rt.elapsedMs - before;
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took).toBeLessThan(1500);
  });

  test('one failing response throws (after every request was sent), unless muted', () => {
    const { g, count } = runtime();
    expect(() =>
      g.UrlFetchApp.fetchAll(['https://counter.test/', 'https://example.test/missing', 'https://counter.test/']),
    ).toThrow(/returned code 404/);
    expect(count()).toBe(2);
    const responses = g.UrlFetchApp.fetchAll([
      { url: 'https://example.test/missing', muteHttpExceptions: true },
      'https://counter.test/',
    ]);
    expect(responses.map((r: any) => r.getResponseCode())).toEqual([404, 200]);
  });
});

describe('the daily quota (20 000 URL Fetch calls for a consumer account)', () => {
  test('each request counts, fetchAll\'s one each; past it nothing is sent: "Service invoked too many times for one day: urlfetch."', () => {
    const { g, count } = runtime({ urlFetchQuota: 3 });
    g.UrlFetchApp.fetchAll(['https://counter.test/', 'https://counter.test/']);
    expect(() => g.UrlFetchApp.fetchAll(['https://counter.test/', 'https://counter.test/'])).toThrow(
      'Service invoked too many times for one day: urlfetch.',
    );
    expect(count()).toBe(2);
    g.UrlFetchApp.fetch('https://counter.test/');
    expect(() => g.UrlFetchApp.fetch('https://counter.test/')).toThrow('urlfetch.');
    expect(count()).toBe(3);
  });

  test('per user, shared by every execution, and open again 24 hours after the first request', () => {
    const { cloud, count } = world();
    const at = (now: string, userEmail = 'owner@example.com') =>
      createRuntime({
        workbook: Workbook.create({}),
        now,
        cloud,
        urlFetchQuota: 1,
        userEmail,
        distDir: 'dist',
      }).globals();
    at('2026-03-02T10:00').UrlFetchApp.fetch('https://counter.test/');
    expect(() => at('2026-03-02T23:00').UrlFetchApp.fetch('https://counter.test/')).toThrow('urlfetch.');
    at('2026-03-02T23:00', 'helper@example.com').UrlFetchApp.fetch('https://counter.test/');
    at('2026-03-03T10:01').UrlFetchApp.fetch('https://counter.test/');
    expect(count()).toBe(3);
  });
});

describe('the scope and the authorization mode', () => {
  test("a manifest listing its scopes without script.external_request: Google's permission error, nothing sent", () => {
    const { g, count } = runtime({
      distDir: fixtureBundle('', { oauthScopes: ['https://www.googleapis.com/auth/spreadsheets'] }),
    });
    expect(() => g.UrlFetchApp.fetch('https://counter.test/')).toThrow(
      `You do not have permission to call UrlFetchApp.fetch. Required permissions: ${EXTERNAL}`,
    );
    expect(count()).toBe(0);
  });

  test('not in a simple trigger (LIMITED)', () => {
    const { rt } = runtime();
    const g = rt.globals({ authMode: 'LIMITED' });
    expect(() => g.UrlFetchApp.fetch('https://counter.test/')).toThrow(
      `You do not have permission to call UrlFetchApp.fetch. Required permissions: ${EXTERNAL}`,
    );
  });
});

describe('faults: the network, and the execution stopped around a request', () => {
  test('failFetch before: the host never sees it, "Address unavailable: <url>"', () => {
    const { rt, g, count } = runtime();
    rt.faults = { failFetch: 2 };
    g.UrlFetchApp.fetch('https://counter.test/');
    expect(() => g.UrlFetchApp.fetch('https://counter.test/')).toThrow('Address unavailable: https://counter.test/');
    expect(count()).toBe(1);
    g.UrlFetchApp.fetch('https://counter.test/');
    expect(count()).toBe(2);
  });

  test('failFetch after: the host acted, the answer was lost ("Timeout: <url>")', () => {
    const { rt, g, count } = runtime();
    rt.faults = { failFetch: 1, fetchFault: 'after' };
    expect(() => g.UrlFetchApp.fetch('https://counter.test/')).toThrow('Timeout: https://counter.test/');
    expect(count()).toBe(1);
  });

  test('in fetchAll the other requests still go; the call throws', () => {
    const { rt, g, count } = runtime();
    rt.faults = { failFetch: 2 };
    expect(() =>
      g.UrlFetchApp.fetchAll(['https://counter.test/', 'https://counter.test/', 'https://counter.test/']),
    ).toThrow('Address unavailable');
    expect(count()).toBe(2);
  });

  test("failAtCall on UrlFetchApp.fetch: Google's text, nothing sent", () => {
    const { rt, g, count } = runtime();
    rt.faults = { failAtCall: 1, method: 'UrlFetchApp.fetch' };
    expect(() => g.UrlFetchApp.fetch('https://counter.test/x')).toThrow('Address unavailable: https://counter.test/x');
    expect(count()).toBe(0);
  });

  test('a fetch is a write point: killed before (nothing sent) or after (sent), every later call throws', () => {
    const before = runtime();
    before.rt.faults = { failBeforeWrite: 1 };
    expect(() => before.g.UrlFetchApp.fetch('https://counter.test/')).toThrow(/Injected fault before write #1/);
    expect(before.count()).toBe(0);
    const after = runtime();
    after.rt.faults = { failAfterWrite: 1 };
    expect(() => after.g.UrlFetchApp.fetchAll(['https://counter.test/', 'https://counter.test/'])).toThrow(
      /Injected fault after write #1/,
    );
    expect(after.count()).toBe(2);
    expect(() => after.g.UrlFetchApp.fetch('https://counter.test/')).toThrow(/Injected fault after write #1/);
  });
});
