export * from './catalogue.js';
export * from './constants.js';
export * from './imports.js';
export * from './policy.js';
export * from './problem.js';
export * from './recommendation.js';
export * from './taxonomy.js';
