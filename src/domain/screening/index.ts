/** Preliminary-review screening (Directive D5, concern C1): pure domain API. */
export * from './charges.ts';
export * from './country-context.ts';
export * from './diff.ts';
export * from './facts.ts';
export * from './indicators.ts';
export * from './screen.ts';
export * from './stored.ts';
export * from './summary-reader.ts';
