import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router';
import { surveyRoutes } from './survey/routes';

const pending = 'staff-routes-pending';

/**
 * The router the browser's app runs: the participants' routes from the start, every staff route (see
 * `staffRoutes.ts`) added when the first address that is not a participant's is visited. A participant's survey so
 * loads no staff route, page or texts. Tests use `createAppRouter`, which knows every route from the start.
 */
export function createLazyAppRouter(
  history: RouterHistory = createWebHistory(import.meta.env.BASE_URL),
): Router {
  const router = createRouter({
    history,
    routes: [
      ...surveyRoutes,
      // Stands for every staff address until the staff routes are there; never shown, the guard below replaces it.
      { path: '/:pathMatch(.*)*', name: pending, component: { render: () => null } },
    ],
  });
  let loading: Promise<void> | null = null;
  router.beforeEach(async (to) => {
    if (to.name !== pending) return true;
    loading ??= import('./staffRoutes').then(
      ({ staffRoutes }) => {
        router.removeRoute(pending);
        for (const route of staffRoutes) router.addRoute(route);
      },
      (error: unknown) => {
        // Offline for a moment: the next navigation tries again.
        loading = null;
        throw error;
      },
    );
    await loading;
    // The same address again, now resolved against every route.
    return to.fullPath;
  });
  return router;
}
