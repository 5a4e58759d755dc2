// @ts-check
// Who a spreadsheet is shared with (Drive's sharing dialog), as the workbook records it:
//
//   workbook.sharing = { owner: 'owner@example.com', editors: ['frontdesk@example.com'], viewers: ['accountant@example.com'] }
//
// null means not modelled: everyone can open and edit the spreadsheet (what every workbook did before
// sharing was modelled). Only people are modelled: not groups, not a domain, not "anyone with the link".
//
// - reference/spreadsheet/spreadsheet-app#openById(String): a user without access gets the script
//   exception "You do not have permission to access the requested document." (ACCESS_DENIED).
// - reference/spreadsheet/spreadsheet#getOwner(), #getEditors(): the owner and the editors. Drive shows
//   the list of people to those who can edit only; the runtime's getEditors() refuses anyone else.
// - Drive's ownership transfer: the previous owner stays an editor
//   (https://support.google.com/drive/answer/2494892).

/**
 * @typedef {{ owner: string, editors: string[], viewers: string[] }} Sharing
 * @typedef {'owner' | 'editor' | 'viewer'} Role
 */

const ACCESS_DENIED = 'You do not have permission to access the requested document.';
const ROLES = /** @type {const} */ (['owner', 'editor', 'viewer', 'none']);

/** Emails compare case-insensitively (Google accounts do). @param {string} a @param {string} b */
function sameEmail(a, b) {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** @param {unknown} email */
function isEmail(email) {
  return typeof email === 'string' && /^[^@\s]+@[^@\s]+$/.test(email);
}

/**
 * A checked copy of a sharing record (from options or the .xlsx metadata), or null for none. Throws on a
 * malformed one: a workbook must never silently lose its access list.
 * @param {unknown} value @returns {Sharing | null}
 */
function normalizeSharing(value) {
  if (value === null || value === undefined) return null;
  const v = /** @type {{ owner?: unknown, editors?: unknown, viewers?: unknown }} */ (value);
  const list = (/** @type {unknown} */ l, /** @type {string} */ name) => {
    if (l === undefined) return [];
    if (!Array.isArray(l) || !l.every(isEmail)) throw new Error(`sharing.${name} must be a list of emails`);
    return /** @type {string[]} */ ([...new Set(l)]);
  };
  if (!isEmail(v.owner)) throw new Error('sharing.owner must be an email');
  const owner = /** @type {string} */ (v.owner);
  const editors = list(v.editors, 'editors').filter((e) => !sameEmail(e, owner));
  const viewers = list(v.viewers, 'viewers').filter(
    (e) => !sameEmail(e, owner) && !editors.some((x) => sameEmail(x, e)),
  );
  return { owner, editors, viewers };
}

/**
 * What `user` may do with a spreadsheet shared as `sharing`: its role, or null for none. Without a
 * sharing record everyone may edit.
 * @param {Sharing | null} sharing @param {string} user @returns {Role | null}
 */
function roleOf(sharing, user) {
  if (!sharing) return 'editor';
  if (!user) return null;
  if (sameEmail(sharing.owner, user)) return 'owner';
  if (sharing.editors.some((e) => sameEmail(e, user))) return 'editor';
  if (sharing.viewers.some((e) => sameEmail(e, user))) return 'viewer';
  return null;
}

/** @param {Sharing | null} sharing @param {string} user */
function canOpen(sharing, user) {
  return roleOf(sharing, user) !== null;
}

/** @param {Sharing | null} sharing @param {string} user */
function canEdit(sharing, user) {
  const role = roleOf(sharing, user);
  return role === 'owner' || role === 'editor';
}

/**
 * The sharing after giving `email` the role `role` (the sharing dialog; `none` removes them). A record
 * is created from null with `defaultOwner`. A new owner leaves the other lists and the previous owner
 * becomes an editor (Drive's ownership transfer); the owner cannot be demoted or removed directly.
 * @param {Sharing | null} sharing @param {string} email @param {string} role @param {string} defaultOwner
 * @returns {Sharing}
 */
function share(sharing, email, role, defaultOwner) {
  if (!isEmail(email)) throw new Error(`Not an email: "${email}"`);
  if (!ROLES.includes(/** @type {never} */ (role))) throw new Error(`The role must be one of ${ROLES.join(', ')}`);
  const current = sharing ?? { owner: defaultOwner, editors: [], viewers: [] };
  const others = (/** @type {string[]} */ list) => list.filter((e) => !sameEmail(e, email));
  const next = { owner: current.owner, editors: others(current.editors), viewers: others(current.viewers) };
  if (role === 'owner') {
    if (!sameEmail(current.owner, email)) next.editors.push(current.owner);
    next.owner = email;
  } else if (sameEmail(current.owner, email)) {
    throw new Error(`${email} owns the spreadsheet: make someone else the owner first.`);
  } else if (role === 'editor') next.editors.push(email);
  else if (role === 'viewer') next.viewers.push(email);
  return /** @type {Sharing} */ (normalizeSharing(next));
}

module.exports = { ACCESS_DENIED, normalizeSharing, roleOf, canOpen, canEdit, share, sameEmail, isEmail };
