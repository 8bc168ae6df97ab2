import type { RouteRecordRaw } from 'vue-router';
import { dashboardRoutes } from './dashboard/routes';
import { designerRoutes } from './designer/routes';
import { exportsRoutes } from './exports/routes';
import { missingnessRoutes } from './missingness/routes';
import { reportRoutes } from './report/routes';
import { retentionRoutes } from './retention/routes';
import { roundsRoutes } from './rounds/routes';

/** Every page that is not a participant's, loaded with the first of them (see `appRouter.ts`). */
export const staffRoutes: RouteRecordRaw[] = [
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
  ...retentionRoutes,
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
