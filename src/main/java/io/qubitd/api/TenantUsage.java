package io.qubitd.api;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each tenant has submitted lately, against its rate quotas: circuits in the last minute
 * (sliding, by the second) and shots in the current UTC day. Each change is written behind, in order,
 * to a {@link Store}, and read back at start, so a restart does not reset a tenant's quotas.
 * Thread-safe.
 */
final class TenantUsage {
  private static final Logger LOG = LoggerFactory.getLogger(TenantUsage.class);

  /** Where usage survives restarts: one line of text per tenant. */
  interface Store {
    Map<String, String> loadAll();

    void save(String tenant, String usage);

    /** Keeps nothing: usage lives as long as the process. */
    Store NONE = new Store() {
      @Override public Map<String, String> loadAll() { return Map.of(); }

      @Override public void save(String tenant, String usage) {}
    };
  }

  private record Charge(long second, int circuits) {}

  private static final class Usage {
    final Deque<Charge> lastMinute = new ArrayDeque<>();
    int circuitsInMinute;
    LocalDate day;
    long shotsToday;

    String encode() {
      StringBuilder b = new StringBuilder().append(day).append(';').append(shotsToday).append(';');
      for (Charge c : lastMinute) b.append(c.second()).append(':').append(c.circuits()).append(',');
      return b.toString();
    }

    static Usage decode(String s) {
      String[] parts = s.split(";", -1);
      Usage u = new Usage();
      u.day = parts[0].equals("null") ? null : LocalDate.parse(parts[0]);
      u.shotsToday = Long.parseLong(parts[1]);
      for (String c : parts[2].split(",")) {
        if (c.isEmpty()) continue;
        int colon = c.indexOf(':');
        Charge charge = new Charge(Long.parseLong(c.substring(0, colon)), Integer.parseInt(c.substring(colon + 1)));
        u.lastMinute.addLast(charge);
        u.circuitsInMinute += charge.circuits();
      }
      return u;
    }
  }

  private final Clock clock;
  private final Store store;
  /** One thread: writes reach the store in the order the changes were made. */
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "qubitd-tenant-usage");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Usage> usage = new HashMap<>();

  TenantUsage(Clock clock) {
    this(clock, Store.NONE);
  }

  /** Starts from what {@code store} holds; a line that cannot be read counts as no usage. */
  TenantUsage(Clock clock, Store store) {
    this.clock = clock;
    this.store = store;
    store.loadAll().forEach((tenant, line) -> {
      try {
        usage.put(tenant, Usage.decode(line));
      } catch (RuntimeException e) {
        LOG.warn("tenant '{}': its saved usage '{}' cannot be read ({}); counting from zero", tenant, line, e.toString());
      }
    });
  }

  /**
   * Charges {@code circuits} and {@code shots} to {@code tenant} if both fit its quotas and returns null;
   * otherwise charges nothing and returns which quota refused.
   */
  synchronized String charge(Tenants.Tenant tenant, int circuits, long shots) {
    long second = clock.millis() / 1000;
    Usage u = usage.computeIfAbsent(tenant.name(), k -> new Usage());
    while (!u.lastMinute.isEmpty() && u.lastMinute.peekFirst().second() <= second - 60) {
      u.circuitsInMinute -= u.lastMinute.pollFirst().circuits();
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (!today.equals(u.day)) {
      u.day = today;
      u.shotsToday = 0;
    }
    Tenants.Quotas q = tenant.quotas();
    if (u.circuitsInMinute + circuits > q.circuitsPerMinute()) {
      return "tenant '" + tenant.name() + "' submitted " + u.circuitsInMinute + " circuits in the last minute; with "
          + circuits + " more it would pass its quota circuits-per-minute = " + q.circuitsPerMinute() + "; retry later";
    }
    if (u.shotsToday + shots > q.shotsPerDay()) {
      return "tenant '" + tenant.name() + "' submitted " + u.shotsToday + " shots today (UTC); with " + shots
          + " more it would pass its quota shots-per-day = " + q.shotsPerDay();
    }
    // charges of one second are one entry: a minute holds at most 60, whatever the rate
    Charge last = u.lastMinute.peekLast();
    if (last != null && last.second() == second) u.lastMinute.pollLast();
    u.lastMinute.addLast(new Charge(second, circuits + (last != null && last.second() == second ? last.circuits() : 0)));
    u.circuitsInMinute += circuits;
    u.shotsToday += shots;
    saveBehind(tenant.name(), u);
    return null;
  }

  /** Gives back a charge whose submission was refused after all. */
  synchronized void refund(Tenants.Tenant tenant, int circuits, long shots) {
    Usage u = usage.get(tenant.name());
    if (u == null) return;
    int left = circuits;
    var it = u.lastMinute.descendingIterator();
    Deque<Charge> kept = new ArrayDeque<>();
    while (it.hasNext() && left > 0) {
      Charge c = it.next();
      it.remove();
      int back = Math.min(left, c.circuits());
      left -= back;
      u.circuitsInMinute -= back;
      if (c.circuits() > back) kept.addFirst(new Charge(c.second(), c.circuits() - back));
    }
    kept.forEach(u.lastMinute::addLast);
    u.shotsToday = Math.max(0, u.shotsToday - shots);
    saveBehind(tenant.name(), u);
  }

  private void saveBehind(String tenant, Usage u) {
    String line = u.encode();
    writer.execute(() -> {
      try {
        store.save(tenant, line);
      } catch (RuntimeException e) {
        LOG.warn("tenant '{}': its usage could not be saved ({}); a restart now would forget the last charges", tenant,
            e.toString());
      }
    });
  }

  /** Waits until every change made so far is in the store (for tests and shutdown). */
  void flush() throws InterruptedException {
    var done = new java.util.concurrent.CountDownLatch(1);
    writer.execute(done::countDown);
    done.await();
  }
}
