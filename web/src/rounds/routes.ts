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
  {
    // In the participants' frame, as they would see it, with a banner that says it is a preview.
    path: '/projects/:projectId/rounds/:roundId/preview/:role',
    name: 'round-preview',
    component: () => import('./views/RoundPreviewView.vue'),
    props: true,
    meta: { participant: true },
  },
];
