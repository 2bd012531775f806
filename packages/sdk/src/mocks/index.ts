// `@detour/sdk/mocks`: msw handlers and fixtures for testing an app without a Détour server.
export {
  defaultCatalogue,
  distanceKm,
  type MockCatalogue,
  pick,
  publicPolicy,
  recommendationResponse,
  search,
  showDetail,
  venueList,
} from './catalogue.js';
export { FIXTURE_ATTRIBUTION, performances, shows, venues } from './fixtures.js';
export { createDetourHandlers, type MockApiOptions } from './handlers.js';
