import {
  createRouter,
  createWebHistory,
  type RouteRecordRaw,
  type Router,
  type RouterHistory,
} from 'vue-router';
import type { Access } from './access';
import { staffRoutes } from './staffRoutes';
import { surveyRoutes } from './survey/routes';

export { installSessionGuard, safeRedirect } from './sessionGuard';

declare module 'vue-router' {
  interface RouteMeta {
    titleKey?:
      | 'projects.title'
      | 'signIn.title'
      | 'pending.title'
      | 'notFound.title'
      | 'forbidden.title'
      | 'nav.account'
      | 'nav.tokens'
      | 'nav.users'
      | 'nav.audit'
      | 'nav.user'
      | 'nav.twoFactorSetup';
    /** Open without signing in. */
    public?: boolean;
    /** Only for these users; others see the no-access page at the same address. */
    access?: Access;
  }
}

/** Every route, participants' and staff's. The browser's app loads the staff routes on demand: see `appRouter.ts`. */
export const routes: RouteRecordRaw[] = [...surveyRoutes, ...staffRoutes];

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  return createRouter({ history, routes });
}
