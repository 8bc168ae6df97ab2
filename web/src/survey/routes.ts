import type { RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /**
     * A participant's page: shown in its own frame (no staff menu), without asking the server who is signed in,
     * and loading nothing of the staff pages.
     */
    participant?: boolean;
  }
}

/** The participants' pages: public, no account, each loaded on demand. */
export const surveyRoutes: RouteRecordRaw[] = [
  {
    path: '/s/:token',
    name: 'survey',
    component: () => import('./views/SurveyView.vue'),
    props: true,
    meta: { public: true, participant: true },
  },
  {
    path: '/kode',
    name: 'survey-code',
    component: () => import('./views/CodeEntryView.vue'),
    meta: { public: true, participant: true },
  },
  {
    path: '/trekk',
    name: 'survey-withdraw',
    component: () => import('./views/WithdrawView.vue'),
    meta: { public: true, participant: true },
  },
  {
    path: '/tilgjengelighet',
    name: 'accessibility',
    component: () => import('./views/AccessibilityView.vue'),
    meta: { public: true, participant: true },
  },
];
