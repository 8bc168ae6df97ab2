import type { RouteRecordRaw } from 'vue-router';

/**
 * The research data export, loaded on demand. `access: 'researcher'` keeps out accounts that are researchers
 * nowhere; the page itself tells a project's managers that the export is for its researchers.
 */
export const exportsRoutes: RouteRecordRaw[] = [
  {
    path: '/projects/:projectId/export',
    name: 'export',
    component: () => import('./views/ExportView.vue'),
    props: true,
    meta: { access: 'researcher' },
  },
];
