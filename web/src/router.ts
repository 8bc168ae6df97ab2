import type { Client } from '@urql/vue';
import {
  createRouter,
  createWebHistory,
  type RouteLocationRaw,
  type Router,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router';
import { canAccess, type Access } from './access';
import { dashboardRoutes } from './dashboard/routes';
import { reportRoutes } from './report/routes';
import { designerRoutes } from './designer/routes';
import { exportsRoutes } from './exports/routes';
import { missingnessRoutes } from './missingness/routes';
import { roundsRoutes } from './rounds/routes';
import { surveyRoutes } from './survey/routes';

declare module 'vue-router' {
  interface RouteMeta {
    titleKey?:
      | 'projects.title'
      | 'signIn.title'
      | 'pending.title'
      | 'notFound.title'
      | 'forbidden.title'
      | 'nav.account'
      | 'nav.tokens'
      | 'nav.users'
      | 'nav.audit'
      | 'nav.user'
      | 'nav.twoFactorSetup';
    /** Open without signing in. */
    public?: boolean;
    /** Only for these users; others see the no-access page at the same address. */
    access?: Access;
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
    path: '/account',
    name: 'account',
    component: () => import('./views/AccountView.vue'),
    meta: { titleKey: 'nav.account' },
  },
  {
    path: '/tokens',
    name: 'tokens',
    component: () => import('./views/TokensView.vue'),
    meta: { titleKey: 'nav.tokens', access: 'researcher' },
  },
  { path: '/admin', redirect: { name: 'admin-users' } },
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('./views/AdminUsersView.vue'),
    meta: { titleKey: 'nav.users', access: 'admin' },
  },
  {
    path: '/admin/users/:id',
    name: 'admin-user',
    component: () => import('./views/AdminUserView.vue'),
    props: true,
    meta: { titleKey: 'nav.user', access: 'admin' },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('./views/AdminAuditView.vue'),
    meta: { titleKey: 'nav.audit', access: 'admin' },
  },
  {
    path: '/awaiting-approval',
    name: 'awaiting-approval',
    component: () => import('./views/AwaitingApprovalView.vue'),
    meta: { titleKey: 'pending.title' },
  },
  {
    // Where an admin who must use two-factor sign-in, and has not set it up, is kept until they have.
    path: '/two-factor-setup',
    name: 'two-factor-setup',
    component: () => import('./views/TwoFactorSetupView.vue'),
    meta: { titleKey: 'nav.twoFactorSetup' },
  },
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('./views/SignInView.vue'),
    meta: { titleKey: 'signIn.title', public: true },
  },
  ...dashboardRoutes,
  ...reportRoutes,
  ...designerRoutes,
  ...roundsRoutes,
  ...missingnessRoutes,
  ...exportsRoutes,
  ...surveyRoutes,
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue'),
    meta: { titleKey: 'notFound.title', public: true },
  },
  {
    // Reached only by name, from the guard, so that the address stays the one the user asked for.
    // Added after not-found, which therefore wins when an address is resolved.
    path: '/:pathMatch(.*)*',
    name: 'forbidden',
    component: () => import('./views/ForbiddenView.vue'),
    meta: { titleKey: 'forbidden.title' },
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

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Sends signed-out visitors of staff pages to the sign-in page, and back again afterwards; shows the
 * no-access page to those who may not use a page, at the address they asked for.
 */
export function installSessionGuard(router: Router, client: Client): void {
  router.beforeEach(async (to) => {
    // The staff frame (see App.vue) loads while the guard works, like the page itself below.
    if (!to.meta.participant) import('./components/AppLayout.vue').catch(() => undefined);
    if (to.meta.public && to.name !== 'sign-in') return true;
    if (to.name === 'forbidden') return true;
    // The page's code loads while the server is asked who is signed in, rather than after: one round trip less
    // before a staff page can show anything. (Vue Router loads it again on entering; the browser has it by then.)
    for (const record of to.matched) {
      const page = record.components?.['default'];
      // Every route here is lazy (`() => import(…)`); a loading failure shows when the router loads it for real.
      if (typeof page === 'function' && page.length === 0)
        Promise.resolve()
          .then(() => (page as () => unknown)())
          .catch(() => undefined);
    }
    // Loaded here, not with the entry: a participant's page never asks who is signed in (returned above).
    const { fetchViewer } = await import('./composables/useSession');
    const viewer = await fetchViewer(client);
    // When the server cannot be reached the page itself shows that, rather than a sign-in form that cannot work.
    if (viewer === 'unknown') return true;
    if (to.name === 'sign-in') return viewer ? safeRedirect(to.query['redirect']) : true;
    if (!viewer) return { name: 'sign-in', query: { redirect: to.fullPath } };
    // An account made by single sign-on has nothing to see until an admin approves it, except its own settings.
    if (viewer.pendingApproval && to.name !== 'awaiting-approval' && to.name !== 'account') {
      return { name: 'awaiting-approval', replace: true };
    }
    // The server allows such a session nothing else either; this spares the user pages that cannot work.
    if (viewer.twoFactor.setupOnly && to.name !== 'two-factor-setup') return { name: 'two-factor-setup' };
    if (!viewer.twoFactor.setupOnly && to.name === 'two-factor-setup') return { name: 'account' };
    if (to.meta.access && !canAccess(viewer, to.meta.access)) {
      return {
        name: 'forbidden',
        params: { pathMatch: to.path.split('/').slice(1).map(decodeSegment) },
        query: to.query,
        hash: to.hash,
        replace: true,
      };
    }
    return true;
  });
}
