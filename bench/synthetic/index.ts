/** The seeded synthetic national catalogue (benchmarks, capacity tests, import files). */
export {
  DEFAULT_SYNTHETIC,
  generateCatalogue,
  parisLocalToUtcMinutes,
  performanceRecords,
  type SyntheticCatalogue,
  type SyntheticOptions,
  type SyntheticPerformanceRecord,
  type SyntheticVenue,
  toSnapshot,
} from './generate.js';
export { prefixSums, Random } from './random.js';
export { TOWNS, type Town } from './towns.js';
