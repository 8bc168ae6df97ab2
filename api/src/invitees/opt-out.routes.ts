import express from 'express';
import { httpErrorOf } from '../common/errors.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';
import type { Throttle } from '../throttle/throttle.js';
import { optOut } from './invitation-mail.js';
import { optOutHashOf } from './links.js';

/**
 * `/mail/opt-out/:token`, the target of the mails' List-Unsubscribe header. A POST (RFC 8058 one-click, sent by the
 * mail client with `List-Unsubscribe=One-Click`) opts out and answers 200, for a token that names nobody as well, so
 * tokens cannot be probed. A GET changes nothing (mail scanners fetch every link): it sends the browser to the opt-out
 * page, `/u/:token`, whose button asks. Under the participant throttle's per-client limit.
 */
export function optOutRouter(orm: Orm, log: Logger, throttle: Throttle): express.Router {
  const router = express.Router();
  router.post('/opt-out/:token', async (req, res) => {
    try {
      await throttle.run('optOut', req.ip ?? null, {}, () =>
        optOut(orm.em.fork(), req.params.token, optOutHashOf),
      );
      res
        .status(200)
        .type('text')
        .send(
          'You will get no more reminders about this survey. / Du får ingen flere påminnelser om denne undersøkelsen.',
        );
    } catch (error) {
      const { status, body } = httpErrorOf(error, (unexpected) =>
        log.error({ err: unexpected }, 'opt-out failed'),
      );
      if (typeof body.retryAfterSeconds === 'number')
        res.setHeader('Retry-After', String(body.retryAfterSeconds));
      res.status(status).json(body);
    }
  });
  router.get('/opt-out/:token', (req, res) => {
    res.redirect(303, `/u/${encodeURIComponent(req.params.token)}`);
  });
  return router;
}
