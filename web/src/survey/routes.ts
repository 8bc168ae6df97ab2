import type { RouteRecordRaw } from 'vue-router';
import { defaultLocale, readStoredLocale } from '../i18n';
import { loadSurveyTexts } from './i18n/languages';

declare module 'vue-router' {
  interface RouteMeta {
    /**
     * A participant's page: shown in its own frame (no staff menu), without asking the server who is signed in,
     * and loading nothing of the staff pages.
     */
    participant?: boolean;
  }
}

/**
 * A participant's page, loaded together with the survey's texts in the language chosen last time, so that it shows
 * in that language from the start. (If those cannot be loaded, it shows in bokmål, which the survey carries.)
 */
function page<T>(load: () => Promise<T>): () => Promise<T> {
  return () =>
    Promise.all([load(), loadSurveyTexts(readStoredLocale() ?? defaultLocale).catch(() => undefined)]).then(
      ([loaded]) => loaded,
    );
}

/** The participants' pages: public, no account, each loaded on demand. */
export const surveyRoutes: RouteRecordRaw[] = [
  {
    path: '/s/:token',
    // A personal link mailed to an invitee (`inv.…`), which the API takes in place of a link's token.
    alias: '/i/:token',
    name: 'survey',
    component: page(() => import('./views/SurveyView.vue')),
    props: true,
    meta: { public: true, participant: true },
  },
  {
    // The visible opt-out link in an invitation mail (`out.…`).
    path: '/u/:token',
    name: 'opt-out',
    component: page(() => import('./views/OptOutView.vue')),
    props: true,
    meta: { public: true, participant: true },
  },
  {
    path: '/kode',
    name: 'survey-code',
    component: page(() => import('./views/CodeEntryView.vue')),
    meta: { public: true, participant: true },
  },
  {
    path: '/trekk',
    name: 'survey-withdraw',
    component: page(() => import('./views/WithdrawView.vue')),
    meta: { public: true, participant: true },
  },
  {
    path: '/tilgjengelighet',
    name: 'accessibility',
    component: page(() => import('./views/AccessibilityView.vue')),
    meta: { public: true, participant: true },
  },
];
