import type { RouteRecordRaw } from 'vue-router';

/**
 * The outcome dashboard, loaded on demand with chart.js, so that no other page (least of all the participants'
 * survey) downloads it. Managers and researchers see the projects they belong to; the API decides what each
 * may read. Free text is for researchers only.
 */
export const dashboardRoutes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./views/DashboardView.vue'),
  },
  {
    path: '/dashboard/free-text',
    name: 'dashboard-free-text',
    component: () => import('./views/FreeTextView.vue'),
    meta: { access: 'researcher' },
  },
];
