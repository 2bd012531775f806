// The window rules of requests (zod-free; kept out of the core entry, whose size is budgeted).
export { boundInstant, checkWindow, windowOf } from '../window.js';
export * from './catalogue.js';
export * from './constants.js';
export * from './editor.js';
export * from './imports.js';
export * from './policy.js';
export * from './problem.js';
export * from './problems.js';
export * from './queries.js';
export * from './query-params.js';
export * from './recommendation.js';
export * from './service.js';
export * from './taxonomy.js';
