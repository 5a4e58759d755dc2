/**
 * A tiny DOM builder for the sidebars. Children that are strings become text nodes, so anything the
 * server or the owner typed is shown as text, never parsed as HTML.
 */
export type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') node.addEventListener(key.replace(/^on/, ''), value);
    else if (key === 'class') node.className = String(value);
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
  append(node, ...children);
  return node;
}

export function append(node: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces a node's children. */
export function show(node: Element, ...children: Child[]): void {
  while (node.firstChild) node.removeChild(node.firstChild);
  append(node, ...children);
}

let uid = 0;
/** A fresh element id (for label/for and aria-describedby). */
export function newId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** The page's root element (`<main id="app">`). */
export function root(): HTMLElement {
  const app = document.getElementById('app');
  if (!app) throw new Error('No #app element');
  return app;
}

/**
 * Puts the cursor in a sidebar's first field when it opens. The sidebar's frame is not focused yet when
 * its script runs (the host focuses it once loaded, or the owner clicks into it), and a browser keeps focus
 * out of a frame that is not focused: so the field is focused now, and again when the frame first gets
 * focus, unless the owner has put the cursor somewhere already.
 */
export function focusOnOpen(field: HTMLElement): void {
  field.focus();
  window.addEventListener(
    'focus',
    () => {
      if (!document.activeElement || document.activeElement === document.body) field.focus();
    },
    { once: true },
  );
}
