// @ts-check
// HtmlService: HtmlOutput objects that Ui.showSidebar / showModalDialog record.

const { makeEnum } = require('./instrument');

const SandboxMode = makeEnum(['EMULATED', 'IFRAME', 'NATIVE']);
const XFrameOptionsMode = makeEnum(['ALLOWALL', 'DEFAULT']);

class HtmlServiceApi {
  /** @param {import('./instrument').Env} env */
  constructor(env) {
    this._env = env;
    this.SandboxMode = SandboxMode;
    this.XFrameOptionsMode = XFrameOptionsMode;
  }

  /** @param {string} [html] */
  createHtmlOutput(html = '') {
    return this._env.wrap(new HtmlOutput(String(html)), 'HtmlOutput', 'HtmlService');
  }
}

class HtmlOutput {
  /** @param {string} content */
  constructor(content) {
    this._content = content;
    this._title = '';
    /** @type {number | null} */
    this._width = null;
    /** @type {number | null} */
    this._height = null;
    /** @type {{ name: string, content: string }[]} */
    this._meta = [];
    this._sandbox = SandboxMode.IFRAME;
    this._xFrame = XFrameOptionsMode.DEFAULT;
  }

  /** @param {string} title */
  setTitle(title) {
    this._title = String(title);
    return this;
  }

  getTitle() {
    return this._title;
  }

  /** @param {number} width */
  setWidth(width) {
    this._width = Number(width);
    return this;
  }

  getWidth() {
    return this._width;
  }

  /** @param {number} height */
  setHeight(height) {
    this._height = Number(height);
    return this;
  }

  getHeight() {
    return this._height;
  }

  /** @param {string} content */
  setContent(content) {
    this._content = String(content);
    return this;
  }

  getContent() {
    return this._content;
  }

  /** @param {string} addedContent */
  append(addedContent) {
    this._content += String(addedContent);
    return this;
  }

  /** Only IFRAME exists today; other modes are accepted and ignored, as in Apps Script. @param {unknown} mode */
  setSandboxMode(mode) {
    this._sandbox = /** @type {typeof SandboxMode.IFRAME} */ (mode);
    return this;
  }

  /** @param {unknown} mode */
  setXFrameOptionsMode(mode) {
    this._xFrame = /** @type {typeof XFrameOptionsMode.DEFAULT} */ (mode);
    return this;
  }

  /** @param {string} name @param {string} content */
  addMetaTag(name, content) {
    this._meta.push({ name: String(name), content: String(content) });
    return this;
  }

  /** What the UI records when this output is shown. */
  _snapshot() {
    return {
      title: this._title,
      content: this._content,
      width: this._width,
      height: this._height,
      meta: [...this._meta],
    };
  }
}

module.exports = { HtmlServiceApi, HtmlOutput, SandboxMode, XFrameOptionsMode };
