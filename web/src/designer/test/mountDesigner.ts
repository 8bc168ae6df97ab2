import urql, { type Client } from '@urql/vue';
import { mount } from '@vue/test-utils';
import { h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { createAppI18n, type Locale } from '../../i18n';
import { settle } from '../../test/mount';
import { mergeFrameMessages } from '../../i18n/frame';
import en from '../i18n/en.json';
import nb from '../i18n/nb.json';
import nn from '../i18n/nn.json';
import { designerRoutes } from '../routes';

const Elsewhere = { render: () => h('h1', 'Elsewhere') };

/**
 * Opens a designer page at `path` the way the app does: through the router (so route props and leave guards
 * work), with the app's i18n and the given urql client. Attached to the document so that focus can be checked.
 */
export async function mountDesignerAt(path: string, options: { client: Client; locale?: Locale }) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [...designerRoutes, { path: '/:rest(.*)*', name: 'elsewhere', component: Elsewhere }],
  });
  await router.push(path);
  await router.isReady();
  const Root = () => h('main', [h(RouterView)]);
  const host = document.createElement('div');
  document.body.append(host);
  const wrapper = mount(Root, {
    global: { plugins: [frameI18n(options.locale ?? 'nb'), router, [urql, options.client]] },
    attachTo: host,
  });
  await settle();
  return { wrapper, router };
}

/** The app's i18n with the designer's messages, for mounting a designer component on its own. */
export function designerI18n(locale: Locale = 'nb') {
  const i18n = frameI18n(locale);
  i18n.global.mergeLocaleMessage('nb', nb);
  i18n.global.mergeLocaleMessage('nn', nn);
  i18n.global.mergeLocaleMessage('en', en);
  return i18n;
}

/** The app's i18n with the staff frame's texts, which the designer's pages find in the app. */
function frameI18n(locale: Locale) {
  const i18n = createAppI18n(locale);
  mergeFrameMessages(i18n.global);
  return i18n;
}
