/** The pure core of Studio Packages: no Apps Script, no I/O. */

export * from './archive';
export * from './catalog';
export * from './changes';
export * from './closure';
export * from './daily';
export * from './dates';
export * from './exports';
export * from './invoicing';
export * from './ledger';
export * from './lots';
export * from './money';
export * from './nightly';
export * from './package';
export * from './payments';
export * from './recognition';
export * from './records';
export * from './reports';
export * from './result';
export * from './sale';
export * from './schedule';
export * from './sessions';
export * from './tax';
export * from './term';
export * from './validate';
