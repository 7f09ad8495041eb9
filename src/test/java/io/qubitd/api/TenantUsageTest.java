package io.qubitd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tenant's per-minute and per-day counts survive a restart: a new TenantUsage reads them back from the journal's database. */
class TenantUsageTest {

  static final Tenants.Tenant ALICE = new Tenants.Tenant("alice", false,
      new Tenants.Quotas(100, 10, 1000, 1, 5, 1_000_000, 1L << 30));

  static Clock at(String instant) { return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC); }

  @Test
  void countsSurviveARestartThroughTheH2File(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("journal");
    var store = new JdbcTenantUsageStore(url, "", "");
    TenantUsage before = new TenantUsage(at("2026-12-04T10:00:00Z"), store);
    assertNull(before.charge(ALICE, 6, 400));
    assertNull(before.charge(ALICE, 3, 500));
    before.flush();
    store.close();

    // the same minute after a restart: 9 of 10 circuits used, 900 of 1000 shots
    TenantUsage after = new TenantUsage(at("2026-12-04T10:00:30Z"), new JdbcTenantUsageStore(url, "", ""));
    String refused = after.charge(ALICE, 2, 10);
    assertTrue(refused != null && refused.contains("circuits-per-minute = 10"), refused);
    refused = after.charge(ALICE, 1, 200);
    assertTrue(refused != null && refused.contains("shots-per-day = 1000"), refused);
    assertNull(after.charge(ALICE, 1, 100));

    after.flush();

    // a minute after the first charges their 9 circuits are free again (the one of 10:00:30 is not);
    // the day's 1,000 shots are spent until the next UTC day
    TenantUsage later = new TenantUsage(at("2026-12-04T10:01:05Z"), new JdbcTenantUsageStore(url, "", ""));
    assertTrue(later.charge(ALICE, 10, 0) != null, "the circuit of 10:00:30 is still in the minute");
    assertNull(later.charge(ALICE, 9, 0));
    TenantUsage sameDay = new TenantUsage(at("2026-12-04T23:00:00Z"), new JdbcTenantUsageStore(url, "", ""));
    assertTrue(sameDay.charge(ALICE, 1, 1) != null, "the day's 1,000 shots are spent");
    TenantUsage nextDay = new TenantUsage(at("2026-12-05T00:00:01Z"), new JdbcTenantUsageStore(url, "", ""));
    assertNull(nextDay.charge(ALICE, 1, 1000));
  }

  @Test
  void aRefundGivesBackCircuitsAndShots() throws Exception {
    Map<String, String> saved = new java.util.concurrent.ConcurrentHashMap<>();
    TenantUsage.Store store = new TenantUsage.Store() {
      @Override public Map<String, String> loadAll() { return Map.copyOf(saved); }

      @Override public void save(String tenant, String usage) { saved.put(tenant, usage); }
    };
    TenantUsage u = new TenantUsage(at("2026-12-04T10:00:00Z"), store);
    assertNull(u.charge(ALICE, 10, 1000));
    u.refund(ALICE, 4, 400);
    assertNull(u.charge(ALICE, 4, 400));
    assertTrue(u.charge(ALICE, 1, 0) != null);
    u.flush();
    assertEquals(1, saved.size());
  }
}
