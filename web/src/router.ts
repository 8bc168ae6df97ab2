import type { Client } from '@urql/vue';
import {
  createRouter,
  createWebHistory,
  type RouteLocationRaw,
  type Router,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router';
import { fetchViewer } from './composables/useSession';

declare module 'vue-router' {
  interface RouteMeta {
    titleKey?: 'projects.title' | 'signIn.title' | 'notFound.title';
    /** Open without signing in. */
    public?: boolean;
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: { name: 'projects' } },
  {
    path: '/projects',
    name: 'projects',
    component: () => import('./views/ProjectsView.vue'),
    meta: { titleKey: 'projects.title' },
  },
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('./views/SignInView.vue'),
    meta: { titleKey: 'signIn.title', public: true },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue'),
    meta: { titleKey: 'notFound.title', public: true },
  },
];

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  return createRouter({ history, routes });
}

/** Where to go after signing in: only a path inside the app, never another site. */
export function safeRedirect(value: unknown): RouteLocationRaw {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')
    ? value
    : { name: 'projects' };
}

/** Sends signed-out visitors of staff pages to the sign-in page, and back again afterwards. */
export function installSessionGuard(router: Router, client: Client): void {
  router.beforeEach(async (to) => {
    if (to.meta.public && to.name !== 'sign-in') return true;
    const viewer = await fetchViewer(client);
    // When the server cannot be reached the page itself shows that, rather than a sign-in form that cannot work.
    if (viewer === 'unknown') return true;
    if (to.name === 'sign-in') return viewer ? safeRedirect(to.query['redirect']) : true;
    if (!viewer) return { name: 'sign-in', query: { redirect: to.fullPath } };
    return true;
  });
}
