import type { Operation } from '@urql/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../../router';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, dataResult, type MockReply } from '../../test/urql';
import RetentionReceiptView from './RetentionReceiptView.vue';

const receipt = {
  __typename: 'RetentionReceipt',
  runId: 'r1',
  projectName: 'Recoveryteamet',
  organisation: 'Eksempel kommune',
  reference: 'REK 2025/12345',
  action: 'DELETE',
  endsOn: '2027-12-31',
  startedAt: '2027-12-31T02:00:00.000Z',
  finishedAt: '2027-12-31T02:01:00.000Z',
  rounds: [{ __typename: 'RetentionReceiptRound', id: 'w1', label: 'Oppstart 2026' }],
  counts: [{ __typename: 'RetentionCount', kind: 'responsesDeleted', count: 12 }],
  exportsBefore: 0,
  digest: 'ab'.repeat(32),
  digestValid: true,
  text: 'Kvittering for sletting av forskningsdata\n- besvarelser slettet: 12\n',
};

async function setup(reply: (operation: Operation) => MockReply, locale?: 'nb' | 'en') {
  const { client, operations } = createMockClient(reply);
  const router = createAppRouter(createMemoryHistory());
  await router.push('/projects/p1/retention/receipt');
  const mounted = mountWithApp(RetentionReceiptView, { client, router, locale, props: { projectId: 'p1' } });
  await settle();
  return { ...mounted, operations };
}

describe('RetentionReceiptView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the receipt in the chosen language, with the digest checked and a .txt download', async () => {
    const { wrapper, operations } = await setup((operation) =>
      dataResult(operation, { retentionReceipt: receipt }),
    );
    expect(operations.map((o) => o.variables)).toEqual([{ projectId: 'p1', language: 'NB' }]);
    expect(wrapper.get('pre').text()).toContain('besvarelser slettet: 12');
    expect(wrapper.text()).toContain('Kontrollsummen stemmer med det som er lagret.');
    const link = wrapper.get('a[download]');
    expect(link.attributes('download')).toBe('verdi-retention-r1.txt');
    expect(decodeURIComponent(link.attributes('href')!)).toBe(
      `data:text/plain;charset=utf-8,${receipt.text}`,
    );
  });

  it('says there is no receipt before the run', async () => {
    const { wrapper, operations } = await setup(
      (operation) => dataResult(operation, { retentionReceipt: null }),
      'en',
    );
    expect(operations.map((o) => o.variables)).toEqual([{ projectId: 'p1', language: 'EN' }]);
    expect(wrapper.text()).toContain('There is no receipt yet');
  });
});
