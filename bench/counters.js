// @ts-check
// What the local runtime counted in one execution (local/runtime/instrument.js), as the bench's results
// hold it and bench/model.js prices it: one shape for bench/size.js and bench/collect.js.

/**
 * @param {any} stats the runtime's `stats` after the execution
 * @param {number} wallMs the execution's wall time on this machine
 */
function counters(stats, wallMs) {
  return {
    serviceMs: stats.serviceMs,
    computeMs: wallMs - stats.serviceMs,
    sheetsCalls: stats.sheetsCalls,
    roundTrips: stats.roundTrips,
    reads: stats.reads ?? 0,
    localCalls: stats.localCalls,
    writeCalls: stats.writeCalls,
    cellsRead: stats.cellsRead,
    cellsWritten: stats.cellsWritten,
    cellsSearched: stats.cellsSearched,
    byService: stats.byService,
    byMethod: stats.byMethod,
  };
}

module.exports = { counters };
