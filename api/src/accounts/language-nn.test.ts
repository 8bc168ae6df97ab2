import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRetentionWarning } from '../mail/templates/retention-warning.js';
import { RetentionAction } from '../retention/retention-action.js';
import { makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { Language, User } from './user.entity.js';

let server: TestServer;
const em = () => server.db.orm.em.fork();

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('nynorsk as an account’s language', () => {
  it('is saved with the account and read back, and a language Verdi lacks is refused', async () => {
    const user = await makeUser(em());
    const client = server.client({ session: await makeSession(em(), user) });
    const saved = await client.graphql<{ updateMe: { language: string } }>(
      'mutation { updateMe(input: { language: NN }) { language } }',
    );
    expect(saved.body.errors).toBeUndefined();
    expect(saved.body.data!.updateMe.language).toBe('NN');
    expect((await em().findOneOrFail(User, { id: user.id })).language).toBe(Language.NN);

    const refused = await client.graphql('mutation { updateMe(input: { language: SE }) { language } }');
    expect(refused.body.errors?.[0]?.message).toMatch(/SE/);
    expect((await em().findOneOrFail(User, { id: user.id })).language).toBe(Language.NN);
  });

  it('gives staff mails in nynorsk', () => {
    const mail = renderRetentionWarning({
      language: 'nn',
      project: 'Eksempelprosjekt',
      endsOn: '2027-12-31',
      action: RetentionAction.DELETE,
      daysLeft: 7,
      reference: 'REK 2025/1',
      projectUrl: null,
    });
    expect(mail.text).toMatch(/ikkje|blir/);
    expect(mail.text).toContain('31. desember 2027');
  });
});
