import type { RouteRecordRaw } from 'vue-router';

/** The retention pages, each loaded on demand: staff only, never in the participant's bundle. */
export const retentionRoutes: RouteRecordRaw[] = [
  {
    path: '/admin/retention',
    name: 'admin-retention',
    component: () => import('./views/AdminRetentionView.vue'),
    meta: { access: 'admin' },
  },
  {
    path: '/projects/:projectId/retention/receipt',
    name: 'retention-receipt',
    component: () => import('./views/RetentionReceiptView.vue'),
    props: true,
  },
];
