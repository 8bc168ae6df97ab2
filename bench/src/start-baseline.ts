// The start-up floor for the bench: the embedded PostgreSQL (PGlite) opened on a directory, and a plain HTTP server
// answering each request with a query. `npm start` does this and more (migrations, demo data, GraphQL schema).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';

const dataDir = process.env.VERDI_DATA_DIR;
if (!dataDir) throw new Error('VERDI_DATA_DIR must name the directory of the embedded database');
const db = await PGlite.create(dataDir);
const server = http.createServer((_req, res) => {
  db.query<{ ok: number }>('select 1 as ok').then(
    (result) => res.end(JSON.stringify(result.rows[0])),
    (error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    },
  );
});
server.listen(0, '127.0.0.1', () => {
  console.log(`Baseline is running at http://localhost:${(server.address() as AddressInfo).port}`);
});
const stop = () => server.close(() => void db.close().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
