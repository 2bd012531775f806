import type { ApiApp, AppDeps } from '../context.js';

/**
 * One area of the API (recommendations, shows, imports…): registers its routes, with their OpenAPI
 * description, on the app. Later features add a module to the list in `routes/index.ts`.
 */
export interface RouteModule {
  name: string;
  register(app: ApiApp, deps: AppDeps): void;
}
