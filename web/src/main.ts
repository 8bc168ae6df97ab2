import urql from '@urql/vue';
import { createApp } from 'vue';
import App from './App.vue';
import { createApiClient } from './graphql/client';
import { createAppI18n } from './i18n';
import { createLazyAppRouter } from './appRouter';
import { installSessionGuard } from './sessionGuard';
import './styles/main.css';

const router = createLazyAppRouter();
const client = createApiClient({
  onUnauthenticated: () => {
    const current = router.currentRoute.value;
    if (current.name === 'sign-in') return;
    // A full page load, not a router push: it also drops every cached answer given to the old session.
    window.location.assign(router.resolve({ name: 'sign-in', query: { redirect: current.fullPath } }).href);
  },
});
installSessionGuard(router, client);

createApp(App).use(createAppI18n()).use(router).use(urql, client).mount('#app');
