import type { RouteRecordRaw } from 'vue-router';

/**
 * The researchers' rounds pages, each loaded on demand. Managers of the project may open them too: they see the
 * rounds and their status, while the API keeps links, codes and counts for researchers.
 */
export const roundsRoutes: RouteRecordRaw[] = [
  {
    path: '/projects/:projectId/rounds',
    name: 'rounds',
    component: () => import('./views/RoundsView.vue'),
    props: true,
  },
  {
    path: '/projects/:projectId/rounds/:roundId',
    name: 'round',
    component: () => import('./views/RoundView.vue'),
    props: true,
  },
];
