import type { Client } from '@urql/vue';
import type { RouteLocationRaw, Router } from 'vue-router';
import { canAccess } from './access';

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
