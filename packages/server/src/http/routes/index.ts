import { editorRoutes } from '../editor/routes.js';
import { widgetRoutes } from '../widget/routes.js';
import { healthRoutes } from './health.js';
import { importRoutes } from './imports.js';
import { impressionRoutes } from './impressions.js';
import type { RouteModule } from './module.js';
import { pageRoutes } from './pages.js';
import { policyRoutes } from './policy.js';
import { recommendationRoutes } from './recommendations.js';
import { searchRoutes } from './search.js';
import { showRoutes } from './shows.js';
import { taxonomyRoutes } from './taxonomy.js';
import { venueRoutes } from './venues.js';

export type { RouteModule } from './module.js';

/** Every area of the server, in the order their routes are registered. Add a module here for a new area. */
export const ROUTE_MODULES: readonly RouteModule[] = [
  recommendationRoutes,
  showRoutes,
  searchRoutes,
  venueRoutes,
  taxonomyRoutes,
  policyRoutes,
  impressionRoutes,
  importRoutes,
  healthRoutes,
  pageRoutes,
  widgetRoutes,
  editorRoutes,
];
