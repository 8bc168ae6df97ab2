import type { RouteRecordRaw } from 'vue-router';

/**
 * A round's item-level missingness and response figures, for the project's researchers (the API refuses anyone
 * else), loaded on demand. Kept apart from the dashboard, which a later issue redesigns.
 */
export const missingnessRoutes: RouteRecordRaw[] = [
  {
    path: '/projects/:projectId/rounds/:roundId/missingness',
    name: 'round-missingness',
    component: () => import('./views/RoundMissingnessView.vue'),
    props: true,
    meta: { access: 'researcher' },
  },
];
