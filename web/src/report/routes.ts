import type { RouteRecordRaw } from 'vue-router';

/** The report for the council: one project and round on an A4 page, loaded on demand. Managers and researchers. */
export const reportRoutes: RouteRecordRaw[] = [
  {
    path: '/projects/:projectId/report',
    name: 'project-report',
    component: () => import('./views/ReportView.vue'),
    props: true,
  },
];
