// google.script.run and google.script.host for a sidebar running in the preview's sandboxed iframe, and
// for the web app's page (the front desk, /desk). The preview server injects this before the page's own
// scripts, with the bundle's public function names filled in, and for the web app page the endpoint and
// the signed-in account (DESK below; null in a sidebar). A sidebar's calls travel to the parent page with
// postMessage and the parent POSTs them to the server; the web app page POSTs them itself, with its
// user. Either way the server runs the real endpoint over the workbook.
//
// Semantics follow Apps Script's client-side API:
// - google.script.run has one method per public server function (not ending in "_"); another name is
//   undefined there, as in Apps Script (calling it throws a TypeError).
// - withSuccessHandler / withFailureHandler / withUserObject each return a new runner.
// - Calls are asynchronous: handlers run later, never before the calling code returns.
// - Legal arguments: primitives, null, and objects/arrays made of them; a form element as the only
//   argument. A Date, function, DOM element (other than that form), symbol, bigint or circular reference
//   fails the request: the failure handler gets an Error. undefined inside arrays becomes null.
// - Results obey the same rules: a returned value that contains a Date (or another illegal type) arrives
//   as null (the server checks this).
// - No failure handler: the failure is logged to the console.
// The page's own clock is left alone, as in Google: a sidebar takes the studio's today from the server
// (the data-today the server writes on the page), so --today reaches it the same way.
(() => {
  const NAMES = __FUNCTION_NAMES__;
  /** @type {{ endpoint: string, user: string } | null} */
  const DESK = __DESK__;
  const isDate = (v) => Object.prototype.toString.call(v) === '[object Date]';

  let nextId = 1;
  /** @type {Map<number, { success: Function | null, failure: Function | null, userObject: unknown }>} */
  const pending = new Map();

  function describe(value) {
    if (isDate(value)) return 'Date';
    if (typeof value === 'function') return 'Function';
    if (typeof Node !== 'undefined' && value instanceof Node) return 'DOM element';
    return typeof value;
  }

  /** A JSON-ready copy of a legal argument, or throws an Error naming the illegal part. */
  function copyLegal(value, path, seen) {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || isDate(value) || (typeof Node !== 'undefined' && value instanceof Node)) {
      throw new Error(`Failed due to illegal value in property: ${path} (${describe(value)} is not a legal argument)`);
    }
    if (seen.has(value)) throw new Error(`Failed due to circular reference in property: ${path}`);
    seen.add(value);
    let out;
    if (Array.isArray(value)) {
      out = value.map((v, i) => {
        const c = copyLegal(v, `${path}[${i}]`, seen);
        return c === undefined ? null : c;
      });
    } else {
      out = {};
      for (const key of Object.keys(value)) {
        const c = copyLegal(value[key], `${path}.${key}`, seen);
        if (c !== undefined) out[key] = c;
      }
    }
    seen.delete(value);
    return out;
  }

  /** A form element passed as the only argument: its named fields, as Apps Script sends them. */
  function formToObject(form) {
    const out = {};
    for (const el of Array.from(form.elements)) {
      if (!el.name || el.disabled) continue;
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
      const value = el.value;
      if (el.name in out) out[el.name] = [].concat(out[el.name], value);
      else out[el.name] = value;
    }
    return out;
  }

  function fail(handlers, error) {
    setTimeout(() => {
      if (handlers.failure) handlers.failure(error, handlers.userObject);
      else console.error(error);
    }, 0);
  }

  function call(handlers, name, args) {
    let payload;
    try {
      const list = Array.from(args);
      if (list.length === 1 && typeof HTMLFormElement !== 'undefined' && list[0] instanceof HTMLFormElement) {
        payload = [formToObject(list[0])];
      } else {
        payload = list.map((a, i) => {
          const c = copyLegal(a, `argument ${i}`, new Set());
          return c === undefined ? null : c;
        });
      }
    } catch (e) {
      fail(handlers, e instanceof Error ? e : new Error(String(e)));
      return;
    }
    const id = nextId++;
    pending.set(id, handlers);
    if (DESK) post(id, name, payload);
    else window.parent.postMessage({ studioRun: { id, name, args: payload } }, '*');
  }

  /** The web app page's call: straight to the server, as the page's signed-in account. */
  function post(id, name, args) {
    fetch(DESK.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, args, user: DESK.user }),
    })
      .then((r) => r.json())
      .then(
        (result) => settle(result.ok ? { id, ok: true, value: result.value } : { id, ok: false, error: result.error }),
        (e) =>
          settle({
            id,
            ok: false,
            error: { name: 'NetworkError', message: `The server did not answer: ${e.message}` },
          }),
      );
  }

  window.addEventListener('message', (event) => {
    if (DESK || event.source !== window.parent) return;
    const reply = event.data?.studioReply;
    if (reply) settle(reply);
  });

  function settle(reply) {
    const handlers = pending.get(reply.id);
    if (!handlers) return;
    pending.delete(reply.id);
    if (reply.ok) {
      if (handlers.success) handlers.success(reply.value, handlers.userObject);
    } else {
      const error = new Error(reply.error.message);
      error.name = reply.error.name || 'ScriptError';
      if (handlers.failure) handlers.failure(error, handlers.userObject);
      else console.error(error);
    }
  }

  function runner(handlers) {
    const r = {
      withSuccessHandler(fn) {
        return runner({ ...handlers, success: typeof fn === 'function' ? fn : null });
      },
      withFailureHandler(fn) {
        return runner({ ...handlers, failure: typeof fn === 'function' ? fn : null });
      },
      withUserObject(object) {
        return runner({ ...handlers, userObject: object });
      },
    };
    for (const name of NAMES) {
      r[name] = (...args) => {
        call(handlers, name, args);
      };
    }
    return r;
  }

  const noop = () => {};
  /** google.script.url (web apps only): the page's query, without the preview's `as` sign-in parameter. */
  function getLocation(callback) {
    const parameter = {};
    const parameters = {};
    for (const [name, value] of new URLSearchParams(window.location.search)) {
      if (name === 'as') continue;
      if (!(name in parameters)) {
        parameter[name] = value;
        parameters[name] = [];
      }
      parameters[name].push(value);
    }
    setTimeout(() => callback({ hash: window.location.hash.replace(/^#/, ''), parameter, parameters }), 0);
  }
  window.google = {
    script: {
      ...(DESK ? { url: { getLocation } } : {}),
      run: runner({ success: null, failure: null, userObject: undefined }),
      host: {
        origin: 'http://localhost',
        close() {
          window.parent.postMessage({ studioHost: 'close' }, '*');
        },
        setHeight: noop,
        setWidth: noop,
        editor: { focus: noop },
      },
    },
  };
})();
