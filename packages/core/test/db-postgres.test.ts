import { expect, it } from "vitest";
import { openDb } from "../src/db/open-db.js";
import { describeWithPostgres } from "../src/testing/describe-with-postgres.js";
import { freshPostgresDb } from "../src/testing/fresh-db.js";
import { defineDbContract, waitFor } from "./db-contract.js";

describeWithPostgres("Db on PostgreSQL", (adminUrl) => {
  // A pool of one connection: any state left behind by a failed statement would hit the next query.
  defineDbContract(async () => {
    const fresh = await freshPostgresDb(adminUrl, { migrate: false });
    const db = await openDb(fresh.url, { max: 1 });
    return {
      db,
      cleanup: async () => {
        await db.close();
        await fresh.cleanup();
      },
    };
  });
});

describeWithPostgres("LISTEN connection on PostgreSQL", (adminUrl) => {
  it("reconnects and listens again after the LISTEN connection is killed", async () => {
    const fresh = await freshPostgresDb(adminUrl, { migrate: false });
    try {
      const received: string[] = [];
      await fresh.db.listen("ops_reconnect_test", (payload) => received.push(payload));
      await fresh.db.notify("ops_reconnect_test", "before");
      await waitFor(() => received.includes("before"));
      const killed = await fresh.db.query<{ killed: boolean }>(
        `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
      );
      expect(killed.rows).toEqual([{ killed: true }]);
      // Notifications sent while reconnecting are lost (LISTEN has no backlog); keep sending until one lands.
      await waitFor(() => {
        void fresh.db.notify("ops_reconnect_test", "after").catch(() => undefined);
        return received.includes("after");
      }, 10_000);
    } finally {
      await fresh.cleanup();
    }
  });
});
