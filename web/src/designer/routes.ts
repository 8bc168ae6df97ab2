import type { RouteRecordRaw } from 'vue-router';

/** The instrument designer's pages, each loaded on demand. */
export const designerRoutes: RouteRecordRaw[] = [
  {
    path: '/instruments',
    name: 'instruments',
    component: () => import('./views/InstrumentsView.vue'),
    meta: { access: 'researcher' },
  },
  {
    path: '/instruments/:id',
    name: 'instrument',
    component: () => import('./views/InstrumentView.vue'),
    props: true,
    meta: { access: 'researcher' },
  },
  {
    path: '/instruments/:id/versions/:number',
    name: 'instrument-version',
    component: () => import('./views/InstrumentVersionView.vue'),
    props: true,
    meta: { access: 'researcher' },
  },
];
