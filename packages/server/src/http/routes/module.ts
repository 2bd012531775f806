import type { ApiApp, AppDeps, PageLink } from '../context.js';

/**
 * One area of the API (recommendations, shows, imports…): registers its routes, with their OpenAPI
 * description, on the app. Later features add a module to the list in `routes/index.ts`.
 */
export interface RouteModule {
  name: string;
  register(app: ApiApp, deps: AppDeps): void;
  /** Pages of this area to link from the root page (the editor, the public policy page…). */
  links?: readonly PageLink[];
}
