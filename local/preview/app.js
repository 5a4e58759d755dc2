// The preview page: the workbook grid, the add-on menu and the sidebar. Everything from the workbook or
// the script is put on the page as text (textContent), never as HTML.
(() => {
  const $ = (id) => document.getElementById(id);
  const grid = $('grid');
  const tabs = $('tabs');
  const menubar = $('menubar');
  const sidebar = $('sidebar');
  const frame = $('sidebar-frame');
  const statusBox = $('status');
  let sheets = [];
  let activeTab = null;
  let busy = 0;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }

  /**
   * Addresses as text nodes with a break opportunity before each "@" and "." (a <wbr>): a long address
   * wraps at its parts, never mid-word. @param {string[]} list
   */
  function addresses(list) {
    const out = [];
    list.forEach((address, i) => {
      if (i) out.push(', ');
      for (const part of address.split(/(?=[@.])/)) {
        if (out.length && part !== address && /^[@.]/.test(part)) out.push(document.createElement('wbr'));
        out.push(part);
      }
    });
    return out;
  }

  async function post(url, body) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
    return data;
  }

  function working(delta) {
    busy += delta;
    statusBox.textContent = busy > 0 ? 'Running script…' : '';
    statusBox.classList.toggle('on', busy > 0);
  }

  // ---- the grid ----------------------------------------------------------------------------------
  function columnName(i) {
    let s = '';
    for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  }

  function renderGrid(data) {
    if (data) sheets = data;
    if (!sheets.some((s) => s.name === activeTab)) activeTab = sheets[0]?.name ?? null;
    const sheet = sheets.find((s) => s.name === activeTab);
    tabs.replaceChildren(
      ...sheets.map((s) =>
        el(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: s.name === activeTab ? 'tab active' : 'tab',
            'aria-selected': String(s.name === activeTab),
            onclick: () => {
              activeTab = s.name;
              renderGrid();
              const shown = sheets.find((x) => x.name === s.name);
              sendSelection(s.name, Math.max(shown?.widths.length ?? 0, 8));
            },
          },
          s.name,
        ),
      ),
    );
    if (!sheet) {
      grid.replaceChildren();
      return;
    }
    const columns = Math.max(sheet.widths.length, 8);
    const rows = Math.max(sheet.rows.length, 40);
    const widths = Array.from({ length: columns }, (_, c) => sheet.widths[c] ?? 100);
    const colgroup = el('colgroup', {}, el('col', { style: 'width:46px' }));
    for (const w of widths) colgroup.append(el('col', { style: `width:${w}px` }));
    const head = el('tr', {}, el('th', { class: 'corner' }));
    for (let c = 0; c < columns; c++) head.append(el('th', { class: 'colhead' }, columnName(c)));
    const body = el('tbody');
    const chosen = selectedRows(sheet.name);
    for (let r = 0; r < rows; r++) {
      const classes = [r < sheet.frozenRows ? 'frozen' : '', chosen.has(r + 1) ? 'selected' : ''].filter(Boolean);
      const rowHead = el(
        'th',
        { class: 'rowhead', role: 'rowheader', 'aria-selected': String(chosen.has(r + 1)), title: 'Select this row' },
        String(r + 1),
      );
      rowHead.addEventListener('mousedown', (e) => {
        e.preventDefault();
        selectRow(sheet.name, r + 1, columns, e);
      });
      const tr = el('tr', classes.length ? { class: classes.join(' ') } : {}, rowHead);
      const row = sheet.rows[r] || [];
      for (let c = 0; c < columns; c++) {
        const cell = row[c];
        const td = el('td', cell?.n ? { class: 'num' } : {});
        if (cell) {
          td.textContent = cell.t;
          spill(td, row, c, widths);
          // A protected cell: the grid is read-only, so its protection (Sheets would warn before an edit) is told here.
          td.title = cell.p ? `${cell.t}\n\n${cell.p}` : cell.t;
          if (cell.p) td.classList.add('protected');
          if (cell.b) td.style.fontWeight = 'bold';
          if (cell.bg) td.style.background = cell.bg;
        }
        tr.append(td);
      }
      body.append(tr);
    }
    // The table is exactly as wide as its columns: long text runs on into empty cells, else is clipped, as in Sheets.
    const width = 46 + widths.reduce((a, b) => a + b, 0);
    const table = el('table', { class: 'cells', style: `width:${width}px` }, colgroup, el('thead', {}, head), body);
    const charts = (sheet.charts ?? []).map((chart) => drawChart(chart, widths));
    grid.replaceChildren(el('div', { class: 'canvas' }, table, ...charts));
    tabCue();
  }

  /**
   * Text runs on into the empty cells to its right, as in Sheets (numbers don't; a filled cell stops it):
   * the cell's text goes in a box as wide as those cells, drawn over their grid lines.
   */
  function spill(td, row, c, widths) {
    const cell = row[c];
    if (!cell.t || cell.n) return;
    let width = widths[c];
    for (let next = c + 1; next < widths.length && !row[next]?.t; next++) width += widths[next];
    if (width === widths[c]) return;
    td.classList.add('spills');
    td.replaceChildren(el('span', { style: `width:${width - 6}px` }, cell.t));
  }

  // ---- row selection (click a row head; Shift extends, Ctrl/Cmd adds a block), as in Sheets -------
  /** Per tab: the selected blocks as [first, last] row pairs, the last one current. */
  const selections = new Map();

  function selectedRows(tab) {
    const rows = new Set();
    for (const [a, b] of selections.get(tab) ?? []) for (let r = Math.min(a, b); r <= Math.max(a, b); r++) rows.add(r);
    return rows;
  }

  function selectRow(tab, row, columns, e) {
    const blocks = selections.get(tab) ?? [];
    if (e.shiftKey && blocks.length) blocks[blocks.length - 1] = [blocks[blocks.length - 1][0], row];
    else if ((e.ctrlKey || e.metaKey) && blocks.length) blocks.push([row, row]);
    else blocks.splice(0, blocks.length, [row, row]);
    selections.set(tab, blocks);
    renderGrid();
    sendSelection(tab, columns);
  }

  /** Tells the server, so getActiveRangeList() in the next script run returns these rows. */
  function sendSelection(tab, columns) {
    const last = columnName(columns - 1);
    const blocks = selections.get(tab) ?? [];
    const ranges = blocks.length ? blocks.map(([a, b]) => `A${Math.min(a, b)}:${last}${Math.max(a, b)}`) : ['A1'];
    post('/api/select', { sheet: tab, ranges }).catch(() => {});
  }

  // ---- charts (EmbeddedChart: a column chart of its range, at its anchor cell) ----------------------
  const ROW_HEIGHT = 22;
  const COLOURS = ['#4285f4', '#ea4335', '#fbbc04', '#34a853'];

  function drawChart(chart, widths) {
    const left = 46 + widths.slice(0, chart.column - 1).reduce((a, b) => a + b, 0);
    const top = ROW_HEIGHT * chart.row;
    const W = 480;
    const H = 280;
    const plot = { x: 72, y: 36, w: W - 88, h: H - 84 };
    const max = chart.max;
    const svg = svgEl('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': chart.title });
    svg.append(svgEl('rect', { x: 0, y: 0, width: W, height: H, fill: '#fff', stroke: '#dadce0' }));
    svg.append(svgText(chart.title, W / 2, 22, { 'text-anchor': 'middle', 'font-size': 14 }));
    svg.append(
      svgEl('line', { x1: plot.x, y1: plot.y + plot.h, x2: plot.x + plot.w, y2: plot.y + plot.h, stroke: '#999' }),
    );
    // The axis's ends, labelled in the data's number format (the server formats them).
    svg.append(svgText(chart.axis[1], plot.x - 4, plot.y + 4, { 'text-anchor': 'end', 'font-size': 10 }));
    svg.append(svgText(chart.axis[0], plot.x - 4, plot.y + plot.h + 4, { 'text-anchor': 'end', 'font-size': 10 }));
    const group = plot.w / Math.max(1, chart.points.length);
    const bar = (group * 0.8) / Math.max(1, chart.series.length);
    chart.points.forEach((p, i) => {
      p.values.forEach((v, j) => {
        const h = (v / max) * plot.h;
        const x = plot.x + i * group + group * 0.1 + j * bar;
        svg.append(
          svgEl('rect', { x, y: plot.y + plot.h - h, width: bar, height: h, fill: COLOURS[j % COLOURS.length] }),
        );
      });
      svg.append(
        svgText(p.label, plot.x + i * group + group / 2, plot.y + plot.h + 14, {
          'text-anchor': 'middle',
          'font-size': 10,
        }),
      );
    });
    chart.series.forEach((name, j) => {
      const x = plot.x + j * 140;
      svg.append(svgEl('rect', { x, y: H - 22, width: 10, height: 10, fill: COLOURS[j % COLOURS.length] }));
      svg.append(svgText(name, x + 14, H - 13, { 'font-size': 11 }));
    });
    return el('figure', { class: 'chart', style: `left:${left}px;top:${top}px` }, svg);
  }

  function svgEl(tag, attrs) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  }

  function svgText(text, x, y, attrs) {
    const node = svgEl('text', { x, y, fill: '#333', 'font-family': 'Arimo, Arial, sans-serif', ...attrs });
    node.textContent = text;
    return node;
  }

  /** The tab bar shows arrows when some tabs are out of sight (as Sheets does at a narrow width). */
  function tabCue() {
    const hidden = tabs.scrollWidth > tabs.clientWidth + 1;
    $('tabs-left').hidden = !hidden;
    $('tabs-right').hidden = !hidden;
  }
  for (const [id, dir] of [
    ['tabs-left', -1],
    ['tabs-right', 1],
  ]) {
    $(id).addEventListener('click', () => tabs.scrollBy({ left: dir * 200 }));
  }
  window.addEventListener('resize', tabCue);

  // ---- the menu ----------------------------------------------------------------------------------
  let openMenu = null;

  function closeMenus() {
    for (const m of document.querySelectorAll('[role=menu]')) m.hidden = true;
    for (const b of document.querySelectorAll('[aria-expanded=true]')) b.setAttribute('aria-expanded', 'false');
    openMenu = null;
  }

  function focusItem(menu, delta) {
    const items = Array.from(menu.querySelectorAll(':scope > [role=menuitem]'));
    const i = items.indexOf(document.activeElement);
    items[(i + delta + items.length) % items.length]?.focus();
  }

  function menuKeys(menu, parentButton) {
    menu.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        e.stopPropagation();
        focusItem(menu, e.key === 'ArrowDown' ? 1 : -1);
      } else if (e.key === 'Escape' || (e.key === 'ArrowLeft' && menu.classList.contains('submenu'))) {
        e.preventDefault();
        e.stopPropagation();
        menu.hidden = true;
        parentButton.setAttribute('aria-expanded', 'false');
        parentButton.focus();
        if (!menu.classList.contains('submenu')) openMenu = null;
      }
    });
  }

  function buildItems(items, menu) {
    for (const item of items) {
      if (item.type === 'separator') menu.append(el('div', { class: 'separator', role: 'separator' }));
      else if (item.type === 'submenu') menu.append(buildSubmenu(item.caption, item.items));
      else
        menu.append(
          el(
            'button',
            {
              type: 'button',
              role: 'menuitem',
              tabindex: '-1',
              onclick: () => {
                closeMenus();
                if (item.onSelect) item.onSelect();
                else runMenu(item.functionName);
              },
            },
            item.caption,
          ),
        );
    }
  }

  function buildSubmenu(caption, items) {
    const wrap = el('div', { class: 'has-submenu' });
    const sub = el('div', { class: 'menu submenu', role: 'menu', 'aria-label': caption });
    sub.hidden = true;
    const button = el(
      'button',
      { type: 'button', role: 'menuitem', tabindex: '-1', 'aria-haspopup': 'menu', 'aria-expanded': 'false' },
      el('span', {}, caption),
      el('span', { class: 'arrow', 'aria-hidden': 'true' }, '▸'),
    );
    const open = () => {
      sub.hidden = false;
      button.setAttribute('aria-expanded', 'true');
    };
    button.addEventListener('click', () => {
      open();
      sub.querySelector('[role=menuitem]')?.focus();
    });
    button.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        e.stopPropagation();
        open();
        sub.querySelector('[role=menuitem]')?.focus();
      }
    });
    wrap.addEventListener('mouseenter', open);
    wrap.addEventListener('mouseleave', () => {
      sub.hidden = true;
      button.setAttribute('aria-expanded', 'false');
    });
    buildItems(items, sub);
    menuKeys(sub, button);
    wrap.append(button, sub);
    return wrap;
  }

  function topMenu(caption, items) {
    const wrap = el('div', { class: 'top-menu' });
    const menu = el('div', { class: 'menu', role: 'menu', 'aria-label': caption });
    menu.hidden = true;
    const button = el(
      'button',
      { type: 'button', class: 'menubutton', role: 'menuitem', 'aria-haspopup': 'menu', 'aria-expanded': 'false' },
      caption,
    );
    const toggle = (focusFirst) => {
      const wasOpen = !menu.hidden;
      closeMenus();
      if (wasOpen) return;
      menu.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      openMenu = menu;
      if (focusFirst) menu.querySelector('[role=menuitem]')?.focus();
    };
    button.addEventListener('click', (e) => toggle(e.detail === 0));
    button.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        if (menu.hidden) toggle(true);
        else menu.querySelector('[role=menuitem]')?.focus();
      }
    });
    buildItems(items, menu);
    menuKeys(menu, button);
    wrap.append(button, menu);
    return wrap;
  }

  function renderMenus(menus) {
    const bar = [];
    // File › Download › CSV of the tab shown, as Sheets has it (Export for accounting asks for it).
    bar.push(
      topMenu('File', [
        {
          type: 'submenu',
          caption: 'Download',
          items: [
            {
              type: 'item',
              caption: 'Comma-separated values (.csv)',
              onSelect: () => {
                if (activeTab) location.href = `/api/csv?sheet=${encodeURIComponent(activeTab)}`;
              },
            },
          ],
        },
      ]),
    );
    for (const name of ['Edit', 'View', 'Insert', 'Format', 'Data', 'Tools']) {
      bar.push(el('span', { class: 'menubutton inert', 'aria-hidden': 'true' }, name));
    }
    const addon = menus.filter((m) => m.addon);
    bar.push(
      topMenu('Extensions', [
        ...addon.map((m) => ({ type: 'submenu', caption: 'Studio Packages', items: m.items })),
        ...(addon.length ? [] : [{ type: 'item', caption: '(no add-on menu)', functionName: '' }]),
      ]),
    );
    for (const m of menus.filter((m) => !m.addon)) bar.push(topMenu(m.caption, m.items));
    bar.push(el('span', { class: 'menubutton inert', 'aria-hidden': 'true' }, 'Help'));
    menubar.replaceChildren(...bar);
  }

  document.addEventListener('click', (e) => {
    if (openMenu && !e.target.closest('.top-menu')) closeMenus();
  });

  // ---- alerts ------------------------------------------------------------------------------------
  const alertQueue = [];
  const dialog = $('alert');
  function showNextAlert() {
    if (dialog.open || !alertQueue.length) return;
    const a = alertQueue.shift();
    $('alert-title').textContent = a.title || 'Studio Packages';
    $('alert-text').textContent = a.prompt;
    dialog.showModal();
  }
  dialog.addEventListener('close', showNextAlert);

  // ---- running menu items and google.script.run --------------------------------------------------
  async function runMenu(functionName) {
    if (!functionName) return;
    working(1);
    try {
      const reply = await post('/api/menu', { functionName });
      renderGrid(reply.grid);
      refreshOutbox();
      if (reply.sidebar) openSidebar(reply.sidebar);
      if (reply.dialog) openModal(reply.dialog);
      alertQueue.push(...reply.alerts);
      showNextAlert();
    } catch (e) {
      alertQueue.push({ title: 'Error', prompt: e.message });
      showNextAlert();
    } finally {
      working(-1);
    }
  }

  /** The desk's address in this preview (from /api/state): the Google one works only once deployed. */
  let localDesk = null;

  /** A modal dialog a menu item opened (Ui.showModalDialog), its HTML in a sandboxed frame. */
  function openModal({ title, html, width, height }) {
    const modal = $('modal');
    $('modal-title').textContent = title || 'Studio Packages';
    const frameEl = $('modal-frame');
    frameEl.style.width = `${width || 480}px`;
    frameEl.style.height = `${height || 240}px`;
    frameEl.srcdoc = html;
    // The front desk link names the deployed (Google) address; here the desk runs on this server.
    const note = $('modal-local');
    note.hidden = !(localDesk && title === 'Front desk link');
    if (!note.hidden) {
      const href = new URL(localDesk, location.href).href;
      const a = el('a', { href, target: '_blank', rel: 'noopener' }, href);
      note.replaceChildren('In this local preview the front desk runs here: ', a);
    }
    modal.showModal();
  }

  function openSidebar({ title, html }) {
    $('sidebar-title').textContent = title;
    frame.srcdoc = html;
    sidebar.hidden = false;
    frame.addEventListener('load', () => frame.focus(), { once: true });
  }

  function closeSidebar() {
    sidebar.hidden = true;
    frame.srcdoc = '';
  }
  $('sidebar-close').addEventListener('click', closeSidebar);

  window.addEventListener('message', async (event) => {
    if (event.source !== frame.contentWindow) return;
    const data = event.data || {};
    if (data.studioHost === 'close') {
      closeSidebar();
      return;
    }
    const call = data.studioRun;
    if (!call) return;
    const source = event.source;
    working(1);
    let reply;
    try {
      const result = await post('/api/run', { name: call.name, args: call.args });
      if (result.grid) renderGrid(result.grid);
      refreshOutbox();
      reply = result.ok
        ? { id: call.id, ok: true, value: result.value }
        : { id: call.id, ok: false, error: result.error };
    } catch (e) {
      reply = {
        id: call.id,
        ok: false,
        error: { name: 'NetworkError', message: `The preview server did not answer: ${e.message}` },
      };
    } finally {
      working(-1);
    }
    source.postMessage({ studioReply: reply }, '*');
  });

  fetch('/api/state')
    .then((r) => r.json())
    .then((state) => {
      $('doc-title').textContent = state.title;
      document.title = `${state.title} — Studio Packages preview`;
      renderMenus(state.menus);
      renderGrid(state.grid);
      if (state.timeZone) studioZone = state.timeZone;
      localDesk = state.desk ?? null;
      for (const t of state.toasts ?? []) showToast(t);
    });
  refreshOutbox();

  // ---- the outbox (what MailApp sent: GET /api/outbox) -------------------------------------------
  // Every field of a message is put on the page as text; the HTML body is shown only inside an iframe
  // sandboxed without scripts (sandbox=""), under a policy that loads nothing from the network.
  const outbox = $('outbox');
  const outboxToggle = $('outbox-toggle');
  const sheetSection = document.querySelector('.sheet');
  const HTML_POLICY =
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; style-src \'unsafe-inline\'">';
  let shownMessage = null;

  function showOutbox(open) {
    outbox.hidden = !open;
    sheetSection.hidden = open;
    outboxToggle.setAttribute('aria-pressed', String(open));
    if (open) refreshOutbox();
  }
  outboxToggle.addEventListener('click', () => showOutbox(outbox.hidden));

  async function refreshOutbox() {
    let messages;
    try {
      messages = (await (await fetch('/api/outbox')).json()).messages ?? [];
    } catch {
      return;
    }
    outboxToggle.textContent = messages.length ? `Outbox (${messages.length})` : 'Outbox';
    if (outbox.hidden) return;
    $('outbox-empty').hidden = messages.length > 0;
    $('outbox-table').hidden = messages.length === 0;
    $('outbox-rows').replaceChildren(
      ...messages.map((m) =>
        el(
          'tr',
          { class: m.id === shownMessage ? 'chosen' : '' },
          el('td', { class: 'date' }, formatDate(m.date)),
          el('td', { class: 'address' }, ...addresses(m.to)),
          el(
            'td',
            {},
            el(
              'button',
              { type: 'button', class: 'link', 'data-id': m.id, onclick: () => openMessage(m.id) },
              m.subject || '(no subject)',
            ),
          ),
        ),
      ),
    );
  }

  /** The spreadsheet's time zone (from /api/state): times are shown in it, not in the browser's. */
  let studioZone = 'UTC';
  const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  /** "Mon 7 Dec 2026, 8:02" in the studio's zone: the add-on's date style, whatever the browser's locale. */
  function formatDate(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: studioZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(d)
        .map((p) => [p.type, p.value]),
    );
    const [y, m, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
    const weekday = DAYS[new Date(Date.UTC(y, m - 1, day)).getUTCDay()];
    return `${weekday} ${day} ${MONTHS[m - 1]} ${y}, ${Number(parts.hour)}:${parts.minute}`;
  }

  async function openMessage(id) {
    const res = await fetch(`/api/outbox/${encodeURIComponent(id)}`);
    if (!res.ok) return;
    const { message: m } = await res.json();
    shownMessage = id;
    for (const row of $('outbox-rows').children)
      row.className = row.querySelector('button')?.dataset.id === id ? 'chosen' : '';
    $('message-subject').textContent = m.subject || '(no subject)';
    const fields = [
      ['From', m.name ? `${m.name} <${m.from}>` : m.from],
      ['To', m.to.join(', ')],
      ['Cc', m.cc.join(', ')],
      ['Bcc', m.bcc.join(', ')],
      ['Reply-To', m.replyTo ?? ''],
      ['Date', formatDate(m.date)],
    ].filter(([, v]) => v);
    $('message-headers').replaceChildren(...fields.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    const html = $('message-html');
    html.hidden = m.htmlBody === null;
    $('message-no-html').hidden = m.htmlBody !== null;
    html.srcdoc = m.htmlBody === null ? '' : HTML_POLICY + m.htmlBody;
    $('message-text').textContent = m.body;
    showStripeLinks(m.body);
    $('outbox-message').hidden = false;
  }

  /**
   * The Stripe pages a message links to (a Card request's page), as links to the preview's own copy of
   * them (/stripe/<host>/<path>, served by the local emulated Stripe): the preview has no internet.
   */
  function showStripeLinks(text) {
    const found = [...new Set(String(text).match(/https:\/\/[a-z0-9-]+\.stripe\.com\/[^\s"'<>]*/g) ?? [])].filter(
      (u) => !u.startsWith('https://api.stripe.com/'),
    );
    const box = $('message-stripe');
    box.hidden = found.length === 0;
    box.replaceChildren(
      el('span', {}, 'Open on the local Stripe: '),
      ...found.map((u) => {
        const local = `/stripe/${u.slice('https://'.length)}`;
        return el('a', { href: local, target: '_blank', rel: 'noopener' }, u);
      }),
    );
  }

  /** A toast (Spreadsheet.toast): bottom right, for its timeout (5 s by default). */
  function showToast({ message, title, timeoutSeconds }) {
    const box = $('toast');
    box.replaceChildren(el('strong', {}, title || 'Studio Packages'), el('p', {}, message));
    box.hidden = false;
    const seconds = typeof timeoutSeconds === 'number' && timeoutSeconds > 0 ? timeoutSeconds : 5;
    setTimeout(() => {
      box.hidden = true;
    }, seconds * 1000);
  }
})();
