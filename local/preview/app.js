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
    const colgroup = el('colgroup', {}, el('col', { style: 'width:46px' }));
    for (let c = 0; c < columns; c++) colgroup.append(el('col', { style: `width:${sheet.widths[c] ?? 100}px` }));
    const head = el('tr', {}, el('th', { class: 'corner' }));
    for (let c = 0; c < columns; c++) head.append(el('th', { class: 'colhead' }, columnName(c)));
    const body = el('tbody');
    for (let r = 0; r < rows; r++) {
      const tr = el(
        'tr',
        r < sheet.frozenRows ? { class: 'frozen' } : {},
        el('th', { class: 'rowhead' }, String(r + 1)),
      );
      const row = sheet.rows[r] || [];
      for (let c = 0; c < columns; c++) {
        const cell = row[c];
        const td = el('td', cell?.n ? { class: 'num' } : {});
        if (cell) {
          td.textContent = cell.t;
          td.title = cell.t;
        }
        tr.append(td);
      }
      body.append(tr);
    }
    grid.replaceChildren(el('table', { class: 'cells' }, colgroup, el('thead', {}, head), body));
  }

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
                runMenu(item.functionName);
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
    for (const name of ['File', 'Edit', 'View', 'Insert', 'Format', 'Data', 'Tools']) {
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
      if (reply.sidebar) openSidebar(reply.sidebar);
      alertQueue.push(...reply.alerts);
      showNextAlert();
    } catch (e) {
      alertQueue.push({ title: 'Error', prompt: e.message });
      showNextAlert();
    } finally {
      working(-1);
    }
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
      for (const t of state.toasts ?? []) showToast(t);
    });

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
