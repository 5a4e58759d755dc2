// @ts-check
// The Sheets API's per-minute quotas, as Google enforces them on a Cloud project
// (https://developers.google.com/workspace/sheets/api/limits, "Usage limits"):
//
//   Read requests   per minute per project 300, per minute per user per project 60
//   Write requests  per minute per project 300, per minute per user per project 60
//
// "If you exceed a per-minute quota, you'll get a 429: Too many requests HTTP status code response"; the
// quotas are "refilled every minute", and Google asks clients to retry with truncated exponential backoff.
// Here a request counts against the 60 seconds before it (a sliding minute, never more generous than a
// refill at the top of each minute). The counters belong to the Cloud project: a script bound to one
// spreadsheet has its own project; every studio that installs the published add-on shares the add-on's
// one project (https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle,
// https://developers.google.com/apps-script/guides/cloud-platform-projects#default_cloud_platform_projects),
// so a test runs many studios' runtimes over one `createApiQuota()` (RuntimeOptions.apiQuota, or the
// shared cloud's).
//
// Apps Script's own services (SpreadsheetApp, TextFinder, LockService) spend no Cloud project quota.

/** Google's default limits, requests per minute. */
const SHEETS_API_LIMITS = {
  read: { perProject: 300, perUser: 60 },
  write: { perProject: 300, perUser: 60 },
};

const WINDOW_MS = 60_000;

/**
 * @typedef {{ at: number, user: string }} Request
 * @typedef {{ limits: typeof SHEETS_API_LIMITS, requests: { read: Request[], write: Request[] },
 *   refused: number, served: { read: number, write: number } }} ApiQuota
 */

/** A project's counters (Google's default limits unless given). @returns {ApiQuota} */
function createApiQuota(limits = SHEETS_API_LIMITS) {
  return { limits, requests: { read: [], write: [] }, refused: 0, served: { read: 0, write: 0 } };
}

/**
 * Counts one request of `kind` by `user` at `at` (ms), or refuses it: the limit it passed, as Google's 429
 * names it, or null when it is served.
 * @param {ApiQuota} quota @param {'read' | 'write'} kind @param {string} user @param {number} at
 * @returns {string | null}
 */
function takeRequest(quota, kind, user, at) {
  const list = quota.requests[kind];
  // Requests more than a minute before the newest one can no longer count for anyone.
  const newest = list.reduce((m, r) => Math.max(m, r.at), at);
  quota.requests[kind] = list.filter((r) => r.at > newest - WINDOW_MS);
  const recent = quota.requests[kind].filter((r) => r.at > at - WINDOW_MS && r.at <= at);
  const metric = kind === 'read' ? 'Read requests' : 'Write requests';
  const limits = quota.limits[kind];
  let passed = null;
  if (recent.filter((r) => r.user === user).length >= limits.perUser) passed = `${metric} per minute per user`;
  else if (recent.length >= limits.perProject) passed = `${metric} per minute`;
  if (passed) {
    quota.refused++;
    return `Quota exceeded for quota metric '${metric}' and limit '${passed}' of service 'sheets.googleapis.com' for consumer 'project_number:1'.`;
  }
  quota.requests[kind].push({ at, user });
  quota.served[kind]++;
  return null;
}

module.exports = { SHEETS_API_LIMITS, createApiQuota, takeRequest };
