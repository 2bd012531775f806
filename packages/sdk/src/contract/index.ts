export * from './taxonomy.js';
export * from './catalogue.js';
export * from './policy.js';
export * from './problem.js';
export * from './recommendation.js';
export * from './imports.js';
